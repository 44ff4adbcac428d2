<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * The tables of a prefix that one SQL statement may write, told from its text without running it:
 * what the write journal notes before WordPress sends a statement. Always a superset: a statement
 * that reads only gives none, a write gives every name of the prefix it holds before its values (or
 * in all of it when that part names none), and a statement whose effect cannot be told from its text
 * (CALL, EXECUTE, DO, HANDLER, anything unknown) gives JournalReading::ANY.
 */
final class WrittenTables
{
    /** Statements that never write a table's rows or definition. */
    private const READS = [
        'SELECT', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'HELP', 'USE', 'SET', 'BEGIN', 'START', 'COMMIT',
        'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'LOCK', 'UNLOCK', 'ANALYZE', 'CHECK', 'CHECKSUM', 'FLUSH', 'KILL',
        'DEALLOCATE', 'PREPARE', 'GET', 'RESET', 'PURGE', 'BINLOG',
    ];
    /** Statements that write the tables they name. */
    private const WRITES = [
        'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'TRUNCATE', 'ALTER', 'CREATE', 'DROP', 'RENAME', 'OPTIMIZE',
        'REPAIR', 'LOAD', 'WITH', 'IMPORT', 'DISCARD',
    ];
    /** Where a statement's values begin: table names come before. */
    private const VALUES_START = '/[\'"]|\b(?:VALUES?|SET|SELECT|WHERE)\b/i';
    private const NAME = '/`((?:[^`]|``)+)`|(?<![A-Za-z0-9_$\x80-\xff])([A-Za-z0-9_$\x80-\xff]+)/';

    /** @return list<string> the names of the prefix the statement may write, or [JournalReading::ANY] */
    public static function of(string $statement, string $prefix): array
    {
        $start = self::start($statement);
        if ($start === null) {
            return [JournalReading::ANY];
        }
        if ($statement[$start] === '(') {
            return []; // (SELECT ...)
        }
        $verb = strtoupper((string) preg_replace('/[^A-Za-z].*\z/s', '', substr($statement, $start, 12)));
        if (in_array($verb, self::READS, true)) {
            return [];
        }
        if (!in_array($verb, self::WRITES, true)) {
            return [JournalReading::ANY];
        }
        $rest = substr($statement, $start);
        $head = preg_match(self::VALUES_START, $rest, $match, PREG_OFFSET_CAPTURE) ? substr($rest, 0, (int) $match[0][1]) : $rest;

        return self::names($head, $prefix) ?: self::names($rest, $prefix);
    }

    /** Where the statement's first word begins, after blanks and comments; null when it cannot be told (an executable comment). */
    private static function start(string $statement): ?int
    {
        $at = 0;
        $length = strlen($statement);
        while ($at < $length) {
            $at += strspn($statement, " \t\r\n\f", $at);
            if (substr($statement, $at, 3) === '/*!' || substr($statement, $at, 3) === '/*M') {
                return null;
            }
            if (substr($statement, $at, 2) === '/*') {
                $end = strpos($statement, '*/', $at + 2);
                if ($end === false) {
                    return null;
                }
                $at = $end + 2;
            } elseif ($statement[$at] === '#' || substr($statement, $at, 3) === '-- ') {
                $end = strpos($statement, "\n", $at);
                if ($end === false) {
                    return null;
                }
                $at = $end + 1;
            } else {
                return $at;
            }
        }

        return null;
    }

    /** @return list<string> */
    private static function names(string $sql, string $prefix): array
    {
        if ($prefix === '' || stripos($sql, $prefix) === false) {
            return [];
        }
        preg_match_all(self::NAME, $sql, $matches, PREG_SET_ORDER | PREG_UNMATCHED_AS_NULL);
        $names = [];
        foreach ($matches as $match) {
            $name = $match[2] ?? str_replace('``', '`', (string) $match[1]);
            if (strncasecmp($name, $prefix, strlen($prefix)) === 0) {
                $names[$name] = true;
            }
        }

        return array_keys($names);
    }
}
