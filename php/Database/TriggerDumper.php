<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * Writes a trigger without DEFINER, under its own SQL mode, wrapped in a
 * DELIMITER block: a BEGIN...END body contains `;`, and DELIMITER is the one
 * form both the `mariadb` client and SqlStatementReader split unambiguously.
 */
final class TriggerDumper
{
    public function __construct(private readonly Connection $connection)
    {
    }

    /** @throws TableNotFoundException when the trigger is gone */
    public function dump(TriggerRef $trigger): string
    {
        $row = $this->connection->fetchRow(
            'SELECT ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT, SQL_MODE'
            . ' FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'
            . ' AND TRIGGER_NAME = ' . $this->connection->quote($trigger->name)
            . ' AND BINARY TRIGGER_NAME = ' . $this->connection->quote($trigger->name)
        );
        if ($row === null) {
            throw new TableNotFoundException($trigger->table);
        }
        $create = 'CREATE TRIGGER ' . Identifier::quote($trigger->name) . ' '
            . $row['ACTION_TIMING'] . ' ' . $row['EVENT_MANIPULATION'] . ' ON ' . Identifier::quote($trigger->table)
            . ' FOR EACH ROW ' . $row['ACTION_STATEMENT'];
        $delimiter = self::delimiterFor($create);
        $sql = 'DELIMITER ' . $delimiter . "\n" . $create . $delimiter . "\n" . "DELIMITER ;\n";
        $mode = (string) $row['SQL_MODE'];
        if ($mode === Connection::SESSION_SQL_MODE) {
            return $sql;
        }

        // The body is parsed (and later runs) under the mode it was created with, e.g. ANSI_QUOTES.
        return 'SET SESSION SQL_MODE = ' . SqlLiteral::string($mode) . ";\n"
            . $sql
            . "SET SESSION SQL_MODE = '" . Connection::SESSION_SQL_MODE . "';\n";
    }

    /** A delimiter that does not occur in the statement. */
    private static function delimiterFor(string $statement): string
    {
        foreach ([';;', '$$', '//', ';;;', '$$$'] as $candidate) {
            if (!str_contains($statement, $candidate)) {
                return $candidate;
            }
        }

        return '$$' . substr(hash('sha256', $statement), 0, 8) . '$$';
    }
}
