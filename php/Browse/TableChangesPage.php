<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/** One page of the tables that differ between two snapshots, sorted by name (byte order). */
final class TableChangesPage
{
    /**
     * @param list<TableChange> $changes
     * @param string|null $next the name to ask for the next page after; null on the last page
     */
    public function __construct(public readonly array $changes, public readonly ?string $next)
    {
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return ['changes' => array_map(static fn (TableChange $change): array => $change->toArray(), $this->changes)]
            + JsonText::nullable('next', $this->next);
    }
}
