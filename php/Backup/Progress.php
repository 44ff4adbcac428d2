<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/** A backup's progress as shown on screen. */
final class Progress
{
    public const PHASE_FILES = 'files';
    public const PHASE_READY = 'ready';

    public function __construct(
        public readonly string $id,
        public readonly string $phase,
        public readonly int $unitsDone,
        public readonly ?int $unitsTotal,
        public readonly int $bytesRead,
        public readonly int $bytesNew,
        public readonly string $currentFolder,
    ) {
    }

    public function isReady(): bool
    {
        return self::PHASE_READY === $this->phase;
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return get_object_vars($this);
    }
}
