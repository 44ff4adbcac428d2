<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/** How far copying a snapshot to (or from) the bucket has come, in references of the snapshot. */
final class TransferProgress
{
    public function __construct(
        public readonly int $done,
        public readonly int $objectsMoved,
        public readonly int $bytesMoved,
        public readonly bool $complete,
    ) {
    }
}
