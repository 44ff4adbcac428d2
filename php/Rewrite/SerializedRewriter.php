<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Rewrite;

use Closure;

/**
 * Rewrites the strings inside PHP serialize() output without unserialize():
 * unserializing stored data can instantiate arbitrary classes (object
 * injection), and the site's classes are not loaded here anyway.
 *
 * A small tokenizer copies every token byte for byte, except the contents of
 * `s:N:"...";` values, which it hands to a callback and writes back with their
 * new byte length. Array keys and property names are copied unchanged (they
 * are identifiers; rewriting one could also collide with another key). Class
 * names of `O:` objects and `E:` enums, `r:`/`R:` references (value positions,
 * which stay the same), numbers and the legacy escaped `S:` strings are copied.
 * A custom-serialized `C:` payload goes to a second callback. Anything that does
 * not parse, or trailing bytes, throws MalformedSerialized.
 */
final class SerializedRewriter
{
    /** Nesting beyond this is refused rather than risking the stack. */
    private const MAX_DEPTH = 512;

    private int $pos = 0;
    private string $out = '';

    /**
     * @param Closure(string, int): string $rewriteString
     * @param Closure(string, int): string $rewritePayload
     */
    private function __construct(
        private readonly string $data,
        private readonly Closure $rewriteString,
        private readonly Closure $rewritePayload,
    ) {
    }

    /**
     * Whether $text starts like serialize() output of a type that can hold a
     * string (array, object, string) and ends like one. Such text is either
     * rewritten as serialized data or, if it does not parse, left alone.
     */
    public static function looksSerialized(string $text): bool
    {
        return preg_match('/\A(?:a:[0-9]+:\{|[OC]:[0-9]+:"|[sS]:[0-9]+:")/', $text) === 1
            && in_array(substr($text, -1), [';', '}'], true);
    }

    /**
     * @param int $depth nesting already entered (strings inside serialized strings count)
     * @param Closure(string, int): string $rewriteString gets a string's contents and the depth
     * @param Closure(string, int): string $rewritePayload gets a C: payload and the depth
     * @throws MalformedSerialized
     */
    public static function rewrite(string $data, int $depth, Closure $rewriteString, Closure $rewritePayload): string
    {
        $parser = new self($data, $rewriteString, $rewritePayload);
        $parser->value($depth);
        if ($parser->pos !== strlen($data)) {
            throw new MalformedSerialized('Bytes after the serialized value.');
        }

        return $parser->out;
    }

    private function value(int $depth): void
    {
        if ($depth > self::MAX_DEPTH) {
            throw new MalformedSerialized('Nested too deeply.');
        }
        switch ($this->data[$this->pos] ?? '') {
            case 'N':
                $this->copy('/\GN;/');
                break;
            case 'b':
                $this->copy('/\Gb:[01];/');
                break;
            case 'i':
                $this->copy('/\Gi:[+-]?[0-9]+;/');
                break;
            case 'd':
                $this->copy('/\Gd:(?:NAN|-?INF|[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?);/');
                break;
            case 'r':
            case 'R':
                $this->copy('/\G[rR]:[0-9]+;/');
                break;
            case 's':
                $this->string($depth, true);
                break;
            case 'S':
                $this->escapedString();
                break;
            case 'E':
                $this->enum();
                break;
            case 'a':
                $this->array($depth);
                break;
            case 'O':
                $this->object($depth);
                break;
            case 'C':
                $this->custom($depth);
                break;
            default:
                throw new MalformedSerialized('Unknown type at byte ' . $this->pos . '.');
        }
    }

    /** An array key or property name: an integer or a string, copied as is. */
    private function key(): void
    {
        $type = $this->data[$this->pos] ?? '';
        if ($type === 'i') {
            $this->copy('/\Gi:[+-]?[0-9]+;/');
        } elseif ($type === 's') {
            $this->string(0, false);
        } else {
            throw new MalformedSerialized('Bad key at byte ' . $this->pos . '.');
        }
    }

    private function string(int $depth, bool $rewrite): void
    {
        $length = $this->header('/\Gs:([0-9]+):"/');
        $contents = $this->take($length);
        $this->expect('";');
        $contents = $rewrite ? ($this->rewriteString)($contents, $depth + 1) : $contents;
        $this->out .= 's:' . strlen($contents) . ':"' . $contents . '";';
    }

    /** `S:` (old binary-safe form): N characters, each a byte or a `\hh` escape. Copied. */
    private function escapedString(): void
    {
        $start = $this->pos;
        $length = $this->header('/\GS:([0-9]+):"/');
        for ($i = 0; $i < $length; ++$i) {
            if (($this->data[$this->pos] ?? '') === '\\') {
                if (preg_match('/\G\\\\[0-9a-fA-F]{2}/', $this->data, $m, 0, $this->pos) !== 1) {
                    throw new MalformedSerialized('Bad escape in S: string.');
                }
                $this->pos += 3;
            } elseif ($this->pos < strlen($this->data)) {
                ++$this->pos;
            } else {
                throw new MalformedSerialized('S: string runs past the end.');
            }
        }
        $this->expect('";');
        $this->out .= substr($this->data, $start, $this->pos - $start);
    }

    private function enum(): void
    {
        $start = $this->pos;
        $name = $this->take($this->header('/\GE:([0-9]+):"/'));
        if (!str_contains($name, ':')) {
            throw new MalformedSerialized('Enum without a case.');
        }
        $this->expect('";');
        $this->out .= substr($this->data, $start, $this->pos - $start);
    }

    private function array(int $depth): void
    {
        $start = $this->pos;
        $count = $this->header('/\Ga:([0-9]+):\{/');
        $this->out .= substr($this->data, $start, $this->pos - $start);
        $this->members($count, $depth);
    }

    private function object(int $depth): void
    {
        $start = $this->pos;
        $this->take($this->header('/\GO:([0-9]+):"/'));
        $count = $this->header('/\G":([0-9]+):\{/');
        $this->out .= substr($this->data, $start, $this->pos - $start);
        $this->members($count, $depth);
    }

    private function members(int $count, int $depth): void
    {
        for ($i = 0; $i < $count; ++$i) {
            $this->key();
            $this->value($depth + 1);
        }
        $this->expect('}');
        $this->out .= '}';
    }

    private function custom(int $depth): void
    {
        $start = $this->pos;
        $this->take($this->header('/\GC:([0-9]+):"/'));
        $prefix = substr($this->data, $start, $this->pos - $start);
        $payload = $this->take($this->header('/\G":([0-9]+):\{/'));
        $this->expect('}');
        $payload = ($this->rewritePayload)($payload, $depth + 1);
        $this->out .= $prefix . '":' . strlen($payload) . ':{' . $payload . '}';
    }

    /** Matches a header ending in a length or count, moves past it and returns the number. */
    private function header(string $pattern): int
    {
        if (preg_match($pattern, $this->data, $m, 0, $this->pos) !== 1 || strlen($m[1]) > 10) {
            throw new MalformedSerialized('Bad header at byte ' . $this->pos . '.');
        }
        $this->pos += strlen($m[0]);

        return (int) $m[1];
    }

    private function take(int $length): string
    {
        if ($length > strlen($this->data) - $this->pos) {
            throw new MalformedSerialized('Length runs past the end at byte ' . $this->pos . '.');
        }
        $bytes = substr($this->data, $this->pos, $length);
        $this->pos += $length;

        return $bytes;
    }

    private function expect(string $bytes): void
    {
        if (substr_compare($this->data, $bytes, $this->pos, strlen($bytes)) !== 0) {
            throw new MalformedSerialized(sprintf('Expected %s at byte %d.', $bytes, $this->pos));
        }
        $this->pos += strlen($bytes);
    }

    private function copy(string $pattern): void
    {
        if (preg_match($pattern, $this->data, $m, 0, $this->pos) !== 1) {
            throw new MalformedSerialized('Bad token at byte ' . $this->pos . '.');
        }
        $this->out .= $m[0];
        $this->pos += strlen($m[0]);
    }
}
