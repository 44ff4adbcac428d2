<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** How far staging a snapshot's files has come, in manifest entries. */
final class StageProgress
{
    public function __construct(
        public readonly int $entriesDone,
        public readonly int $bytesThisStep,
        public readonly bool $complete,
    ) {
    }
}
