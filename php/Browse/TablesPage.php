<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * One page of a snapshot's tables, sorted by name (byte order), with what the record says of the
 * whole database: tables left out (another install's, listed as foreign), objects skipped, the moment
 * the copy stands for, whether it is one moment, and whether it counted each table's rows.
 */
final class TablesPage
{
    /**
     * @param list<TableInfo> $tables
     * @param string|null $next the name to ask for the next page after; null on the last page
     * @param array<string, string> $leftOut table => why
     * @param array<string, string> $skipped table, view or trigger => why
     */
    public function __construct(
        public readonly bool $hasDatabase,
        public readonly array $tables,
        public readonly ?string $next,
        public readonly array $leftOut,
        public readonly array $skipped,
        public readonly ?float $moment,
        public readonly ?bool $consistent,
        public readonly bool $rowCounts = false,
    ) {
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return [
            'has_database' => $this->hasDatabase,
            'tables'       => array_map(static fn (TableInfo $table): array => $table->toArray(), $this->tables),
        ] + JsonText::nullable('next', $this->next) + [
            'left_out'     => (object) $this->leftOut,
            'skipped'      => (object) $this->skipped,
            'moment'       => $this->moment,
            'consistent'   => $this->consistent,
            'row_counts'   => $this->rowCounts,
        ];
    }
}
