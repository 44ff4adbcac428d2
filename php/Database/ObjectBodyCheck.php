<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * What the body of a view or trigger may touch: the backup's own tables only. Conservative by
 * design, on the server's tokens (SqlTokens), not on a full SQL grammar:
 *
 * - no name qualified by a database the connection can see, no three-part name;
 * - a table named where one is read or written (after FROM, JOIN, UPDATE, INSERT/REPLACE [INTO])
 *   starts with the backup's prefix (or is a WITH name); a qualified name there is refused; when the
 *   backup's own names are known, a view reads only those;
 * - no name of an object that exists in the target database and is not the target site's own;
 * - none of the words that reach beyond the site's rows (files, accounts, server, routines),
 *   no system variable, no executable comment;
 * - `;` only inside a BEGIN ... END trigger body.
 */
final class ObjectBodyCheck
{
    private const FORBIDDEN = [
        'GRANT', 'REVOKE', 'OUTFILE', 'DUMPFILE', 'INFILE', 'LOAD_FILE', 'DEFINER', 'GLOBAL', 'CALL', 'PREPARE',
        'EXECUTE', 'DEALLOCATE', 'SHUTDOWN', 'KILL', 'FLUSH', 'INSTALL', 'UNINSTALL', 'BINLOG', 'SLEEP', 'BENCHMARK',
        'GET_LOCK', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS', 'CREATE', 'DROP', 'ALTER', 'RENAME', 'TRUNCATE', 'LOCK',
        'UNLOCK', 'HANDLER', 'PURGE', 'RESET', 'CHANGE', 'SYS_EXEC', 'SYS_EVAL',
    ];
    private const TABLE_AFTER = ['FROM', 'JOIN', 'STRAIGHT_JOIN', 'UPDATE', 'INSERT', 'REPLACE'];
    private const MODIFIERS = ['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO', 'QUICK', 'LATERAL'];
    private const NOT_A_TABLE = ['SELECT', 'WITH', 'VALUES', 'VALUE', 'DUAL', 'SET'];
    /** Words a parenthesis may follow that are not function names. */
    private const CLAUSE_WORDS = [
        'FROM', 'JOIN', 'STRAIGHT_JOIN', 'IN', 'EXISTS', 'AS', 'ON', 'WHERE', 'AND', 'OR', 'NOT', 'XOR', 'SELECT',
        'UNION', 'EXCEPT', 'INTERSECT', 'ALL', 'ANY', 'SOME', 'VALUES', 'VALUE', 'INTO', 'USING', 'WHEN', 'THEN',
        'ELSE', 'ELSEIF', 'RETURN', 'SET', 'BY', 'HAVING', 'LATERAL', 'WITH', 'DISTINCT', 'LIKE', 'BETWEEN', 'IS',
        'CASE', 'DO', 'WHILE', 'UNTIL', 'UPDATE', 'INSERT', 'REPLACE', 'DELETE', 'LIMIT', 'OFFSET', 'IF',
    ];

    /**
     * @param array<string, true> $databases lower-case names of the databases the connection sees
     * @param array<string, true> $outside lower-case names of the target's objects that are not the site's
     * @param TableNameMap|null $siteNames the backup's own tables and views => their names in the target, as
     *        bodies are renamed before they run (null: names are checked as written)
     */
    public function __construct(
        private readonly string $prefix,
        private readonly array $databases,
        private readonly array $outside,
        private readonly ?TableNameMap $siteNames = null,
    ) {
    }

    /** @throws RefusedStatement */
    public function check(string $kind, SqlTokens $body, bool $isTrigger): void
    {
        if ($body->hasExecutableComment) {
            throw RefusedStatement::kind('executable comment');
        }
        if (!$body->complete) {
            throw RefusedStatement::kind($kind . ' that cannot be read');
        }
        $tokens = $body->tokens;
        $withNames = self::withNames($tokens);
        $functionParens = [];
        $blocks = [];
        foreach ($tokens as $i => $token) {
            [$type, $text] = $token;
            if ($isTrigger && $type === SqlTokens::WORD) {
                self::trackBlocks($tokens, $i, $blocks);
            }
            if ($type === SqlTokens::SYSVAR) {
                throw RefusedStatement::kind($kind . ' reading a server setting');
            }
            if ($type === SqlTokens::WORD && in_array(strtoupper($text), self::FORBIDDEN, true)) {
                throw RefusedStatement::kind($kind . ' using ' . strtoupper($text));
            }
            if ($type === SqlTokens::PUNCT) {
                if ($text === '(') {
                    // A function's parentheses (EXTRACT(YEAR FROM ...), TRIM(... FROM ...)) hold no table.
                    $functionParens[] = SqlTokens::isName($tokens[$i - 1] ?? null)
                        && !SqlTokens::isWord($tokens[$i - 1], ...self::CLAUSE_WORDS)
                        && !SqlTokens::isWord($tokens[$i + 1] ?? null, 'SELECT', 'WITH');
                } elseif ($text === ')') {
                    array_pop($functionParens);
                } elseif ($text === '.') {
                    $this->checkQualifier($kind, $tokens, $i);
                } elseif ($text === ';' && !in_array('BEGIN', $blocks, true)) {
                    throw RefusedStatement::kind('two statements in one');
                }
                continue;
            }
            $name = SqlTokens::isName($token) ? strtolower($this->mapped(SqlTokens::name($token))) : '';
            if ($name !== '' && isset($this->outside[$name])) {
                throw RefusedStatement::kind($kind . ' touching a table outside the backup');
            }
            $tableFollows = $type === SqlTokens::WORD && in_array(strtoupper($text), self::TABLE_AFTER, true);
            if ($tableFollows && end($functionParens) !== true) {
                $this->checkTableAfter($kind, $tokens, $i, $withNames, !$isTrigger);
            }
        }
    }

    /**
     * @param list<array{0: string, 1: string}> $tokens
     */
    private function checkQualifier(string $kind, array $tokens, int $dot): void
    {
        $qualifier = $tokens[$dot - 1] ?? null;
        if (!SqlTokens::isName($qualifier) || SqlTokens::isPunct($tokens[$dot - 2] ?? null, '.')) {
            throw RefusedStatement::kind($kind . ' naming another database');
        }
        if (isset($this->databases[strtolower(SqlTokens::name($qualifier))])) {
            throw RefusedStatement::kind($kind . ' naming another database');
        }
    }

    /**
     * @param list<array{0: string, 1: string}> $tokens
     * @param array<string, true> $withNames
     * @param bool $siteOnly the table must be one of the backup's own (a view: it is created on them)
     */
    private function checkTableAfter(string $kind, array $tokens, int $at, array $withNames, bool $siteOnly): void
    {
        $keyword = strtoupper($tokens[$at][1]);
        if ($keyword === 'UPDATE' && SqlTokens::isWord($tokens[$at - 1] ?? null, 'KEY', 'FOR')) {
            return; // ON DUPLICATE KEY UPDATE, SELECT ... FOR UPDATE
        }
        $next = $at + 1;
        if (($keyword === 'INSERT' || $keyword === 'REPLACE') && SqlTokens::isPunct($tokens[$next] ?? null, '(')) {
            return; // The string functions INSERT() and REPLACE().
        }
        while (
            isset($tokens[$next])
            && (SqlTokens::isPunct($tokens[$next], '(') || SqlTokens::isWord($tokens[$next], ...self::MODIFIERS))
        ) {
            ++$next;
        }
        $table = $tokens[$next] ?? null;
        if (!SqlTokens::isName($table) || SqlTokens::isWord($table, ...self::NOT_A_TABLE)) {
            return;
        }
        $after = $tokens[$next + 1] ?? null;
        if (SqlTokens::isPunct($after, '(')) {
            return; // A table function such as JSON_TABLE(...).
        }
        if (SqlTokens::isPunct($after, '.')) {
            throw RefusedStatement::kind($kind . ' naming another database');
        }
        $name = SqlTokens::name($table);
        if (isset($withNames[strtolower($name)])) {
            return;
        }
        $known = !$siteOnly || $this->siteNames === null || $this->siteNames->has($name);
        if (!str_starts_with($name, $this->prefix) || !$known) {
            throw RefusedStatement::kind($kind . ' touching a table outside the backup');
        }
    }

    /**
     * Names a WITH clause defines (`name AS (`), which FROM may then read.
     *
     * @param list<array{0: string, 1: string}> $tokens
     * @return array<string, true>
     */
    private static function withNames(array $tokens): array
    {
        $names = [];
        foreach ($tokens as $i => $token) {
            $as = $tokens[$i + 1] ?? null;
            $open = $tokens[$i + 2] ?? null;
            if (SqlTokens::isName($token) && SqlTokens::isWord($as, 'AS') && SqlTokens::isPunct($open, '(')) {
                $names[strtolower(SqlTokens::name($token))] = true;
            }
        }

        return $names;
    }

    /**
     * Follows BEGIN ... END blocks (and CASE ... END, which also ends with END), so that a `;` is
     * let through only inside a block: after the body's last END, it would start a second statement.
     *
     * @param list<array{0: string, 1: string}> $tokens
     * @param list<string> $blocks the open blocks, innermost last
     */
    private static function trackBlocks(array $tokens, int $at, array &$blocks): void
    {
        $word = strtoupper($tokens[$at][1]);
        $next = $tokens[$at + 1] ?? null;
        if ($word === 'BEGIN') {
            $blocks[] = 'BEGIN';
        } elseif ($word === 'CASE' && !SqlTokens::isWord($tokens[$at - 1] ?? null, 'END')) {
            $blocks[] = 'CASE';
        } elseif ($word === 'END' && !SqlTokens::isWord($next, 'IF', 'LOOP', 'WHILE', 'REPEAT', 'FOR')) {
            array_pop($blocks); // END, END CASE, or END label
        }
    }

    /** The name as it will run: a body's names of the backup's own objects are moved with them. */
    private function mapped(string $name): string
    {
        return $this->siteNames === null ? $name : $this->siteNames->map($name);
    }
}
