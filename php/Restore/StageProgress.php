<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** How far staging a snapshot's files has come, in manifest entries. */
final class StageProgress
{
    /**
     * @param int $entriesDone the manifest's entries passed, the next step's start
     * @param int $stagedThisStep the entries of the paths restored that this step staged (what
     *                            FilesRestore::checkPaths() counts in all)
     */
    public function __construct(
        public readonly int $entriesDone,
        public readonly int $bytesThisStep,
        public readonly bool $complete,
        public readonly int $stagedThisStep = 0,
    ) {
    }
}
