<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** What one slice of a restore returns: the state to keep, its progress, and what to log. */
final class RestoreStep
{
    /** @param list<string> $log what happened worth a line in the job's log */
    public function __construct(
        public readonly RestoreState $state,
        public readonly int $done = 0,
        public readonly ?int $total = null,
        public readonly int $bytes = 0,
        public readonly array $log = [],
        public readonly bool $finished = false,
    ) {
    }

    /** The phase the progress is in: the state's. */
    public function phase(): string
    {
        return $this->state->phase->value;
    }
}
