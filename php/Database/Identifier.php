<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Backtick quoting of identifiers, the one form every statement the dumper
 * writes uses, so that the loader can recognise names without parsing SQL.
 */
final class Identifier
{
    /** Regex fragment matching one backtick-quoted identifier (with `` escapes). */
    public const PATTERN = '`(?:[^`]|``)+`';

    public static function quote(string $name): string
    {
        return '`' . str_replace('`', '``', $name) . '`';
    }

    public static function unquote(string $quoted): string
    {
        return str_replace('``', '`', substr($quoted, 1, -1));
    }
}
