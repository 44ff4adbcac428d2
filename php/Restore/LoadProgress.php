<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** How far loading a snapshot's database has come, in chunks of its SQL stream. */
final class LoadProgress
{
    /**
     * @param list<string> $leftAlone the target's tables (another install's, or listed as foreign) whose
     *                                statements this step skipped: the backup's copy of them is not loaded
     */
    public function __construct(
        public readonly int $chunksDone,
        public readonly int $chunksTotal,
        public readonly int $bytesThisStep,
        public readonly bool $complete,
        public readonly array $leftAlone = [],
    ) {
    }
}
