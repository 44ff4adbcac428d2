<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/** One started source's units done, and in all when the source knows (never fewer than done). */
final class SourceProgress
{
    public function __construct(
        public readonly int $done,
        public readonly ?int $total,
    ) {
    }

    /** @return array{done: int, total: int|null} */
    public function toArray(): array
    {
        return ['done' => $this->done, 'total' => $this->total];
    }
}
