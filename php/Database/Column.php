<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** One column of a table as information_schema describes it. */
final class Column
{
    public function __construct(
        public readonly string $name,
        public readonly string $dataType,
        public readonly string $columnType,
        public readonly bool $nullable,
        public readonly bool $generated,
    ) {
    }

    public function kind(): ValueKind
    {
        return ValueKind::forDataType($this->dataType);
    }

    public function isInteger(): bool
    {
        return in_array(strtolower($this->dataType), ['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint'], true);
    }

    /**
     * Whether `col > literal` agrees with ORDER BY col for this column. Not for
     * ENUM/SET (sorted by index, compared as text), BIT, NULLs or generated columns.
     */
    public function canPageBy(): bool
    {
        return !$this->nullable && !$this->generated
            && !in_array(strtolower($this->dataType), ['enum', 'set', 'bit'], true)
            && $this->kind() !== ValueKind::Float;
    }

    /**
     * The values an integer column can hold (capped to PHP's integers). Range
     * bounds are clamped to these: MariaDB clips an out-of-range constant, so
     * `int_col >= 2147483648` would match 2147483647.
     *
     * @return array{int, int}
     */
    public function integerBounds(): array
    {
        $bits = match (strtolower($this->dataType)) {
            'tinyint' => 8,
            'smallint' => 16,
            'mediumint' => 24,
            'int', 'integer' => 32,
            default => 64,
        };
        if ($this->isUnsigned()) {
            return [0, $bits === 64 ? PHP_INT_MAX : (1 << $bits) - 1];
        }

        return $bits === 64 ? [PHP_INT_MIN, PHP_INT_MAX] : [-(1 << ($bits - 1)), (1 << ($bits - 1)) - 1];
    }

    public function isUnsigned(): bool
    {
        return str_contains(strtolower($this->columnType), 'unsigned');
    }

    /** The expression to SELECT so that the text value loads back to the identical stored value. */
    public function selectExpression(): string
    {
        $quoted = Identifier::quote($this->name);

        if (strtolower($this->dataType) === 'bit') {
            // BIT comes back as raw bytes or a number depending on the client library; `+ 0` is always a number.
            return '(' . $quoted . ' + 0)';
        }

        // The server prints FLOAT with 6 digits (16777215 becomes 16777200); as DOUBLE it prints all 17.
        return $this->kind() === ValueKind::Float ? 'CAST(' . $quoted . ' AS DOUBLE)' : $quoted;
    }

    /** A deterministic ORDER BY term: byte order for strings, so 'a' and 'A' never tie. */
    public function orderExpression(): string
    {
        $quoted = Identifier::quote($this->name);

        return $this->kind() === ValueKind::Text ? 'CAST(' . $quoted . ' AS BINARY)' : $quoted;
    }
}
