<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Renames objects while loading a dump, e.g. `wp_posts` => `tmp_wp_posts`
 * for an atomic restore (load beside the live tables, then one RENAME TABLE).
 *
 * Only the leading names of the statement forms the dumper writes are
 * rewritten (DROP TABLE, CREATE TABLE, INSERT INTO, CREATE VIEW, CREATE
 * TRIGGER ... ON); nothing else is parsed or regex-replaced. View bodies and
 * foreign key references keep the original names, which is what they must
 * say after the swap. Triggers: the table is renamed, and the trigger name
 * too when it is in the map (trigger names are unique per database).
 */
final class TableNameMap
{
    private const ID = Identifier::PATTERN;

    /** @param array<string, string> $names original name => name to load into */
    public function __construct(private readonly array $names)
    {
    }

    /**
     * Maps every name to $prefix . name, the usual restore layout.
     *
     * @param list<string> $names
     */
    public static function withPrefix(string $prefix, array $names): self
    {
        $map = [];
        foreach ($names as $name) {
            $map[$name] = $prefix . $name;
        }

        return new self($map);
    }

    public function map(string $name): string
    {
        return $this->names[$name] ?? $name;
    }

    public function apply(string $statement): string
    {
        if ($this->names === []) {
            return $statement;
        }
        $patterns = [
            '/\A(DROP TABLE IF EXISTS |CREATE TABLE |INSERT INTO |CREATE OR REPLACE ALGORITHM=\w+ SQL SECURITY INVOKER VIEW )(' . self::ID . ')/',
            '/\A(CREATE TRIGGER )(' . self::ID . ')( (?:BEFORE|AFTER) (?:INSERT|UPDATE|DELETE) ON )(' . self::ID . ')/',
        ];
        foreach ($patterns as $pattern) {
            $result = preg_replace_callback($pattern, function (array $m): string {
                $out = $m[1] . $this->rename($m[2]);
                if (isset($m[4])) {
                    $out .= $m[3] . $this->rename($m[4]);
                }

                return $out;
            }, $statement, 1, $count);
            if ($result === null) {
                throw new DatabaseException('Renaming a statement failed: ' . preg_last_error_msg());
            }
            if ($count > 0) {
                return $result;
            }
        }

        return $statement;
    }

    private function rename(string $quoted): string
    {
        return Identifier::quote($this->map(Identifier::unquote($quoted)));
    }
}
