<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * The part of a CREATE TABLE after its name, as SHOW CREATE TABLE writes it: columns, keys and
 * constraints in parentheses, then table options. Refuses what reaches beyond the table: another
 * database, a foreign key to a table outside the backup, a table copied from a query or another
 * table, storage on a path or a remote server (DATA/INDEX DIRECTORY, CONNECTION, engines such as
 * CONNECT, FEDERATED or MERGE), file and server functions, executable comments.
 */
final class TableDefinitionCheck
{
    private const ENGINES = [
        'INNODB', 'MYISAM', 'ARIA', 'MEMORY', 'HEAP', 'ARCHIVE', 'CSV', 'BLACKHOLE', 'ROCKSDB', 'TOKUDB',
    ];
    private const FORBIDDEN = [
        'SELECT', 'UNION', 'CONNECTION', 'DIRECTORY', 'LOAD_FILE', 'OUTFILE', 'DUMPFILE', 'INFILE', 'SLEEP',
        'BENCHMARK', 'GET_LOCK', 'DEFINER', 'SYS_EXEC', 'SYS_EVAL',
    ];

    public function __construct(private readonly string $prefix)
    {
    }

    /** @throws RefusedStatement */
    public function check(SqlTokens $definition): void
    {
        if ($definition->hasExecutableComment) {
            throw RefusedStatement::kind('executable comment');
        }
        $tokens = $definition->tokens;
        if (!$definition->complete || !SqlTokens::isPunct($tokens[0] ?? null, '(')) {
            throw RefusedStatement::kind('CREATE TABLE that cannot be read');
        }
        if (SqlTokens::isWord($tokens[1] ?? null, 'LIKE')) {
            throw RefusedStatement::kind('CREATE TABLE copying another table');
        }
        foreach ($tokens as $i => [$type, $text]) {
            if ($type === SqlTokens::SYSVAR || $type === SqlTokens::USERVAR) {
                throw RefusedStatement::kind('CREATE TABLE reading a variable');
            }
            if ($type === SqlTokens::PUNCT && $text === ';') {
                throw RefusedStatement::kind('two statements in one');
            }
            if ($type === SqlTokens::PUNCT && $text === '.') {
                throw RefusedStatement::kind('CREATE TABLE naming another database');
            }
            if ($type !== SqlTokens::WORD) {
                continue;
            }
            $word = strtoupper($text);
            if (in_array($word, self::FORBIDDEN, true)) {
                throw RefusedStatement::kind('CREATE TABLE using ' . $word);
            }
            if ($word === 'ENGINE') {
                $engine = $tokens[SqlTokens::isPunct($tokens[$i + 1] ?? null, '=') ? $i + 2 : $i + 1] ?? null;
                if (!self::isEngine($engine)) {
                    throw RefusedStatement::kind('CREATE TABLE with a storage engine a backup never uses');
                }
            }
            if ($word === 'REFERENCES') {
                $table = $tokens[$i + 1] ?? null;
                if (SqlTokens::isPunct($tokens[$i + 2] ?? null, '.')) {
                    throw RefusedStatement::kind('CREATE TABLE naming another database');
                }
                if (!SqlTokens::isName($table) || !str_starts_with(SqlTokens::name($table), $this->prefix)) {
                    throw RefusedStatement::kind('CREATE TABLE referring to a table outside the backup');
                }
            }
        }
    }

    /** @param array{0: string, 1: string}|null $token */
    private static function isEngine(?array $token): bool
    {
        return SqlTokens::isName($token) && in_array(strtoupper(SqlTokens::name($token)), self::ENGINES, true);
    }
}
