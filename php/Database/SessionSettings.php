<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * The SET statements a dump holds (DumpScript's header and footer, TriggerDumper's SQL mode around
 * a trigger) and nothing else: the session settings they name, saved in and restored from
 * `@OLD_<setting>`, set to values of the kind the dumper writes. Tracks what the session holds,
 * so that the lexer of the policy reads the next statements exactly as the server will (the SQL
 * mode decides what a quote means; the client character set stays utf8mb4).
 */
final class SessionSettings
{
    private const SETTINGS = [
        'CHARACTER_SET_CLIENT', 'CHARACTER_SET_RESULTS', 'COLLATION_CONNECTION', 'TIME_ZONE',
        'UNIQUE_CHECKS', 'FOREIGN_KEY_CHECKS', 'SQL_MODE', 'SQL_NOTES',
    ];

    /** SQL mode flags a trigger may have been created under. ORACLE, MSSQL and the like change the grammar. */
    private const MODE_FLAGS = [
        'ALLOW_INVALID_DATES', 'ANSI', 'ANSI_QUOTES', 'EMPTY_STRING_IS_NULL', 'ERROR_FOR_DIVISION_BY_ZERO',
        'HIGH_NOT_PRECEDENCE', 'IGNORE_BAD_TABLE_OPTIONS', 'IGNORE_SPACE', 'NO_AUTO_CREATE_USER',
        'NO_AUTO_VALUE_ON_ZERO', 'NO_BACKSLASH_ESCAPES', 'NO_DIR_IN_CREATE', 'NO_ENGINE_SUBSTITUTION',
        'NO_FIELD_OPTIONS', 'NO_KEY_OPTIONS', 'NO_TABLE_OPTIONS', 'NO_UNSIGNED_SUBTRACTION', 'NO_ZERO_DATE',
        'NO_ZERO_IN_DATE', 'ONLY_FULL_GROUP_BY', 'PAD_CHAR_TO_FULL_LENGTH', 'PIPES_AS_CONCAT', 'REAL_AS_FLOAT',
        'SIMULTANEOUS_ASSIGNMENT', 'STRICT_ALL_TABLES', 'STRICT_TRANS_TABLES', 'TIME_ROUND_FRACTIONAL', 'TRADITIONAL',
    ];

    /** @var array<string, string> setting => value, as far as known ('' = the server's default) */
    private array $session;
    /** @var array<string, string> @OLD_ variable => the value saved in it */
    private array $saved = [];

    public function __construct()
    {
        $this->session = array_fill_keys(self::SETTINGS, '');
        $this->session['SQL_MODE'] = Connection::SESSION_SQL_MODE;
        $this->session['CHARACTER_SET_CLIENT'] = 'utf8mb4';
    }

    public function ansiQuotes(): bool
    {
        return (bool) array_intersect(['ANSI_QUOTES', 'ANSI'], $this->modeFlags());
    }

    public function backslashEscapes(): bool
    {
        return !in_array('NO_BACKSLASH_ESCAPES', $this->modeFlags(), true);
    }

    /**
     * Checks one SET statement (already cut into tokens, the first being SET) and, when it is one a
     * dump holds, records what it sets.
     *
     * @param list<array{0: string, 1: string}> $tokens
     * @throws RefusedStatement
     */
    public function apply(array $tokens): void
    {
        foreach ($tokens as $token) {
            $globalVariable = $token[0] === SqlTokens::SYSVAR && stripos($token[1], '@@global.') === 0;
            if ($globalVariable || SqlTokens::isWord($token, 'GLOBAL', 'PERSIST')) {
                throw RefusedStatement::kind('SET GLOBAL');
            }
            if (SqlTokens::isWord($token, 'PASSWORD', 'ROLE', 'DEFAULT')) {
                throw RefusedStatement::kind('SET ' . strtoupper($token[1]));
            }
        }
        $names = count($tokens) === 3 && SqlTokens::isWord($tokens[1], 'NAMES');
        if ($names && SqlTokens::isWord($tokens[2], 'UTF8MB4')) {
            $this->session['CHARACTER_SET_CLIENT'] = 'utf8mb4';

            return;
        }
        $at = SqlTokens::isWord($tokens[1] ?? null, 'SESSION') ? 2 : 1;
        $changes = [];
        $saves = [];
        while (true) {
            $target = $tokens[$at] ?? null;
            $value = $tokens[$at + 2] ?? null;
            if ($target === null || $value === null || !SqlTokens::isPunct($tokens[$at + 1], '=')) {
                throw RefusedStatement::kind('SET of a setting a backup never changes');
            }
            if ($target[0] === SqlTokens::USERVAR) {
                // @OLD_X = @@X: saves a setting before the dump changes it.
                $setting = strtoupper(substr($target[1], strlen('@OLD_')));
                if (
                    strncasecmp($target[1], '@OLD_', 5) !== 0 || !in_array($setting, self::SETTINGS, true)
                    || $value[0] !== SqlTokens::SYSVAR || strtoupper(substr($value[1], 2)) !== $setting
                ) {
                    throw RefusedStatement::kind('SET of a setting a backup never changes');
                }
                $saves[$setting] = $changes[$setting] ?? $this->session[$setting];
            } else {
                $setting = strtoupper($target[1]);
                if ($target[0] !== SqlTokens::WORD || !in_array($setting, self::SETTINGS, true)) {
                    throw RefusedStatement::kind('SET of a setting a backup never changes');
                }
                $changes[$setting] = $this->value($setting, $value, $saves);
            }
            $at += 3;
            if (!isset($tokens[$at])) {
                break;
            }
            if (!SqlTokens::isPunct($tokens[$at], ',')) {
                throw RefusedStatement::kind('SET of a setting a backup never changes');
            }
            ++$at;
        }
        $this->saved = array_replace($this->saved, $saves);
        $this->session = array_replace($this->session, $changes);
    }

    /**
     * @param array{0: string, 1: string} $value
     * @param array<string, string> $saves saved earlier in the same statement
     */
    private function value(string $setting, array $value, array $saves): string
    {
        if ($value[0] === SqlTokens::USERVAR) {
            // X = @OLD_X: puts back what the dump saved; never another setting's value, never an unsaved one.
            $saved = $saves[$setting] ?? $this->saved[$setting] ?? null;
            if (strcasecmp($value[1], '@OLD_' . $setting) !== 0 || $saved === null) {
                throw RefusedStatement::kind('SET of a setting a backup never changes');
            }

            return $saved;
        }
        $literal = match ($value[0]) {
            SqlTokens::STRING => self::unquote($value[1]),
            SqlTokens::NUMBER => $value[1],
            default => null,
        };
        $isString = $value[0] === SqlTokens::STRING;
        $valid = match ($setting) {
            'SQL_MODE' => $isString && self::isMode((string) $literal),
            'TIME_ZONE' => $isString && preg_match('/\A[+-](?:0[0-9]|1[0-4]):[0-5][0-9]\z/', (string) $literal) === 1,
            'UNIQUE_CHECKS', 'FOREIGN_KEY_CHECKS', 'SQL_NOTES' => $value[0] === SqlTokens::NUMBER
                && in_array($literal, ['0', '1'], true),
            default => false, // The character sets only ever go back to what was saved.
        };
        if (!$valid || $literal === null) {
            throw RefusedStatement::kind('SET of a setting a backup never changes');
        }

        return strtoupper($literal);
    }

    private static function isMode(string $mode): bool
    {
        if ($mode === '') {
            return true;
        }
        foreach (explode(',', strtoupper($mode)) as $flag) {
            if (!in_array($flag, self::MODE_FLAGS, true)) {
                return false;
            }
        }

        return true;
    }

    /** A string literal's text; only plain ones (no escapes) are values a dump sets. */
    private static function unquote(string $literal): ?string
    {
        $inner = substr($literal, 1, -1);

        return $literal[0] === "'" && strpbrk($inner, "'\\") === false ? $inner : null;
    }

    /** @return list<string> */
    private function modeFlags(): array
    {
        return explode(',', strtoupper($this->session['SQL_MODE']));
    }
}
