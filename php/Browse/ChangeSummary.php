<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * What changed between two snapshots, in a few numbers: files and links added, changed and removed
 * per part of the site (folders are not counted: their contents are), PHP files that appeared in the
 * uploads folder (the first PHP_PATHS_SHOWN of them named), and tables added, changed and removed.
 * $bytesAdded counts the new size of added files and the growth of changed ones; $bytesRemoved the
 * reverse.
 */
final class ChangeSummary
{
    public const PHP_PATHS_SHOWN = 20;

    /**
     * @param list<AreaCounts> $areas sorted by area
     * @param list<string> $phpInUploadsPaths
     */
    public function __construct(
        public readonly array $areas,
        public readonly int $added,
        public readonly int $changed,
        public readonly int $removed,
        public readonly int $phpInUploads,
        public readonly array $phpInUploadsPaths,
        public readonly int $tablesAdded,
        public readonly int $tablesChanged,
        public readonly int $tablesRemoved,
    ) {
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        $paths = [];
        foreach ($this->phpInUploadsPaths as $path) {
            $paths[] = JsonText::field('path', $path);
        }
        return [
            'areas'          => array_map(static fn (AreaCounts $area): array => $area->toArray(), $this->areas),
            'added'          => $this->added,
            'changed'        => $this->changed,
            'removed'        => $this->removed,
            'php_in_uploads' => ['count' => $this->phpInUploads, 'paths' => $paths],
            'tables'         => [
                'added'   => $this->tablesAdded,
                'changed' => $this->tablesChanged,
                'removed' => $this->tablesRemoved,
            ],
        ];
    }
}
