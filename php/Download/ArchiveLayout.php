<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/**
 * Where things lie in a snapshot's archive, worked out from its manifest and the compressed
 * database without reading any file's content (file entries are stored: their size is the size
 * the manifest records).
 */
final class ArchiveLayout
{
    public function __construct(
        /** The archive's exact size in bytes. */
        public readonly int $size,
        /** Where the central directory begins, and where it ends (the end records follow). */
        public readonly int $centralOffset,
        public readonly int $centralEnd,
        /** manifest.json: its size and CRC-32, so a request past it need not send it. */
        public readonly int $manifestBytes,
        public readonly int $manifestCrc,
        /** How many stored chunks the files' content comes from (ChunkChecksums numbers them). */
        public readonly int $chunks,
    ) {
    }
}
