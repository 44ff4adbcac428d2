<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** How far loading a snapshot's database has come, in chunks of its SQL stream. */
final class LoadProgress
{
    public function __construct(
        public readonly int $chunksDone,
        public readonly int $chunksTotal,
        public readonly int $bytesThisStep,
        public readonly bool $complete,
    ) {
    }
}
