<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** How a column's values are written as SQL literals. */
enum ValueKind: string
{
    /** Integers, DECIMAL and BIT (selected as a number): the server's exact text, bare. */
    case Number = 'number';
    /** FLOAT/DOUBLE: read as DOUBLE (17 digits round-trip), written bare. */
    case Float = 'float';
    /** BINARY/VARBINARY/BLOB/geometry: hex literal, immune to charset conversion. */
    case Binary = 'binary';
    /** Everything else (text, dates, JSON, ENUM, ...): an escaped utf8mb4 string. */
    case Text = 'text';

    public static function forDataType(string $dataType): self
    {
        return match (strtolower($dataType)) {
            'tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'bit' => self::Number,
            'float', 'double', 'real', 'double precision' => self::Float,
            'binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob',
            'geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring',
            'multipolygon', 'geometrycollection' => self::Binary,
            default => self::Text,
        };
    }

    public function encode(?string $value): string
    {
        if ($value === null) {
            return 'NULL';
        }

        return match ($this) {
            self::Number, self::Float => $value,
            self::Binary => SqlLiteral::binary($value),
            self::Text => SqlLiteral::string($value),
        };
    }
}
