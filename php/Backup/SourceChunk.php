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
     * @param string|null $contentKey a key the source guarantees determines the chunk's bytes; the runner keeps it in
     *                                the chunk list and hands the parent's to start() as notes["chunk_objects"]
     *                                (key => [hash, size]; a note key the source must not use itself)
     * @param string|null $reuseHash  nothing was written: the chunk is this existing object (of $reuseSize plain bytes)
     * @param int $pass a source that reads some parts again (a catch-up pass) numbers them: when the source is done,
     *                  the runner keeps, of each label, only the chunks of the last pass that wrote that label
     * @param bool $finishInSlice the next chunk should follow in this same step even past its time budget (a source's
     *                            last chance to finish a pass under one read view); the runner keeps going until false
     */
    public function __construct(
        public readonly string $label,
        public readonly ?array $next,
        public readonly array $notes = [],
        public readonly ?int $unitsTotal = null,
        public readonly ?int $unitsDone = null,
        public readonly ?string $contentKey = null,
        public readonly ?string $reuseHash = null,
        public readonly int $reuseSize = 0,
        public readonly int $pass = 0,
        public readonly bool $finishInSlice = false,
    ) {
    }
}
