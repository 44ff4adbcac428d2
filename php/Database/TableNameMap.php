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

    /**
     * @param array<string, string> $names original name => name to load into
     * @param array{0: string, 1: string}|null $prefixRule [from, to]: a name starting with `from` not
     *        listed in $names gets `to` in place of that start
     */
    public function __construct(private readonly array $names, private readonly ?array $prefixRule = null)
    {
    }

    /**
     * Every name of one table prefix moved to another, e.g. `wp_posts` => `sbtmp_wp2_posts` for
     * ('wp_', 'sbtmp_wp2_'): what a restore needs when it does not know the names in advance.
     */
    public static function retarget(string $fromPrefix, string $toPrefix): self
    {
        return new self([], [$fromPrefix, $toPrefix]);
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
        if (isset($this->names[$name])) {
            return $this->names[$name];
        }
        if ($this->prefixRule !== null && str_starts_with($name, $this->prefixRule[0])) {
            return $this->prefixRule[1] . substr($name, strlen($this->prefixRule[0]));
        }

        return $name;
    }

    public function apply(string $statement): string
    {
        if ($this->names === [] && ($this->prefixRule === null || $this->prefixRule[0] === $this->prefixRule[1])) {
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

    /**
     * Renames every quoted identifier of the statement, not only the leading one: for a view
     * moved to another table prefix, whose body must then read the tables under their new names.
     */
    public function applyToIdentifiers(string $statement): string
    {
        $result = preg_replace_callback('/' . self::ID . '/', fn (array $m): string => $this->rename($m[0]), $statement);
        if ($result === null) {
            throw new DatabaseException('Renaming a statement failed: ' . preg_last_error_msg());
        }

        return $result;
    }

    private function rename(string $quoted): string
    {
        return Identifier::quote($this->map(Identifier::unquote($quoted)));
    }
}
