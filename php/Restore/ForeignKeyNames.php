<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\Identifier;

/**
 * The names of a restore's foreign keys. InnoDB's constraint names are unique per database, so a
 * table loaded beside the live one holds each foreign key under a staged name (`sbtmp_` + its name),
 * referencing the loaded tables. RENAME TABLE carries the references along (InnoDB follows a renamed
 * table) and gives back the names InnoDB makes itself (`<table>_ibfk_<n>` follows its table); after
 * the switch, settle() takes the names from the old tables and gives them back to the restored ones.
 */
final class ForeignKeyNames
{
    private const MAX_NAME = 64;
    private const RULES = ['CASCADE', 'SET NULL', 'NO ACTION'];

    public function __construct(private readonly Connection $db)
    {
    }

    /**
     * The name a foreign key has while its table is loaded beside the live one.
     *
     * @param \Closure(string): bool $isLive says whether a table is one of the site's live tables
     * @throws DatabaseException when the name is too long, or a table that is not the site's has it
     */
    public function staged(string $name, \Closure $isLive): string
    {
        $staged = DatabaseRestore::TMP . $name;
        if (strlen($staged) > self::MAX_NAME) {
            throw new DatabaseException(
                sprintf('The foreign key name `%s` is too long to be restored beside the live one.', $name)
            );
        }
        foreach ($this->tablesHolding($name) as $table) {
            if (!$isLive($table)) {
                throw new DatabaseException(sprintf(
                    'The foreign key `%s` of the backup has the name of a constraint of `%s`, not the site\'s.',
                    $name,
                    $table,
                ));
            }
        }

        return $staged;
    }

    /**
     * After the switch: drops the foreign keys of the old tables (which hold the names), then gives
     * every restored foreign key its own name again. Run with foreign key checks off (nothing is
     * checked again); repeating it does no harm.
     *
     * @param \Closure(string): bool $isOld says whether a table is one of the site's set aside
     * @param \Closure(string): bool $isLive says whether a table is one of the site's live tables
     */
    public function settle(\Closure $isOld, \Closure $isLive): void
    {
        $byTable = [];
        $staged = false;
        foreach ($this->constraints() as $row) {
            $byTable[(string) $row['TABLE_NAME']][] = $row;
            $staged = $staged || str_starts_with((string) $row['CONSTRAINT_NAME'], DatabaseRestore::TMP);
        }
        if (!$staged) {
            return; // Nothing to give back: no foreign keys, or only names InnoDB gave back itself.
        }
        foreach ($byTable as $table => $constraints) {
            $table = (string) $table;
            if ($isOld($table)) {
                $drops = array_map(
                    static fn (array $row): string => 'DROP FOREIGN KEY '
                        . Identifier::quote((string) $row['CONSTRAINT_NAME']),
                    $constraints
                );
                $this->db->execute('ALTER TABLE ' . Identifier::quote($table) . ' ' . implode(', ', $drops));
            }
        }
        foreach ($byTable as $table => $constraints) {
            $table = (string) $table;
            if (!$isLive($table)) {
                continue;
            }
            $changes = [];
            foreach ($constraints as $row) {
                $name = (string) $row['CONSTRAINT_NAME'];
                if (str_starts_with($name, DatabaseRestore::TMP)) {
                    $changes[] = 'DROP FOREIGN KEY ' . Identifier::quote($name);
                    $changes[] = 'ADD ' . $this->definition($table, $row, substr($name, strlen(DatabaseRestore::TMP)));
                }
            }
            if ($changes !== []) {
                $this->db->execute('ALTER TABLE ' . Identifier::quote($table) . ' ' . implode(', ', $changes));
            }
        }
    }

    /** @return list<string> the tables holding a constraint of that name */
    private function tablesHolding(string $name): array
    {
        return array_map(
            static fn (array $row): string => (string) $row['TABLE_NAME'],
            $this->db->fetchAll(
                'SELECT TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()'
                . ' AND CONSTRAINT_NAME = ' . $this->db->quote($name)
            )
        );
    }

    /** @return list<array<string, string|null>> */
    private function constraints(): array
    {
        return $this->db->fetchAll(
            'SELECT TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE'
            . ' FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()'
            . ' ORDER BY TABLE_NAME, CONSTRAINT_NAME'
        );
    }

    /**
     * The constraint as SHOW CREATE TABLE would write it, under its own name (RESTRICT, the
     * default, is left unsaid, as the server does).
     *
     * @param array<string, string|null> $row
     */
    private function definition(string $table, array $row, string $name): string
    {
        $columns = $this->db->fetchAll(
            'SELECT COLUMN_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE'
            . ' WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ' . $this->db->quote($table)
            . ' AND CONSTRAINT_NAME = ' . $this->db->quote((string) $row['CONSTRAINT_NAME'])
            . ' ORDER BY ORDINAL_POSITION'
        );
        $list = static fn (string $key): string => implode(', ', array_map(
            static fn (array $column): string => Identifier::quote((string) $column[$key]),
            $columns
        ));
        $sql = 'CONSTRAINT ' . Identifier::quote($name) . ' FOREIGN KEY (' . $list('COLUMN_NAME') . ') REFERENCES '
            . Identifier::quote((string) $row['REFERENCED_TABLE_NAME']) . ' (' . $list('REFERENCED_COLUMN_NAME') . ')';
        foreach (['DELETE' => 'DELETE_RULE', 'UPDATE' => 'UPDATE_RULE'] as $event => $key) {
            $rule = strtoupper((string) $row[$key]);
            if (in_array($rule, self::RULES, true)) {
                $sql .= ' ON ' . $event . ' ' . $rule;
            }
        }

        return $sql;
    }
}
