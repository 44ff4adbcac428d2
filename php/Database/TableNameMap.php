<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * Renames objects while loading a dump, e.g. `wp_posts` => `tmp_wp_posts`
 * for an atomic restore (load beside the live tables, then one RENAME TABLE).
 *
 * apply() rewrites only the leading names of the statement forms the dumper
 * writes (DROP TABLE, CREATE TABLE, INSERT INTO, CREATE VIEW, CREATE TRIGGER
 * ... ON); nothing else is parsed or regex-replaced. Triggers: the table is
 * renamed, and the trigger name too when it is in the map (trigger names are
 * unique per database). Names inside a view or trigger body, and the foreign
 * keys of a CREATE TABLE, are moved by applyToBody() and applyToForeignKeys()
 * on the tokens the policy read, never inside a string or a comment.
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

    /** Whether the map lists the name itself (not only by its prefix). */
    public function has(string $name): bool
    {
        return isset($this->names[$name]);
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
     * Renames the names of a view or trigger body that the map moves: tables and views where they are
     * read or written and as qualifiers (`t`.`col`), never a column after a dot nor an alias after AS.
     *
     * @param SqlTokens $body the body's tokens, read from the statement at $bodyAt
     */
    public function applyToBody(string $statement, SqlTokens $body, int $bodyAt): string
    {
        $replace = [];
        foreach ($body->tokens as $i => $token) {
            $previous = $body->tokens[$i - 1] ?? null;
            $qualified = SqlTokens::isPunct($previous, '.');
            if (!SqlTokens::isName($token) || $qualified || SqlTokens::isWord($previous, 'AS')) {
                continue;
            }
            $name = SqlTokens::name($token);
            if ($this->map($name) !== $name) {
                $replace[$bodyAt + $body->offsets[$i]] = [strlen($token[1]), self::spelled($token, $this->map($name))];
            }
        }

        return self::replaced($statement, $replace);
    }

    /**
     * Moves the foreign keys of a CREATE TABLE: the table each one references goes through the map,
     * its constraint name through $constraint (constraint names are unique per database).
     *
     * @param SqlTokens $body the tokens after the table's name, read from the statement at $bodyAt
     * @param \Closure(string): string $constraint
     */
    public function applyToForeignKeys(string $statement, SqlTokens $body, int $bodyAt, \Closure $constraint): string
    {
        $replace = [];
        $tokens = $body->tokens;
        foreach ($tokens as $i => $token) {
            $next = $tokens[$i + 1] ?? null;
            if (!SqlTokens::isName($next)) {
                continue;
            }
            $name = SqlTokens::name($next);
            $foreignKey = SqlTokens::isWord($tokens[$i + 2] ?? null, 'FOREIGN');
            if (SqlTokens::isWord($token, 'REFERENCES')) {
                $renamed = $this->map($name);
            } elseif (SqlTokens::isWord($token, 'CONSTRAINT') && $foreignKey) {
                $renamed = $constraint($name);
            } else {
                continue;
            }
            if ($renamed !== $name) {
                $replace[$bodyAt + $body->offsets[$i + 1]] = [strlen($next[1]), self::spelled($next, $renamed)];
            }
        }

        return self::replaced($statement, $replace);
    }

    /**
     * A new name spelled as the old one was: bare when it was bare (and the new one may be), else
     * in the old one's quotes (backticks, or double quotes under ANSI_QUOTES).
     *
     * @param array{0: string, 1: string} $token
     */
    private static function spelled(array $token, string $name): string
    {
        if ($token[0] === SqlTokens::WORD && preg_match('/\A[A-Za-z_$][A-Za-z0-9_$]*\z/', $name) === 1) {
            return $name;
        }
        $quote = $token[0] === SqlTokens::ID ? $token[1][0] : '`';

        return $quote . str_replace($quote, $quote . $quote, $name) . $quote;
    }

    /** @param array<int, array{int, string}> $replace offset => [length, text], in increasing offsets */
    private static function replaced(string $statement, array $replace): string
    {
        if ($replace === []) {
            return $statement;
        }
        $out = '';
        $at = 0;
        foreach ($replace as $offset => [$length, $text]) {
            $out .= substr($statement, $at, $offset - $at) . $text;
            $at = $offset + $length;
        }

        return $out . substr($statement, $at);
    }

    private function rename(string $quoted): string
    {
        return Identifier::quote($this->map(Identifier::unquote($quoted)));
    }
}
