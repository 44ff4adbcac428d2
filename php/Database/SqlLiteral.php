<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Pure, connection-independent literal encoding. Being pure keeps the dump
 * byte-identical whatever the connection state, and makes it testable alone.
 * Assumes utf8mb4 text and a server without NO_BACKSLASH_ESCAPES (the dump
 * header sets the SQL mode).
 */
final class SqlLiteral
{
    private const ESCAPES = [
        '\\' => '\\\\',
        "'" => "\\'",
        "\0" => '\\0',
        "\n" => '\\n',
        "\r" => '\\r',
        "\x1a" => '\\Z',
    ];

    public static function string(string $value): string
    {
        return "'" . strtr($value, self::ESCAPES) . "'";
    }

    /** Binary data as a hex literal: immune to any character set conversion. */
    public static function binary(string $value): string
    {
        return $value === '' ? "''" : '0x' . bin2hex($value);
    }

    /**
     * True if $literal is exactly one literal as written by this class (or a bare
     * number). Used to validate key values read back from a persisted cursor.
     */
    public static function isLiteral(string $literal): bool
    {
        return preg_match('/\A(?:-?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|0x[0-9a-f]+|\'(?:[^\'\\\\]|\\\\.)*\')\z/s', $literal) === 1;
    }
}
