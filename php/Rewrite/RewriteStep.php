<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

/** What one time slice of a database rewrite returns. */
final class RewriteStep
{
    /** @param array<string, mixed>|null $cursor pass to the next step(); null when every table is done */
    public function __construct(
        public readonly ?array $cursor,
        public readonly RewriteCounts $totals,
    ) {
    }

    public function isDone(): bool
    {
        return $this->cursor === null;
    }
}
