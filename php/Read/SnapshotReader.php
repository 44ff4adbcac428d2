<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Read;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\ContentHash;
use SiteBackups\Engine\Store\StoreException;

/** Reads a published snapshot back: its file entries, and each source's chunks as one byte stream. */
final class SnapshotReader
{
    public function __construct(private readonly BackupStore $store)
    {
    }

    public function record(string $id): SnapshotRecord
    {
        return $this->store->snapshots()->load($id);
    }

    /** @return \Generator<int, Entry> in manifest order, one piece in memory at a time */
    public function entries(string $id): \Generator
    {
        $reader = new PieceReader($this->store->objects(), $this->record($id)->filePieces);
        foreach ($reader->lines() as $line) {
            yield Entry::fromJson($line);
        }
    }

    /** @return \Generator<int, SourceChunkRef> */
    public function sourceChunks(string $id, string $key): \Generator
    {
        $record = $this->record($id);
        if (!isset($record->sources[$key])) {
            throw new StoreException("Snapshot $id has no \"$key\".");
        }
        yield from self::chunkRefs((new PieceReader($this->store->objects(), $record->sourcePieces($key)))->lines());
    }

    /**
     * Writes a source's chunks, concatenated, to $out (for the database: the SQL stream).
     * Every chunk is verified against its hash on the way.
     * @param resource $out
     * @return int bytes written
     */
    public function streamSource(string $id, string $key, $out): int
    {
        $total = 0;
        foreach ($this->sourceChunks($id, $key) as $chunk) {
            $total += $this->store->objects()->copyTo($chunk->hash, $out);
        }
        return $total;
    }

    /**
     * @param iterable<string> $hashes
     * @param resource $out
     */
    public function streamObjects(iterable $hashes, $out): int
    {
        $total = 0;
        foreach ($hashes as $hash) {
            $total += $this->store->objects()->copyTo(ContentHash::assertValid($hash), $out);
        }
        return $total;
    }

    /**
     * @param iterable<string> $lines lines of a source's chunk list
     * @return \Generator<int, SourceChunkRef>
     */
    public static function chunkRefs(iterable $lines): \Generator
    {
        foreach ($lines as $line) {
            $data = json_decode($line, true, 4, JSON_THROW_ON_ERROR);
            $key  = $data['key'] ?? null;
            yield new SourceChunkRef(
                (string) ($data['label'] ?? ''),
                ContentHash::assertValid($data['hash'] ?? null),
                (int) ($data['size'] ?? 0),
                is_string($key) ? $key : null
            );
        }
    }
}
