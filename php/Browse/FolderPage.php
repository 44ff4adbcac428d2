<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/** One page of a folder's direct contents, sorted by name (byte order). */
final class FolderPage
{
    /**
     * @param string $folder "" for the top of the site
     * @param list<FolderItem> $items
     * @param string|null $next the name to ask for the next page after; null on the last page
     */
    public function __construct(
        public readonly string $folder,
        public readonly array $items,
        public readonly ?string $next,
    ) {
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return JsonText::field('folder', $this->folder)
            + ['items' => array_map(static fn (FolderItem $item): array => $item->toArray(), $this->items)]
            + JsonText::nullable('next', $this->next);
    }
}
