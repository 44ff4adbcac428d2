<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/**
 * Something besides files that a snapshot holds, produced as a sequence of chunks (the database
 * is the first: the concatenated chunks are its SQL stream). The runner stores each chunk as a
 * content-addressed object, lists it in the snapshot, and persists the cursor after it, so a
 * source must be deterministic: the same cursor writes the same chunk again after a crash.
 */
interface SnapshotSource
{
    /** Stable name, the key of this source in snapshot records (e.g. "database"); [a-z0-9_-]+. */
    public function key(): string;

    /**
     * The first cursor, or null when there is nothing to write.
     * @param array<string, mixed> $parentNotes the notes this source left in the parent snapshot (hints)
     * @return array<string, mixed>|null JSON-serialisable
     */
    public function start(array $parentNotes): ?array;

    /**
     * Writes exactly one chunk to $out (keep chunks to a few MB) and says what comes next.
     * @param array<string, mixed> $cursor
     * @param resource $out
     */
    public function writeNextChunk(array $cursor, $out): SourceChunk;
}
