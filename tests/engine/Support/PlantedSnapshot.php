<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Plants snapshots in a store as a backup written by someone else would arrive (a bucket anyone
 * with its keys can write to): manifest lines of the test's choosing, stored as pieces (ordinary
 * objects, cut where PieceWriter cuts) and named by a published record, exactly like the store's own.
 */
final class PlantedSnapshot
{
    /**
     * Publishes a record whose files manifest is $lines, in the order given.
     * @param list<Entry|string> $lines entries, or raw lines for what an Entry cannot say
     * @param array<string, mixed> $meta
     * @param array<string, array{pieces: list<string>, chunks: int, bytes: int, notes: array<string, mixed>}> $sources
     * @param string|null $id an id to publish under (an existing one is replaced), else a new one
     */
    public static function publish(
        BackupStore $store,
        array $lines,
        array $meta = [],
        array $sources = [],
        ?string $id = null,
        ?string $parentId = null,
    ): SnapshotRecord {
        $record = new SnapshotRecord(
            $id ?? SnapshotId::generate(),
            $parentId,
            $meta + ['environment' => 'production', 'status' => 'complete', 'started_at' => time()],
            self::pieces($store, $lines),
            $sources,
        );
        $store->snapshots()->publish($record);
        return $record;
    }

    /**
     * A copy of a real snapshot (its metadata and database kept) with its manifest edited.
     * @param callable(list<Entry>): list<Entry|string> $edit
     */
    public static function tampered(BackupStore $store, string $id, callable $edit): SnapshotRecord
    {
        $record  = $store->snapshots()->load($id);
        $entries = iterator_to_array((new SnapshotReader($store))->entries($id), false);
        return self::publish($store, $edit($entries), $record->meta, $record->sources, null, $record->parentId);
    }

    /**
     * A real snapshot's entries with $added put where PathOrder puts them, as a careful forger would.
     * @param list<Entry> $entries
     * @param list<Entry> $added
     * @return list<Entry>
     */
    public static function inPathOrder(array $entries, array $added): array
    {
        $all = array_merge($entries, $added);
        usort($all, static fn (Entry $a, Entry $b): int => PathOrder::compare($a->path, $b->path));
        return $all;
    }

    /** A file entry whose content is stored as an object, so that a restore could really write it. */
    public static function file(BackupStore $store, string $path, string $contents, int $mode = 0644, int $mtime = 1_700_000_000): Entry
    {
        $hash = $store->objects()->put($contents)->hash;
        return new Entry($path, Entry::FILE, size: strlen($contents), mode: $mode, mtime: $mtime, chunks: [$hash]);
    }

    public static function folder(string $path, int $mode = 0755, int $mtime = 1_700_000_000): Entry
    {
        return new Entry($path, Entry::DIR, mode: $mode, mtime: $mtime);
    }

    public static function symlink(string $path, string $target, int $mtime = 1_700_000_000): Entry
    {
        return new Entry($path, Entry::SYMLINK, mode: 0777, mtime: $mtime, target: $target);
    }

    /**
     * @param list<Entry|string> $lines
     * @return list<string> piece hashes
     */
    private static function pieces(BackupStore $store, array $lines): array
    {
        $pieces = [];
        $piece  = '';
        foreach ($lines as $line) {
            $json   = $line instanceof Entry ? $line->toJson() : $line;
            $piece .= $json . "\n";
            $key    = $line instanceof Entry ? $line->path : $json;
            if (PieceWriter::isBoundary($key)) {
                $pieces[] = $store->objects()->put($piece, true)->hash;
                $piece    = '';
            }
        }
        if ('' !== $piece) {
            $pieces[] = $store->objects()->put($piece, true)->hash;
        }
        return $pieces;
    }
}
