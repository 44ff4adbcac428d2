<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Browse;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Publishes a snapshot whose files manifest comes from a generator, cut into pieces where the
 * backup's PieceWriter cuts them (after a path whose crc32 ends in a zero byte), without ever holding
 * the entries: so a manifest of hundreds of thousands of paths costs seconds and little memory.
 */
final class StreamedSnapshot
{
	/**
	 * @param iterable<Entry> $entries in PathOrder
	 * @param array<string, array{pieces: list<string>, chunks: int, bytes: int, notes: array<string, mixed>}> $sources
	 */
	public static function publish(BackupStore $store, iterable $entries, array $sources = []): SnapshotRecord
	{
		$pieces = [];
		$piece  = '';
		foreach ($entries as $entry) {
			$piece .= $entry->toJson() . "\n";
			if (PieceWriter::isBoundary($entry->path) || strlen($piece) >= PieceWriter::DEFAULT_CAP) {
				$pieces[] = $store->objects()->put($piece, true)->hash;
				$piece    = '';
			}
		}
		if ('' !== $piece) {
			$pieces[] = $store->objects()->put($piece, true)->hash;
		}
		$record = new SnapshotRecord(
			SnapshotId::generate(),
			null,
			['environment' => 'production', 'status' => 'complete', 'started_at' => time()],
			$pieces,
			$sources,
		);
		$store->snapshots()->publish($record);
		return $record;
	}

	/**
	 * A database chunk list as DatabaseSource writes one: a header, each label's chunks, the tail.
	 * @param list<array{0: string, 1: string}> $chunks label and content of each chunk between
	 * @return array{pieces: list<string>, chunks: int, bytes: int, notes: array<string, mixed>}
	 */
	public static function database(BackupStore $store, array $chunks, array $notes = []): array
	{
		$lines  = [];
		$bytes  = 0;
		$stored = [];
		foreach (array_merge([['header', '-- header']], $chunks, [['views, triggers', '-- tail']]) as [$label, $content]) {
			$hash    = $stored[$content] ??= $store->objects()->put($content)->hash; // each put syncs: once per content
			$lines[] = json_encode(['label' => $label, 'hash' => $hash, 'size' => strlen($content)], JSON_THROW_ON_ERROR);
			$bytes  += strlen($content);
		}
		$pieces = [];
		foreach (array_chunk($lines, 40) as $group) {
			$pieces[] = $store->objects()->put(implode("\n", $group) . "\n", true)->hash;
		}
		return ['pieces' => $pieces, 'chunks' => count($lines), 'bytes' => $bytes, 'notes' => $notes];
	}
}
