<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Rewrite;

use SiteBackups\Engine\Database\ChunkStrategy;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\TableNotFoundException;
use SiteBackups\Engine\Database\TableSchemaReader;

/**
 * Reads what the rewriter needs about a table. The paging key is the one the
 * dumper uses (the primary key, else a NOT NULL unique key). Columns of any
 * unique index are not rewritten: like the paging key they identify rows, and
 * a rewritten value could collide with an existing one.
 */
final class RewriteTableReader
{
    public function __construct(private readonly Connection $connection)
    {
    }

    /**
     * @return RewriteTable|null null for a view (only tables hold rows of their own)
     * @throws TableNotFoundException
     */
    public function read(string $table): ?RewriteTable
    {
        $name = $this->connection->quote($table);
        $type = $this->connection->fetchValue(
            'SELECT TABLE_TYPE FROM information_schema.TABLES'
            . " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {$name} AND BINARY TABLE_NAME = {$name}"
        );
        if ($type === null) {
            throw new TableNotFoundException($table);
        }
        if (!in_array($type, ['BASE TABLE', 'SYSTEM VERSIONED'], true)) {
            return null;
        }
        $schema = (new TableSchemaReader($this->connection))->read($table);
        $details = $this->columnDetails($table);
        $unique = $this->uniqueColumns($table);
        $columns = [];
        $autoUpdated = [];
        foreach ($schema->dumpColumns() as $column) {
            $detail = $details[$column->name] ?? [];
            if (str_contains(strtolower((string) ($detail['EXTRA'] ?? '')), 'on update')) {
                $autoUpdated[] = $column->name;
            }
            if (!isset($unique[$column->name]) && RewriteColumn::canHoldText($column)) {
                $isCharType = in_array(strtolower($column->dataType), ['char', 'varchar'], true);
                $columns[] = new RewriteColumn(
                    $column,
                    $isCharType ? self::number($detail['CHARACTER_MAXIMUM_LENGTH'] ?? null) : null,
                    $isCharType ? null : self::number($detail['CHARACTER_OCTET_LENGTH'] ?? null),
                );
            }
        }

        return new RewriteTable(
            $table,
            $schema->strategy === ChunkStrategy::Scan ? [] : $schema->keyColumnObjects(),
            $columns,
            $schema->dumpColumns(),
            $autoUpdated,
        );
    }

    /** @return array<string, array<string, string|null>> column name => information_schema row */
    private function columnDetails(string $table): array
    {
        $name = $this->connection->quote($table);
        $details = [];
        foreach (
            $this->connection->fetchAll(
                'SELECT COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, EXTRA'
                . ' FROM information_schema.COLUMNS'
                . " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {$name} AND BINARY TABLE_NAME = {$name}"
            ) as $row
        ) {
            $details[(string) $row['COLUMN_NAME']] = $row;
        }

        return $details;
    }

    /** @return array<string, true> */
    private function uniqueColumns(string $table): array
    {
        $columns = [];
        foreach ($this->connection->fetchAll('SHOW INDEX FROM ' . Identifier::quote($table)) as $row) {
            if ($row['Non_unique'] === '0') {
                $columns[(string) $row['Column_name']] = true;
            }
        }

        return $columns;
    }

    private static function number(?string $value): ?int
    {
        return $value === null || !ctype_digit($value) ? null : (int) $value;
    }
}
