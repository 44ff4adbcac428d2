<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * What the dumper needs to know about one table: its dumpable columns and the
 * key it pages by.
 */
final class TableSchema
{
    /**
     * @param list<Column> $columns all columns in table order
     * @param list<string> $keyColumns the key used for paging (empty for Scan)
     */
    public function __construct(
        public readonly string $table,
        public readonly array $columns,
        public readonly ChunkStrategy $strategy,
        public readonly array $keyColumns,
    ) {
    }

    /**
     * Columns that go into INSERT statements: generated columns are left out
     * (the server computes them and refuses explicit values).
     *
     * @return list<Column>
     */
    public function dumpColumns(): array
    {
        return array_values(array_filter($this->columns, static fn (Column $c): bool => !$c->generated));
    }

    /** @return list<int> positions of the key columns within dumpColumns() */
    public function keyPositions(): array
    {
        $names = array_map(static fn (Column $c): string => $c->name, $this->dumpColumns());

        return array_map(static fn (string $k): int => (int) array_search($k, $names, true), $this->keyColumns);
    }

    /** @return list<Column> */
    public function keyColumnObjects(): array
    {
        $byName = [];
        foreach ($this->columns as $column) {
            $byName[$column->name] = $column;
        }

        return array_map(static fn (string $k): Column => $byName[$k], $this->keyColumns);
    }

    /**
     * Fingerprint of the dumped shape and paging key, stored in the cursor so a resumed dump
     * notices an ALTER TABLE made between two requests.
     */
    public function fingerprint(): string
    {
        $parts = ['key ' . implode(',', $this->keyColumns)];
        foreach ($this->dumpColumns() as $column) {
            $parts[] = $column->name . ' ' . $column->columnType;
        }

        return substr(hash('sha256', implode("\n", $parts)), 0, 16);
    }
}
