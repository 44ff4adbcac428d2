<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/** Reads columns and chooses the paging key of a table. */
final class TableSchemaReader
{
    public function __construct(private readonly Connection $connection)
    {
    }

    /** @throws TableNotFoundException */
    public function read(string $table): TableSchema
    {
        $columns = $this->columns($table);
        if ($columns === []) {
            throw new TableNotFoundException($table);
        }
        [$strategy, $key] = $this->chooseKey($table, $columns);

        return new TableSchema($table, $columns, $strategy, $key);
    }

    /** @return list<Column> */
    private function columns(string $table): array
    {
        $name = $this->connection->quote($table);
        // The plain equality lets the server open only this table; BINARY makes it case-exact.
        $rows = $this->connection->fetchAll(
            'SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, EXTRA, IS_GENERATED'
            . ' FROM information_schema.COLUMNS'
            . " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {$name} AND BINARY TABLE_NAME = {$name}"
            . ' ORDER BY ORDINAL_POSITION'
        );
        $columns = [];
        foreach ($rows as $row) {
            $extra = strtoupper((string) $row['EXTRA']);
            $columns[] = new Column(
                (string) $row['COLUMN_NAME'],
                (string) $row['DATA_TYPE'],
                (string) $row['COLUMN_TYPE'],
                $row['IS_NULLABLE'] === 'YES',
                $row['IS_GENERATED'] === 'ALWAYS' || str_contains($extra, 'GENERATED'),
            );
        }

        return $columns;
    }

    /**
     * The primary key if there is one, else the narrowest unique key whose
     * columns are all NOT NULL (NULLs would break keyset comparisons), else none.
     *
     * @param list<Column> $columns
     * @return array{ChunkStrategy, list<string>}
     */
    private function chooseKey(string $table, array $columns): array
    {
        $byName = [];
        foreach ($columns as $column) {
            $byName[$column->name] = $column;
        }
        $keys = [];
        $unusable = [];
        foreach ($this->connection->fetchAll('SHOW INDEX FROM ' . Identifier::quote($table)) as $row) {
            $keyName = (string) $row['Key_name'];
            $column = $byName[(string) $row['Column_name']] ?? null;
            if ($row['Non_unique'] !== '0' || $column === null || !$column->canPageBy() || $row['Sub_part'] !== null) {
                // Prefix parts and columns that cannot be compared like they sort cannot drive keyset paging.
                $unusable[$keyName] = true;
            }
            $keys[$keyName][(int) $row['Seq_in_index']] = (string) $row['Column_name'];
        }
        $candidates = [];
        foreach ($keys as $keyName => $parts) {
            if (!isset($unusable[$keyName])) {
                ksort($parts);
                $candidates[(string) $keyName] = array_values($parts);
            }
        }
        if ($candidates === []) {
            return [ChunkStrategy::Scan, []];
        }
        if (isset($candidates['PRIMARY'])) {
            $key = $candidates['PRIMARY'];
        } else {
            uksort($candidates, static fn (string $a, string $b): int => [count($candidates[$a]), $a] <=> [count($candidates[$b]), $b]);
            $key = reset($candidates);
        }
        if (count($key) === 1 && $byName[$key[0]]->isInteger()) {
            return [ChunkStrategy::Range, $key];
        }

        return [ChunkStrategy::Keyset, $key];
    }
}
