<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** How far loading a snapshot's database has come, in chunks of its SQL stream and in tables. */
final class LoadProgress
{
    /**
     * @param list<string> $leftAlone the target's tables (another install's, or listed as foreign) whose
     *                                statements this step skipped: the backup's copy of them is not loaded
     * @param int $tablesDone the tables all of whose chunks are loaded
     * @param int $tablesTotal the tables the restore loads (with a scope, those of it the backup holds)
     */
    public function __construct(
        public readonly int $chunksDone,
        public readonly int $chunksTotal,
        public readonly int $bytesThisStep,
        public readonly bool $complete,
        public readonly array $leftAlone = [],
        public readonly int $tablesDone = 0,
        public readonly int $tablesTotal = 0,
    ) {
    }
}
