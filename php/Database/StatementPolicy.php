<?php

declare(strict_types=1);

// phpcs:disable Squiz.PHP.DiscouragedFunctions.Discouraged -- ini_set() raises PCRE's backtrack limit for one statement's check and puts it back.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * Lets through only the statements the dumper writes, on the backup's own tables. A backup's
 * database may come from a bucket someone else can write to; it is loaded under the site's
 * database account, so anything more than tables and rows of its prefix is refused:
 *
 *   SET ...                          DumpScript's header and footer, TriggerDumper's SQL mode (SessionSettings)
 *   DROP TABLE IF EXISTS `t`         TableDumper (before a table, and to undo one skipped)
 *   CREATE TABLE `t` (...) ...       TableDumper, as SHOW CREATE TABLE writes it (TableDefinitionCheck)
 *   INSERT INTO `t` (`c`,...) VALUES\n(...),\n(...)   InsertWriter: literals only
 *   CREATE OR REPLACE ALGORITHM=x SQL SECURITY INVOKER VIEW `v` AS ...   ViewDumper (ObjectBodyCheck)
 *   CREATE TRIGGER `g` BEFORE|AFTER INSERT|UPDATE|DELETE ON `t` FOR EACH ROW ...   TriggerDumper (ObjectBodyCheck)
 *
 * Every `t` and `v` starts with the backup's table prefix. The heads are matched byte for byte,
 * exactly as TableNameMap renames them, so no spelling of a statement escapes the renaming.
 * Anything else is refused with RefusedStatement, whose message names the kind of statement and
 * never its text. Rows are checked with one anchored, backtracking-free expression, so a row full
 * of SQL-looking text is a literal like any other and a large INSERT costs a single pass.
 *
 * One policy follows one connection's session: SET statements it let through change how it reads
 * the next ones (the SQL mode decides what a quote means), as they change the server's.
 */
final class StatementPolicy
{
    private const ID = Identifier::PATTERN;
    private const VALUE = '(?:0x[0-9a-fA-F]++|NULL|-?[0-9]++(?:\.[0-9]++)?(?:[eE][-+]?[0-9]++)?'
        . '|\'[^\'\\\\]*+(?:(?:\\\\[\s\S]|\'\')[^\'\\\\]*+)*+\')';
    private const TUPLE = '\(' . self::VALUE . '(?:,' . self::VALUE . ')*+\)';
    private const INSERT = '/\AINSERT INTO (' . self::ID . ') \((?:' . self::ID . ',)*+' . self::ID . '\) VALUES\n'
        . self::TUPLE . '(?:,\n' . self::TUPLE . ')*+\z/';
    private const DROP = '/\ADROP TABLE IF EXISTS (' . self::ID . ')\z/';
    private const CREATE_TABLE = '/\ACREATE TABLE (' . self::ID . ') (?=\()/';
    private const CREATE_VIEW = '/\ACREATE OR REPLACE ALGORITHM=(?:UNDEFINED|MERGE|TEMPTABLE)'
        . ' SQL SECURITY INVOKER VIEW (' . self::ID . ') AS /';
    private const CREATE_TRIGGER = '/\ACREATE TRIGGER (' . self::ID . ') (?:BEFORE|AFTER) (?:INSERT|UPDATE|DELETE) ON ('
        . self::ID . ') FOR EACH ROW /';
    /** Words that start a statement, used to name a refused one (anything else is "unrecognised"). */
    private const LEADS = [
        'ALTER', 'ANALYZE', 'BACKUP', 'BEGIN', 'BINLOG', 'CALL', 'CHANGE', 'CHECK', 'CHECKSUM', 'COMMIT', 'CREATE',
        'DEALLOCATE', 'DECLARE', 'DELETE', 'DESCRIBE', 'DO', 'DROP', 'EXECUTE', 'EXPLAIN', 'FLUSH', 'GRANT', 'HANDLER',
        'HELP', 'INSERT', 'INSTALL', 'KILL', 'LOAD', 'LOCK', 'OPTIMIZE', 'PREPARE', 'PURGE', 'RELEASE', 'RENAME',
        'REPAIR', 'REPLACE', 'RESET', 'REVOKE', 'ROLLBACK', 'SAVEPOINT', 'SELECT', 'SET', 'SHOW', 'SHUTDOWN',
        'SIGNAL', 'START', 'TABLE', 'TRUNCATE', 'UNINSTALL', 'UNLOCK', 'UPDATE', 'USE', 'VALUES', 'WITH', 'XA',
    ];
    private const OBJECTS = [
        'DATA', 'DATABASE', 'EVENT', 'FUNCTION', 'GLOBAL', 'INDEX', 'LOGFILE', 'PACKAGE', 'PASSWORD', 'PROCEDURE',
        'ROLE', 'SCHEMA', 'SEQUENCE', 'SERVER', 'TABLE', 'TABLESPACE', 'TRIGGER', 'USER', 'VIEW', 'XML',
    ];

    private readonly SessionSettings $session;
    private readonly TableDefinitionCheck $tables;
    private readonly ObjectBodyCheck $bodies;

    /**
     * @param string $prefix the backup's table prefix: every object a statement creates or fills starts with it
     * @param list<string> $databases the databases the connection can see (no body may name one)
     * @param list<string> $outside objects of the target database that are not the target site's own
     * @param TableNameMap|null $siteNames the backup's own tables and views, each mapped to its name in the
     *        target: names in view and trigger bodies are checked as they will run, and a view reads only
     *        these (null: names are checked as written)
     */
    public function __construct(
        private readonly string $prefix,
        array $databases = [],
        array $outside = [],
        ?TableNameMap $siteNames = null,
    ) {
        if ($prefix === '') {
            throw new \InvalidArgumentException('The table prefix must not be empty.');
        }
        $this->session = new SessionSettings();
        $this->tables = new TableDefinitionCheck($prefix);
        $this->bodies = new ObjectBodyCheck(
            $prefix,
            array_fill_keys(array_map('strtolower', $databases), true),
            array_fill_keys(array_map('strtolower', $outside), true),
            $siteNames,
        );
    }

    /**
     * The databases the connection can see and the objects of its database that $owns does not
     * claim, for the policy's constructor.
     *
     * @param \Closure(string): bool $owns
     * @return array{list<string>, list<string>}
     */
    public static function surroundings(Connection $db, \Closure $owns): array
    {
        $databases = array_map(
            static fn (array $row): string => (string) array_values($row)[0],
            $db->fetchAll('SHOW DATABASES')
        );
        $outside = [];
        $objects = $db->fetchAll('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
        foreach ($objects as $row) {
            $name = (string) $row['TABLE_NAME'];
            if (!$owns($name)) {
                $outside[] = $name;
            }
        }

        return [$databases, $outside];
    }

    /**
     * @param (\Closure(string): bool)|null $leaveAlone says which of the backup's tables are not to be
     *        loaded: a statement on one is let through unread (LoadStatement::$leftAlone), never to run
     * @throws RefusedStatement
     */
    public function check(string $statement, ?\Closure $leaveAlone = null): LoadStatement
    {
        $leaveAlone ??= static fn (string $table): bool => false;
        $limit = ini_get('pcre.backtrack_limit');
        if ($limit === false || !function_exists('ini_set')) {
            return $this->classify($statement, $leaveAlone);
        }
        // Possessive patterns never backtrack, but PCRE counts each repetition against this limit.
        ini_set('pcre.backtrack_limit', (string) max((int) $limit, 4 * strlen($statement)));
        try {
            return $this->classify($statement, $leaveAlone);
        } finally {
            ini_set('pcre.backtrack_limit', $limit);
        }
    }

    /** @param \Closure(string): bool $leaveAlone */
    private function classify(string $statement, \Closure $leaveAlone): LoadStatement
    {
        if (str_starts_with($statement, 'INSERT INTO ')) {
            return $this->insert($statement, $leaveAlone);
        }
        if (preg_match(self::DROP, $statement, $m) === 1) {
            $name = $this->own($m[1], 'DROP TABLE');

            return new LoadStatement(StatementKind::DropTable, $name, $name, $leaveAlone($name));
        }
        if (preg_match(self::CREATE_TABLE, $statement, $m) === 1) {
            $name = $this->own($m[1], 'CREATE TABLE');
            if ($leaveAlone($name)) {
                return new LoadStatement(StatementKind::CreateTable, $name, $name, true);
            }
            $body = $this->tokens(substr($statement, strlen($m[0])));
            $this->tables->check($body);

            return new LoadStatement(StatementKind::CreateTable, $name, $name, false, $body, strlen($m[0]));
        }
        if (preg_match(self::CREATE_VIEW, $statement, $m) === 1) {
            $name = $this->own($m[1], 'CREATE VIEW');
            if ($leaveAlone($name)) {
                return new LoadStatement(StatementKind::CreateView, $name, $name, true);
            }
            $body = $this->tokens(substr($statement, strlen($m[0])));
            $this->bodies->check('CREATE VIEW', $body, false);

            return new LoadStatement(StatementKind::CreateView, $name, $name, false, $body, strlen($m[0]));
        }
        if (preg_match(self::CREATE_TRIGGER, $statement, $m) === 1) {
            $table = $this->own($m[2], 'CREATE TRIGGER');
            if ($leaveAlone($table)) {
                return new LoadStatement(StatementKind::CreateTrigger, Identifier::unquote($m[1]), $table, true);
            }
            $body = $this->tokens(substr($statement, strlen($m[0])));
            $this->bodies->check('CREATE TRIGGER', $body, true);

            $trigger = Identifier::unquote($m[1]);

            return new LoadStatement(StatementKind::CreateTrigger, $trigger, $table, false, $body, strlen($m[0]));
        }
        if (str_starts_with($statement, 'SET ')) {
            $tokens = $this->tokens($statement);
            if ($tokens->hasExecutableComment) {
                throw RefusedStatement::kind('executable comment');
            }
            if (!$tokens->complete) {
                throw RefusedStatement::kind('SET that cannot be read');
            }
            $this->session->apply($tokens->tokens);

            return new LoadStatement(StatementKind::Session);
        }
        throw RefusedStatement::kind(self::describe($statement));
    }

    /** @param \Closure(string): bool $leaveAlone */
    private function insert(string $statement, \Closure $leaveAlone): LoadStatement
    {
        if (preg_match('/\AINSERT INTO (' . self::ID . ') \(/', $statement, $head) === 1) {
            $name = $this->own($head[1], 'INSERT');
            if ($leaveAlone($name)) {
                return new LoadStatement(StatementKind::Insert, $name, $name, true);
            }
        }
        if (!$this->session->backslashEscapes()) {
            // The rows are read with backslash escapes, as the dumper writes them: so must the server.
            throw RefusedStatement::kind('INSERT under another SQL mode');
        }
        $matched = preg_match(self::INSERT, $statement, $m);
        if ($matched === false) {
            throw RefusedStatement::kind('INSERT too large to be checked');
        }
        if ($matched === 0) {
            throw RefusedStatement::kind(self::describeInsert($statement));
        }
        $name = $this->own($m[1], 'INSERT');

        return new LoadStatement(StatementKind::Insert, $name, $name);
    }

    /** The unquoted name, when it is one of the backup's own. */
    private function own(string $quoted, string $statement): string
    {
        $name = Identifier::unquote($quoted);
        if (!str_starts_with($name, $this->prefix)) {
            throw RefusedStatement::kind($statement . ' of a table outside the backup');
        }

        return $name;
    }

    private function tokens(string $sql): SqlTokens
    {
        return SqlTokens::of($sql, $this->session->ansiQuotes(), $this->session->backslashEscapes());
    }

    /** Why an INSERT is not the dumper's, without quoting it. */
    private static function describeInsert(string $statement): string
    {
        if (preg_match('/\AINSERT INTO ' . self::ID . '\s*\./', $statement) === 1) {
            return 'INSERT INTO naming another database';
        }
        if (preg_match('/\AINSERT INTO ' . self::ID . ' (?:\([^)]*\) )?(?:SELECT|WITH|TABLE)\b/i', $statement) === 1) {
            return 'INSERT ... SELECT';
        }

        return 'INSERT with more than values';
    }

    /** Names a refused statement by its leading keywords only: its text may hold the site's data. */
    public static function describe(string $statement): string
    {
        $head = ltrim(substr($statement, 0, 200));
        if (str_starts_with($head, '/*!') || str_starts_with($head, '/*M!') || str_starts_with($head, '/*+')) {
            return 'executable comment';
        }
        preg_match_all('/[A-Za-z_]+/', $head, $m);
        $words = array_map('strtoupper', array_slice($m[0], 0, 12));
        $first = $words[0] ?? '';
        if (!in_array($first, self::LEADS, true) || !preg_match('/\A[A-Za-z_]/', $head)) {
            return 'an unrecognised statement';
        }
        if ($first === 'SELECT' && preg_match('/\bINTO\s+(OUTFILE|DUMPFILE)\b/i', $statement, $into) === 1) {
            return 'SELECT ... INTO ' . strtoupper($into[1]);
        }
        $rest = array_slice($words, 1);
        $objects = array_values(array_intersect($rest, self::OBJECTS));
        $kind = $first . (isset($objects[0]) ? ' ' . $objects[0] : '');
        if ($first === 'CREATE' && in_array('DEFINER', $rest, true)) {
            $kind .= ' with a DEFINER';
        } elseif (preg_match('/\A[A-Za-z_ =]+?\s(?:' . self::ID . '|[A-Za-z0-9_$]+)\s*\./', $head) === 1) {
            $kind .= ' naming another database';
        }

        return $kind;
    }
}
