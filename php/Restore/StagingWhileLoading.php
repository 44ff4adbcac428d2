<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/**
 * Stages a restore's files one entry at a time while the database server loads rows
 * (Connection::whileWaiting()): on a machine whose PHP would otherwise wait for each insert, the
 * files are written in that time instead of after the database.
 */
final class StagingWhileLoading
{
    private ?StageProgress $progress = null;

    /** @param \Generator<int, StageProgress, mixed, StageProgress> $staging FilesRestore::staging() */
    public function __construct(private readonly \Generator $staging)
    {
    }

    /** Stages one more entry; false once every entry is staged. */
    public function stageOne(): bool
    {
        if (null === $this->progress) {
            $this->staging->current(); // starts the generator: stages the first entry
        } else {
            $this->staging->next();
        }
        if (!$this->staging->valid()) {
            $this->progress = $this->staging->getReturn();
            return false;
        }
        $this->progress = $this->staging->current();
        return true;
    }

    /** How far staging came, or null when not an entry was staged. */
    public function progress(): ?StageProgress
    {
        return $this->progress;
    }
}
