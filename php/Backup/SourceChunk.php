<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/** What a source reports after writing one chunk. */
final class SourceChunk
{
    /**
     * @param string $label what the chunk belongs to (e.g. a table name), shown by verify
     * @param array<string, mixed>|null $next the cursor of the next chunk, null when the source is done
     * @param array<string, mixed> $notes merged (top-level keys replaced) into the notes kept in the snapshot,
     *                                    handed back to start() next time (e.g. per-table hints)
     * @param int|null $unitsTotal how many units of work the source expects in all, when it knows (for progress)
     * @param int|null $unitsDone how many of those are done after this chunk (null: count chunks)
     */
    public function __construct(
        public readonly string $label,
        public readonly ?array $next,
        public readonly array $notes = [],
        public readonly ?int $unitsTotal = null,
        public readonly ?int $unitsDone = null,
    ) {
    }
}
