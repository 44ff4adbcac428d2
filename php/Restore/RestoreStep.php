<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** What one slice of a restore returns: the state to keep, its progress, and what to log. */
final class RestoreStep
{
    /**
     * @param list<string> $log what happened worth a line in the job's log
     * @param array{files?: array{done: int, total: int|null}, tables?: array{done: int, total: int|null}} $counts
     *        what the restore has counted in the units people know, when this step knows it: the entries of
     *        the files restored and the tables loaded (a step that says none leaves the last ones standing)
     */
    public function __construct(
        public readonly RestoreState $state,
        public readonly int $done = 0,
        public readonly ?int $total = null,
        public readonly int $bytes = 0,
        public readonly array $log = [],
        public readonly bool $finished = false,
        public readonly array $counts = [],
    ) {
    }

    /** The phase the progress is in: the state's. */
    public function phase(): string
    {
        return $this->state->phase->value;
    }
}
