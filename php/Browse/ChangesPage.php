<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/** One page of the paths that differ between two snapshots, in manifest order (a folder, then its contents). */
final class ChangesPage
{
    /**
     * @param list<FileChange> $changes
     * @param string|null $next the path to ask for the next page after; null on the last page
     */
    public function __construct(public readonly array $changes, public readonly ?string $next)
    {
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return ['changes' => array_map(static fn (FileChange $change): array => $change->toArray(), $this->changes)]
            + JsonText::nullable('next', $this->next);
    }
}
