<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use InvalidArgumentException;

/** Size knobs of the dump. The defaults suit a 128 MB PHP on a shared host. */
final class DumpOptions
{
    /**
     * @param int $maxStatementBytes cap of one INSERT statement, well under max_allowed_packet
     *                               (a single larger row still gets its own statement)
     * @param int $targetChunkBytes  the chunk size range widths and cut moduli aim at
     * @param int $maxChunkBytes     hard cap of one chunk, so one unit of work stays short
     * @param int $pageRows          rows per keyset page read from the server
     */
    public function __construct(
        public readonly int $maxStatementBytes = 512 * 1024,
        public readonly int $targetChunkBytes = 64 * 1024,
        public readonly int $maxChunkBytes = 8 * 1024 * 1024,
        public readonly int $pageRows = 1000,
    ) {
        if ($maxStatementBytes < 1024 || $targetChunkBytes < 1024 || $maxChunkBytes < $targetChunkBytes || $pageRows < 1) {
            throw new InvalidArgumentException('Invalid dump size options.');
        }
    }
}
