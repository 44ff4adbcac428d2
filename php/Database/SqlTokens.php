<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Cuts a statement into tokens the way the server's lexer does under a given SQL mode: strings
 * (backslash escapes unless NO_BACKSLASH_ESCAPES), backtick identifiers, double quotes as strings
 * or (ANSI_QUOTES) identifiers, numbers, words, @user and @@system variables, single punctuation
 * characters. Whitespace and plain comments are dropped but remembered; an executable comment
 * (`/*!`, `/*M!`) or hint (`/*+`) ends the cut, since its content is SQL the policy does not read.
 */
final class SqlTokens
{
    public const WORD = 'word';
    public const ID = 'id';
    public const STRING = 'str';
    public const NUMBER = 'num';
    public const SYSVAR = 'sysvar';
    public const USERVAR = 'uservar';
    public const PUNCT = 'punct';

    /** @var array<string, string> */
    private static array $patterns = [];

    /**
     * @param list<array{0: string, 1: string}> $tokens [type, text]
     * @param list<int> $offsets where each token begins in the text that was cut
     */
    private function __construct(
        public readonly array $tokens,
        public readonly array $offsets,
        public readonly bool $hasComment,
        public readonly bool $hasExecutableComment,
        public readonly bool $complete,
    ) {
    }

    public static function of(string $sql, bool $ansiQuotes = false, bool $backslashEscapes = true): self
    {
        $pattern = self::pattern($ansiQuotes, $backslashEscapes);
        $found = preg_match_all($pattern, $sql, $matches, PREG_SET_ORDER);
        $tokens = [];
        $offsets = [];
        $comment = false;
        $executable = false;
        $consumed = 0;
        foreach ($found === false ? [] : $matches as $match) {
            $text = $match[0];
            // Every match begins where the last one ended (\G): its offset is what was consumed before it.
            $offset = $consumed;
            $consumed += strlen($text);
            $type = (string) ($match['MARK'] ?? '');
            if ($type === 'ws') {
                continue;
            }
            if ($type === 'comment') {
                $comment = true;
                continue;
            }
            if ($type === 'exec') {
                $executable = true;
                break;
            }
            $tokens[] = [$type, $text];
            $offsets[] = $offset;
        }

        $complete = !$executable && $found !== false && $consumed === strlen($sql);

        return new self($tokens, $offsets, $comment, $executable, $complete);
    }

    /**
     * The text of an identifier token (id, or a bare word) without its quotes.
     *
     * @param array{0: string, 1: string} $token
     */
    public static function name(array $token): string
    {
        [$type, $text] = $token;
        if ($type !== self::ID) {
            return $text;
        }
        $quote = $text[0];

        return str_replace($quote . $quote, $quote, substr($text, 1, -1));
    }

    /** @param array{0: string, 1: string}|null $token */
    public static function isWord(?array $token, string ...$words): bool
    {
        return $token !== null && $token[0] === self::WORD && in_array(strtoupper($token[1]), $words, true);
    }

    /** @param array{0: string, 1: string}|null $token */
    public static function isPunct(?array $token, string $char): bool
    {
        return $token !== null && $token[0] === self::PUNCT && $token[1] === $char;
    }

    /**
     * @param array{0: string, 1: string}|null $token
     * @phpstan-assert-if-true array{0: string, 1: string} $token
     */
    public static function isName(?array $token): bool
    {
        return $token !== null && ($token[0] === self::ID || $token[0] === self::WORD);
    }

    private static function pattern(bool $ansiQuotes, bool $backslashEscapes): string
    {
        $key = ($ansiQuotes ? 'a' : '') . ($backslashEscapes ? 'b' : '');
        if (isset(self::$patterns[$key])) {
            return self::$patterns[$key];
        }
        // Unrolled loops: no backtracking, whatever the length of the string.
        $quoted = static fn (string $q, bool $escapes): string => $escapes
            ? $q . '[^' . $q . '\\\\]*+(?:(?:\\\\[\s\S]|' . $q . $q . ')[^' . $q . '\\\\]*+)*+' . $q
            : $q . '[^' . $q . ']*+(?:' . $q . $q . '[^' . $q . ']*+)*+' . $q;
        $word = '[A-Za-z0-9_$\x80-\xff]';

        return self::$patterns[$key] = '/\G(?:'
            . '[ \t\r\n\f\x0b]++(*MARK:ws)'
            . '|(?:--(?=[\x00-\x20]|$)[^\n]*+|#[^\n]*+)(*MARK:comment)'
            . '|\/\*(?:!|M!|\+)(*MARK:exec)'
            . '|\/\*[\s\S]*?\*\/(*MARK:comment)'
            . '|' . $quoted('`', false) . '(*MARK:id)'
            . '|' . $quoted("'", $backslashEscapes) . '(*MARK:str)'
            . '|' . ($ansiQuotes ? $quoted('"', false) . '(*MARK:id)' : $quoted('"', $backslashEscapes) . '(*MARK:str)')
            . '|(?:0x[0-9a-fA-F]++|0b[01]++|[0-9]++(?:\.[0-9]*+)?(?:[eE][-+]?[0-9]++)?|\.[0-9]++(?:[eE][-+]?[0-9]++)?)'
            . '(?!' . $word . ')(*MARK:num)'
            . '|' . $word . '++(*MARK:word)'
            . '|@@[A-Za-z0-9_.$]*+(*MARK:sysvar)'
            . '|@(?:[A-Za-z0-9_.$]++|' . $quoted("'", $backslashEscapes) . '|' . $quoted('`', false) . ')'
            . '(*MARK:uservar)'
            . '|[^\s\'"`@](*MARK:punct)'
            . ')/';
    }
}
