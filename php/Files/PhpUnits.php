<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

use PhpToken;

/**
 * A PHP file as PHP's own tokenizer reads it, with every string (quoted, interpolated, heredoc)
 * and every comment folded into one unit, so a redaction replaces whole values and the rest of
 * the file keeps its bytes. "Code" positions count only the units that are neither whitespace
 * nor comments, which is how expressions are walked.
 */
final class PhpUnits
{
    public const STRING  = 'string';
    public const COMMENT = 'comment';
    public const SPACE   = 'space';
    public const OTHER   = 'other';

    private const OPENERS = ['(', '[', '{'];
    private const CLOSERS = [')', ']', '}'];

    /** @var list<array{kind: string, id: int, text: string, vars: list<string>}> */
    public array $units = [];
    /** @var list<int> unit index of each code position */
    public array $code = [];

    /** @param list<PhpToken> $tokens */
    private function __construct(array $tokens)
    {
        $count = count($tokens);
        for ($i = 0; $i < $count; $i++) {
            $token = $tokens[$i];
            $close = match (true) {
                '"' === $token->text, '`' === $token->text => $token->text,
                T_START_HEREDOC === $token->id             => T_END_HEREDOC,
                default                                    => null,
            };
            if (null !== $close) {
                $text = $token->text;
                $vars = [];
                while (++$i < $count) {
                    $text .= $tokens[$i]->text;
                    if (T_VARIABLE === $tokens[$i]->id) {
                        $vars[] = $tokens[$i]->text;
                    }
                    if ($tokens[$i]->text === $close || $tokens[$i]->id === $close) {
                        break;
                    }
                }
                $this->add(self::STRING, $token->id, $text, $vars);
                continue;
            }
            $kind = match ($token->id) {
                T_CONSTANT_ENCAPSED_STRING, T_ENCAPSED_AND_WHITESPACE => self::STRING,
                T_COMMENT, T_DOC_COMMENT                               => self::COMMENT,
                T_WHITESPACE                                           => self::SPACE,
                default                                                => self::OTHER,
            };
            $this->add($kind, $token->id, $token->text);
        }
    }

    /**
     * @param bool $strict check the syntax too (then a file PHP would refuse throws)
     * @throws \CompileError when $strict and the file is not valid PHP
     */
    public static function of(string $source, bool $strict): self
    {
        return new self(array_values(PhpToken::tokenize($source, $strict ? TOKEN_PARSE : 0)));
    }

    /** @param array<int, string> $replacements unit index => new text */
    public function render(array $replacements): string
    {
        $out = '';
        foreach ($this->units as $index => $unit) {
            $out .= $replacements[$index] ?? $unit['text'];
        }
        return $out;
    }

    public function codeCount(): int
    {
        return count($this->code);
    }

    /** @return array{kind: string, id: int, text: string, vars: list<string>}|null the unit at a code position */
    public function at(int $position): ?array
    {
        return isset($this->code[$position]) ? $this->units[$this->code[$position]] : null;
    }

    public function textAt(int $position): string
    {
        return $this->at($position)['text'] ?? '';
    }

    public function isString(int $position): bool
    {
        return self::STRING === ($this->at($position)['kind'] ?? null);
    }

    public function idAt(int $position): int
    {
        return $this->at($position)['id'] ?? 0;
    }

    /** The position of the bracket that closes the one at $open; the end of the file when none does. */
    public function closing(int $open): int
    {
        $depth = 0;
        for ($p = $open, $n = $this->codeCount(); $p < $n; $p++) {
            if ($this->opens($p)) {
                $depth++;
            } elseif ($this->closes($p) && 0 === --$depth) {
                return $p;
            }
        }
        return $this->codeCount();
    }

    /**
     * Where the expression beginning at $from ends: at a comma or semicolon outside brackets, at
     * the bracket that closes the one it sits in, at a closing tag, or at $limit.
     */
    public function expressionEnd(int $from, int $limit): int
    {
        $depth = 0;
        for ($p = $from; $p < $limit; $p++) {
            if ($this->opens($p)) {
                $depth++;
            } elseif ($this->closes($p)) {
                if (0 === $depth--) {
                    return $p;
                }
            } elseif (0 === $depth && $this->endsExpression($p)) {
                return $p;
            }
        }
        return $limit;
    }

    /**
     * The value of a plain quoted string with nothing interpolated; null for anything else.
     */
    public function literalAt(int $position): ?string
    {
        $unit = $this->at($position);
        if (null === $unit || T_CONSTANT_ENCAPSED_STRING !== $unit['id']) {
            return null;
        }
        $text  = ltrim($unit['text'], 'bB');
        $inner = substr($text, 1, -1);
        return '"' === $text[0] ? stripcslashes($inner) : str_replace(["\\'", '\\\\'], ["'", '\\'], $inner);
    }

    /** @return list<int> unit indices from code position $from up to (not including) code position $to */
    public function unitsBetween(int $from, int $to): array
    {
        if ($from >= $to || !isset($this->code[$from])) {
            return [];
        }
        $last = $this->code[$to - 1] ?? array_key_last($this->units);
        return range($this->code[$from], (int) $last);
    }

    private function endsExpression(int $position): bool
    {
        return in_array($this->textAt($position), [',', ';'], true) || T_CLOSE_TAG === $this->idAt($position);
    }

    private function opens(int $position): bool
    {
        $unit = $this->at($position);
        return null !== $unit && (in_array($unit['text'], self::OPENERS, true) || T_ATTRIBUTE === $unit['id']
            || T_CURLY_OPEN === $unit['id'] || T_DOLLAR_OPEN_CURLY_BRACES === $unit['id']);
    }

    private function closes(int $position): bool
    {
        return in_array($this->textAt($position), self::CLOSERS, true);
    }

    /** @param list<string> $vars variables interpolated in a string */
    private function add(string $kind, int $id, string $text, array $vars = []): void
    {
        if (self::SPACE !== $kind && self::COMMENT !== $kind) {
            $this->code[] = count($this->units);
        }
        $this->units[] = ['kind' => $kind, 'id' => $id, 'text' => $text, 'vars' => $vars];
    }
}
