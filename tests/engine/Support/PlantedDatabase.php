<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;

/**
 * Tampers with a published snapshot's database the way someone who can write its bucket would:
 * new chunk objects with a consistent chunk list and record, so every hash still checks out.
 */
final class PlantedDatabase
{
	/**
	 * Rewrites the SQL of the chunks $edit changes.
	 * @param \Closure(string $label, string $sql, int $index): string $edit returns the chunk's new SQL
	 */
	public static function edit(BackupStore $store, string $id, \Closure $edit): void
	{
		$record = $store->snapshots()->load($id);
		$reader = new PieceReader($store->objects(), $record->sourcePieces(Repository::DATABASE));
		$parts  = $store->tempDir() . '/planted-' . bin2hex(random_bytes(4));
		$writer = new PieceWriter($store->objects(), $parts);
		$index  = 0;
		$bytes  = 0;
		foreach ($reader->lines() as $line) {
			$chunk = json_decode($line, true, 4, JSON_THROW_ON_ERROR);
			$sql   = $store->objects()->readSmall((string) $chunk['hash']);
			$new   = $edit((string) $chunk['label'], $sql, $index++);
			if ($new !== $sql) {
				$stored = $store->objects()->put($new);
				$chunk  = ['label' => $chunk['label'], 'hash' => $stored->hash, 'size' => $stored->plainBytes];
			}
			$bytes += (int) $chunk['size'];
			$writer->append(json_encode($chunk, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), (string) $chunk['label']);
		}
		$sources = $record->sources;
		$sources[Repository::DATABASE]['pieces'] = $writer->finish();
		$sources[Repository::DATABASE]['bytes']  = $bytes;
		$writer->close();
		Durable::removeTree($parts);
		$store->snapshots()->publish(new SnapshotRecord($record->id, $record->parentId, $record->meta, $record->filePieces, $sources));
	}

	/** Adds $sql to the chunk of the first table whose name starts with $table (its schema chunk). */
	public static function intoTable(BackupStore $store, string $id, string $table, string $sql): void
	{
		$done = false;
		self::edit($store, $id, static function (string $label, string $chunk) use ($table, $sql, &$done): string {
			if ($done || !str_starts_with($label, $table)) {
				return $chunk;
			}
			$done = true;
			return $chunk . $sql;
		});
		if (!$done) {
			throw new \LogicException("No chunk of $table to plant into.");
		}
	}

	/** Adds $sql to the last chunk (views, triggers and the footer), before the footer. */
	public static function intoTail(BackupStore $store, string $id, string $sql): void
	{
		$last = -1;
		self::edit($store, $id, static function (string $label, string $chunk, int $index) use (&$last): string {
			$last = $index;
			return $chunk;
		});
		self::edit($store, $id, static function (string $label, string $chunk, int $index) use ($last, $sql): string {
			if ($index !== $last) {
				return $chunk;
			}
			$footer = strpos($chunk, 'SET SQL_NOTES = @OLD_SQL_NOTES;');
			return false === $footer ? $chunk . $sql : substr($chunk, 0, $footer) . $sql . substr($chunk, $footer);
		});
	}
}
