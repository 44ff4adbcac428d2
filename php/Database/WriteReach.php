<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * What a statement on one object writes besides it: the tables a trigger on a table names, the tables
 * a view reads (an INSERT into a view writes them), the tables whose foreign keys cascade from a
 * table. A journal names the objects the statements named; this widens that to every table they can
 * have reached. Stored routines and events write without any statement naming their tables, so a
 * database that has any is not left to the journal at all (read() gives null).
 */
final class WriteReach
{
    /** @param array<string, list<string>> $edges lower-case name => tables (as named) it reaches directly */
    private function __construct(private readonly array $edges)
    {
    }

    /** @param list<string> $tables the site's tables */
    public static function read(Connection $db, array $tables): ?self
    {
        $code = (int) $db->fetchValue('SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()')
            + (int) $db->fetchValue('SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()');
        if ($code > 0) {
            return null;
        }
        $edges = [];
        $bodies = [];
        foreach ($db->fetchAll('SELECT EVENT_OBJECT_TABLE AS t, ACTION_STATEMENT AS b FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()') as $row) {
            $bodies[] = [(string) $row['t'], (string) $row['b']];
        }
        $targets = $tables;
        foreach ($db->fetchAll('SELECT TABLE_NAME AS t, VIEW_DEFINITION AS b FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()') as $row) {
            $bodies[] = [(string) $row['t'], (string) $row['b']];
            // A view may read another view.
            $targets[] = (string) $row['t'];
        }
        foreach ($bodies as [$from, $body]) {
            foreach ($targets as $table) {
                if (self::names($body, $table)) {
                    $edges[strtolower($from)][] = $table;
                }
            }
        }
        $rows = $db->fetchAll(
            'SELECT REFERENCED_TABLE_NAME AS p, TABLE_NAME AS c FROM information_schema.REFERENTIAL_CONSTRAINTS'
            . ' WHERE CONSTRAINT_SCHEMA = DATABASE()'
        );
        foreach ($rows as $row) {
            $edges[strtolower((string) $row['p'])][] = (string) $row['c'];
        }

        return new self($edges);
    }

    /**
     * The tables among $tables that $reading says may have been written, directly or through what those
     * writes reach.
     *
     * @param list<string> $tables
     * @return array<string, true>
     */
    public function written(JournalReading $reading, array $tables): array
    {
        $written = [];
        $queue = [];
        foreach (array_merge($tables, array_keys($this->edges)) as $name) {
            if ($reading->mayHaveWritten($name)) {
                $queue[] = $name;
            }
        }
        $seen = [];
        while ($queue !== []) {
            $name = (string) array_pop($queue);
            $lower = strtolower($name);
            if (isset($seen[$lower])) {
                continue;
            }
            $seen[$lower] = true;
            $written[$lower] = true;
            foreach ($this->edges[$lower] ?? [] as $next) {
                $queue[] = $next;
            }
        }
        $result = [];
        foreach ($tables as $table) {
            if (isset($written[strtolower($table)])) {
                $result[$table] = true;
            }
        }

        return $result;
    }

    /** Whether $body names $table (quoted or not, in any case): a superset, never a miss. */
    private static function names(string $body, string $table): bool
    {
        if (stripos($body, $table) === false) {
            return false;
        }

        return 1 === preg_match('/(?<![A-Za-z0-9_$])' . preg_quote($table, '/') . '(?![A-Za-z0-9_$])/i', $body);
    }
}
