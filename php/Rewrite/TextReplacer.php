<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Rewrite;

use RuntimeException;

/**
 * Replaces the pairs in plain text, in one left-to-right pass (a replaced part
 * is never searched again), with three refinements over a substring replace:
 *
 * - Each pair is also replaced in its JSON-escaped form (`http:\/\/old.test`) and
 *   its URL-encoded form (`http%3A%2F%2Fold.test`, as in `?redirect_to=`).
 * - A match must end where a host name, port or path segment ends: `http://old.test`
 *   is not replaced inside `http://old.test1`, `http://old.test-2`, `http://old.test.org`
 *   or `http://old.test:8080`, but is before `/`, `"`, `?`, `#`, `\`, whitespace, a
 *   sentence's final dot, non-ASCII text or the end.
 * - A match that is already part of a replacement is left alone, so that running
 *   twice is harmless even when the new URL contains the old one
 *   (`http://example.com` => `http://example.com/staging`). The price: text that
 *   already read `http://example.com/staging` before the first run stays as it is.
 *
 * Matching is case-sensitive and byte-wise (multibyte text is never split).
 */
final class TextReplacer
{
    /** What may not follow a match whose search string ends in a letter, digit, `-` or `_`. */
    private const CONTINUATION = '(?![A-Za-z0-9_\-]|\.[A-Za-z0-9\-]|:[0-9]|%3[Aa][0-9]|%2[Ee][A-Za-z0-9])';

    private readonly string $pattern;
    /** @var array<string, string> every form's search string => its replacement */
    private readonly array $replacements;
    /** @var list<string> */
    private readonly array $needles;

    public function __construct(ReplacementPairs $pairs)
    {
        $forms = self::forms($pairs->toMap());
        $this->replacements = array_map(static fn (array $form): string => $form[0], $forms);
        $this->needles = self::shortestNeedles(array_map('strval', array_keys($forms)));
        $alternatives = [];
        foreach ($forms as $from => [, $bounded]) {
            $alternatives[] = self::guards((string) $from, $this->replacements)
                . preg_quote((string) $from, '~') . ($bounded ? self::CONTINUATION : '');
        }
        $this->pattern = $alternatives === [] ? '' : '~' . implode('|', $alternatives) . '~';
    }

    /**
     * Strings at least one of which every replaced text contains: a text with
     * none of them is left unchanged (and a database row can be skipped).
     *
     * @return list<string>
     */
    public function needles(): array
    {
        return $this->needles;
    }

    public function mightChange(string $text): bool
    {
        foreach ($this->needles as $needle) {
            if (str_contains($text, $needle)) {
                return true;
            }
        }

        return false;
    }

    public function replace(string $text): string
    {
        if ($this->pattern === '' || !$this->mightChange($text)) {
            return $text;
        }
        $result = preg_replace_callback($this->pattern, fn (array $m): string => $this->replacements[$m[0]], $text);
        if ($result === null) {
            throw new RuntimeException('Replacing failed: ' . preg_last_error_msg());
        }

        return $result;
    }

    /**
     * Plain, JSON-escaped and URL-encoded forms of every pair, longest search
     * string first so that the more specific pair wins where two start together.
     *
     * @param array<string, string> $pairs
     * @return array<string, array{string, bool}> search string => [replacement, needs a boundary after it]
     */
    private static function forms(array $pairs): array
    {
        $forms = [];
        foreach ($pairs as $from => $to) {
            $from = (string) $from;
            // The boundary depends on the plain form: `old.test/` ends a path, its encoded `%2F` ends in a letter.
            $bounded = preg_match('/[A-Za-z0-9_\-]\z/', $from) === 1;
            $candidates = [
                [$from, $to],
                [self::jsonEscaped($from), self::jsonEscaped($to)],
                [rawurlencode($from), rawurlencode($to)],
            ];
            foreach ($candidates as [$formFrom, $formTo]) {
                if ($formFrom !== null && $formTo !== null && !isset($forms[$formFrom])) {
                    $forms[$formFrom] = [$formTo, $bounded];
                }
            }
        }
        $order = static fn (string|int $key): array => [-strlen((string) $key), (string) $key];
        uksort($forms, static fn (string|int $a, string|int $b): int => $order($a) <=> $order($b));

        return $forms;
    }

    private static function jsonEscaped(string $text): ?string
    {
        $json = json_encode($text, JSON_UNESCAPED_UNICODE);

        return $json === false ? null : substr($json, 1, -1);
    }

    /**
     * Negative lookaheads that skip `$from` where it sits inside a replacement
     * already written (`http://example.com` inside `http://example.com/staging`,
     * or `//example.com` inside it at offset 5).
     *
     * @param array<string, string> $replacements
     */
    private static function guards(string $from, array $replacements): string
    {
        $guards = [];
        foreach (array_unique(array_values($replacements)) as $to) {
            for ($at = strpos($to, $from); $at !== false; $at = strpos($to, $from, $at + 1)) {
                $before = substr($to, 0, $at);
                $rest = substr($to, $at);
                $ends = preg_match('/[A-Za-z0-9_\-]\z/', $to) === 1 ? self::CONTINUATION : '';
                $guards[] = '(?!' . ($before === '' ? '' : '(?<=' . preg_quote($before, '~') . ')')
                    . preg_quote($rest, '~') . $ends . ')';
            }
        }

        return implode('', $guards);
    }

    /**
     * @param list<string> $strings
     * @return list<string> the strings that contain none of the others
     */
    private static function shortestNeedles(array $strings): array
    {
        usort($strings, static fn (string $a, string $b): int => [strlen($a), $a] <=> [strlen($b), $b]);
        $needles = [];
        foreach ($strings as $candidate) {
            foreach ($needles as $needle) {
                if (str_contains($candidate, $needle)) {
                    continue 2;
                }
            }
            $needles[] = $candidate;
        }

        return $needles;
    }
}
