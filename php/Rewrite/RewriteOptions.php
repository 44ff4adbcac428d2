<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

use InvalidArgumentException;

/** How much one database round trip of a rewrite may take on. */
final class RewriteOptions
{
    /**
     * @param int $windowRows rows of a keyed table scanned per window (in key order), matching or not
     * @param int $batchBytes text fetched into memory at once (at least one row, however large)
     */
    public function __construct(
        public readonly int $windowRows = 1000,
        public readonly int $batchBytes = 4 * 1024 * 1024,
    ) {
        if ($windowRows < 1 || $batchBytes < 1) {
            throw new InvalidArgumentException('Rewrite windows and batches must be positive.');
        }
    }
}
