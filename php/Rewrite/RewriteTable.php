<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

use SiteBackups\Engine\Database\Column;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\SqlLiteral;
use SiteBackups\Engine\Database\ValueKind;

/** One table as the rewriter sees it, and the SQL it runs on it. */
final class RewriteTable
{
    /** Longer values are matched by length and MD5 in a keyless UPDATE, to keep the statement small. */
    private const INLINE_MATCH_BYTES = 256;
    private const STRING_TYPES = ['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set'];

    /**
     * @param list<Column> $keyColumns the primary (or NOT NULL unique) key; empty when there is none usable
     * @param list<RewriteColumn> $columns the columns rewritten
     * @param list<Column> $storedColumns every column that is not generated, in table order
     * @param list<string> $autoUpdated columns with ON UPDATE CURRENT_TIMESTAMP, kept as they are
     */
    public function __construct(
        public readonly string $name,
        public readonly array $keyColumns,
        public readonly array $columns,
        public readonly array $storedColumns,
        private readonly array $autoUpdated,
    ) {
    }

    public function isKeyed(): bool
    {
        return $this->keyColumns !== [];
    }

    public function quotedName(): string
    {
        return Identifier::quote($this->name);
    }

    /**
     * Rows where a rewritable column contains one of the needles.
     *
     * @param list<string> $needles
     */
    public function matchCondition(array $needles): string
    {
        $terms = [];
        foreach ($this->columns as $column) {
            foreach ($needles as $needle) {
                $terms[] = $column->containsCondition($needle);
            }
        }

        return '(' . implode(' OR ', $terms) . ')';
    }

    /** Bytes of the rewritable columns of a row, to size what is fetched at once. */
    public function sizeExpression(): string
    {
        $lengths = array_map(
            static fn (RewriteColumn $c): string => 'COALESCE(LENGTH(' . $c->quotedName() . '), 0)',
            $this->columns,
        );

        return implode(' + ', $lengths);
    }

    /** The key columns aliased k0, k1, ... */
    public function keySelect(): string
    {
        $parts = [];
        foreach ($this->keyColumns as $i => $key) {
            $parts[] = Identifier::quote($key->name) . ' AS k' . $i;
        }

        return implode(', ', $parts);
    }

    /** The rewritable columns aliased c0, c1, ... */
    public function columnSelect(): string
    {
        $parts = [];
        foreach ($this->columns as $i => $column) {
            $parts[] = $column->quotedName() . ' AS c' . $i;
        }

        return implode(', ', $parts);
    }

    /** Every stored column aliased r0, r1, ..., read so that it compares back equal. */
    public function rowSelect(): string
    {
        $parts = [];
        foreach ($this->storedColumns as $i => $column) {
            $parts[] = $column->selectExpression() . ' AS r' . $i;
        }

        return implode(', ', $parts);
    }

    /** @return list<int> where each rewritable column sits in storedColumns */
    public function columnPositions(): array
    {
        $names = array_map(static fn (Column $c): string => $c->name, $this->storedColumns);

        return array_map(
            static fn (RewriteColumn $c): int => (int) array_search($c->column->name, $names, true),
            $this->columns,
        );
    }

    public function keyOrder(): string
    {
        return implode(', ', array_map([Identifier::class, 'quote'], $this->keyNames()));
    }

    /**
     * @param array<int, string> $assignments rewritable column index => new value
     * @param list<string> $keyLiterals
     */
    public function updateByKey(array $assignments, array $keyLiterals): string
    {
        return 'UPDATE ' . $this->quotedName() . ' SET ' . $this->setClause($assignments)
            . ' WHERE ' . KeysetCondition::equals($this->keyColumns, $keyLiterals);
    }

    /**
     * A table without a key: the row is found by every stored value, exactly
     * (byte for byte, not by collation). Identical rows are interchangeable, so
     * LIMIT 1 updates one of them and the next UPDATE the next.
     *
     * @param array<int, string> $assignments rewritable column index => new value
     * @param list<string|null> $row stored column values as read by rowSelect()
     */
    public function updateByRow(array $assignments, array $row): string
    {
        $terms = [];
        foreach ($this->storedColumns as $i => $column) {
            $terms[] = self::sameValue($column, $row[$i] ?? null);
        }

        return 'UPDATE ' . $this->quotedName() . ' SET ' . $this->setClause($assignments)
            . ' WHERE ' . implode(' AND ', $terms) . ' LIMIT 1';
    }

    /** @param array<int, string> $assignments */
    private function setClause(array $assignments): string
    {
        $parts = [];
        foreach ($assignments as $index => $value) {
            $parts[] = $this->columns[$index]->quotedName() . ' = ' . $this->columns[$index]->literal($value);
        }
        foreach ($this->autoUpdated as $name) {
            // Assigning the column itself stops the server from stamping the time of the rewrite.
            $parts[] = Identifier::quote($name) . ' = ' . Identifier::quote($name);
        }

        return implode(', ', $parts);
    }

    /** @return list<string> */
    private function keyNames(): array
    {
        return array_map(static fn (Column $c): string => $c->name, $this->keyColumns);
    }

    private static function sameValue(Column $column, ?string $value): string
    {
        $expression = $column->selectExpression();
        if ($value === null) {
            return $expression . ' IS NULL';
        }
        $quoted = Identifier::quote($column->name);
        $short = strlen($value) <= self::INLINE_MATCH_BYTES;
        if ($column->kind() === ValueKind::Binary) {
            return $short
                ? 'CAST(' . $quoted . ' AS BINARY) = ' . SqlLiteral::binary($value)
                : 'LENGTH(' . $quoted . ') = ' . strlen($value) . ' AND MD5(' . $quoted . ") = '" . md5($value) . "'";
        }
        if (in_array(strtolower($column->dataType), self::STRING_TYPES, true)) {
            // The column's own collation may call 'a' and 'A' (or 'a' and 'a ') equal.
            return $short
                ? $quoted . ' = ' . SqlLiteral::string($value) . ' COLLATE utf8mb4_nopad_bin'
                : 'CHAR_LENGTH(' . $quoted . ') = ' . mb_strlen($value, 'UTF-8')
                    . ' AND MD5(CONVERT(' . $quoted . " USING utf8mb4)) = '" . md5($value) . "'";
        }

        return $expression . ' = ' . $column->kind()->encode($value);
    }
}
