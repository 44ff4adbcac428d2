<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/**
 * A backup's progress as shown on screen. unitsDone/unitsTotal count the phase's own units (the
 * files phase's entries, a source's units); filesDone/filesTotal count the files phase whatever
 * the phase, and sources each started source's units, so that the screen can say both at once.
 */
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
        public readonly int $filesDone = 0,
        public readonly ?int $filesTotal = null,
        /** @var array<string, SourceProgress> by source key */
        public readonly array $sources = [],
    ) {
    }

    public function isReady(): bool
    {
        return self::PHASE_READY === $this->phase;
    }

    /** @return array<string, mixed> sources as array{done: int, total: int|null} by key */
    public function toArray(): array
    {
        $data            = get_object_vars($this);
        $data['sources'] = array_map(static fn (SourceProgress $units): array => $units->toArray(), $this->sources);
        return $data;
    }
}
