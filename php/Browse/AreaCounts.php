<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/** How many files and links of one part of the site (SiteArea) were added, changed and removed. */
final class AreaCounts
{
    public function __construct(
        public readonly string $area,
        public readonly int $added,
        public readonly int $changed,
        public readonly int $removed,
        public readonly int $bytesAdded,
        public readonly int $bytesRemoved,
    ) {
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return JsonText::field('area', $this->area) + [
            'added'         => $this->added,
            'changed'       => $this->changed,
            'removed'       => $this->removed,
            'bytes_added'   => $this->bytesAdded,
            'bytes_removed' => $this->bytesRemoved,
        ];
    }
}
