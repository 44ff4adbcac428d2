<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Files;

/**
 * Removes secrets from a PHP configuration file (wp-config.php) with PHP's own tokenizer: the
 * string literals in the values of the named constants (define() or const, arrays in either
 * syntax, any quoting, getenv() fallbacks), of the variables those values are built from, and
 * comments that name the constants (an old key left commented out). Everything else keeps its
 * bytes, and the result still parses. A file PHP cannot parse goes to BrokenPhpRedactor.
 */
final class PhpSecretRedactor
{
    /** Tokens after which "define(" is a method, a declaration or a class constant, not the function. */
    private const NOT_A_CALL_AFTER = ['->', '?->', '::', 'function', 'new', 'const'];
    /** How many variables deep a value is followed ($a = $b; $b = array(...)). */
    private const MAX_HOPS = 4;

    private PhpUnits $units;
    /** @var array<int, string> unit index => replacement */
    private array $replacements = [];
    /** @var array<string, list<string>> variable => keys of its value to remove ([]: all of it), still to be followed */
    private array $pending = [];
    /** @var array<string, true> variables (with their keys) already followed */
    private array $followed = [];

    public function __construct(private readonly SecretRedaction $rules)
    {
    }

    public function redact(string $source): RedactedSource
    {
        try {
            $this->units = PhpUnits::of($source, true);
        } catch (\CompileError) {
            return (new BrokenPhpRedactor($this->rules))->redact($source);
        }
        $this->replacements = [];
        $this->pending      = [];
        $this->followed     = [];
        $this->redactConstants();
        for ($hop = 0; $hop < self::MAX_HOPS && [] !== $this->pending; $hop++) {
            $this->redactAssignments();
        }
        $this->redactMentions();
        $redacted = $this->units->render($this->replacements);
        try {
            PhpUnits::of($redacted, true);
        } catch (\CompileError) {
            // Never expected; if it happens, the blunt way still stores nothing secret.
            return (new BrokenPhpRedactor($this->rules))->redact($source);
        }
        return new RedactedSource($redacted);
    }

    /** Finds define('NAME', value) and const NAME = value for the named constants. */
    private function redactConstants(): void
    {
        $units = $this->units;
        for ($p = 0, $n = $units->codeCount(); $p < $n; $p++) {
            $id = $units->idAt($p);
            if (
                (T_STRING === $id || T_NAME_FULLY_QUALIFIED === $id)
                && 'define' === strtolower(ltrim($units->textAt($p), '\\'))
                && '(' === $units->textAt($p + 1)
                && !in_array(strtolower($units->textAt($p - 1)), self::NOT_A_CALL_AFTER, true)
            ) {
                $close   = $units->closing($p + 1);
                $nameEnd = $units->expressionEnd($p + 2, $close);
                $name    = $nameEnd === $p + 3 ? $units->literalAt($p + 2) : null;
                if (null !== $name && isset($this->rules->constants[$name]) && ',' === $units->textAt($nameEnd)) {
                    $valueEnd = $units->expressionEnd($nameEnd + 1, $close);
                    $this->redactValue($nameEnd + 1, $valueEnd, $this->rules->constants[$name]);
                }
            } elseif (T_CONST === $id) {
                $this->redactConstDeclaration($p + 1);
            }
        }
    }

    /** const A = 1, B = 2; starting at the first name. */
    private function redactConstDeclaration(int $position): void
    {
        $units = $this->units;
        $n     = $units->codeCount();
        while ($position < $n && '=' === $units->textAt($position + 1)) {
            $end  = $units->expressionEnd($position + 2, $n);
            $name = $units->textAt($position);
            if (T_STRING === $units->idAt($position) && isset($this->rules->constants[$name])) {
                $this->redactValue($position + 2, $end, $this->rules->constants[$name]);
            }
            if (',' !== $units->textAt($end)) {
                return;
            }
            $position = $end + 1;
        }
    }

    /**
     * @param list<string> $keys the array keys whose values go; [] (or a value that is no array): all of it
     */
    private function redactValue(int $from, int $to, array $keys): void
    {
        $units = $this->units;
        if ([] === $keys || !$this->hasArrow($from, $to)) {
            // No array written out here: its strings go, and the variables it is built from keep the keys.
            $this->redactAll($from, $to, $keys);
            return;
        }
        $p = $from;
        while ($p < $to) {
            if (T_DOUBLE_ARROW === $units->idAt($p)) {
                $end = $units->expressionEnd($p + 1, $to);
                $key = $units->literalAt($p - 1);
                if (null !== $key && in_array($key, $keys, true)) {
                    $this->redactAll($p + 1, $end);
                } elseif ($this->hasArrow($p + 1, $end)) {
                    $this->redactValue($p + 1, $end, $keys);
                }
                $p = $end;
                continue;
            }
            if (T_VARIABLE === $units->idAt($p)) {
                $this->follow($units->textAt($p), $keys);
            }
            $p++;
        }
    }

    /**
     * Every string literal and comment from $from to $to, except names: array keys, getenv() arguments, indexes.
     * @param list<string> $variableKeys what to remove from the variables named there ([]: all of them)
     */
    private function redactAll(int $from, int $to, array $variableKeys = []): void
    {
        $units = $this->units;
        foreach ($units->unitsBetween($from, $to) as $index) {
            if (PhpUnits::COMMENT === $units->units[$index]['kind']) {
                $this->replacements[$index] = SecretRedaction::commentInPlaceOf($units->units[$index]['text']);
            }
        }
        $p = $from;
        while ($p < $to) {
            $id = $units->idAt($p);
            if (T_STRING === $id && 'getenv' === strtolower($units->textAt($p)) && '(' === $units->textAt($p + 1)) {
                $p = $units->closing($p + 1) + 1; // the name of an environment variable, not its value
                continue;
            }
            if (T_VARIABLE === $id) {
                $name = $units->textAt($p);
                if ('[' === $units->textAt($p + 1)) {
                    $close = $units->closing($p + 1);
                    $index = $close === $p + 3 ? $units->literalAt($p + 2) : null;
                    $this->follow($name, null === $index ? [] : [$index]);
                    $p = $close + 1;
                    continue;
                }
                $this->follow($name, $variableKeys);
            } elseif ($units->isString($p) && T_DOUBLE_ARROW !== $units->idAt($p + 1)) {
                $this->replacements[$units->code[$p]] = SecretRedaction::quotedMarker();
                foreach ($units->units[$units->code[$p]]['vars'] as $interpolated) {
                    $this->follow($interpolated, []);
                }
            }
            $p++;
        }
    }

    /** Redacts what is assigned to the variables that the constants' values are built from. */
    private function redactAssignments(): void
    {
        $units         = $this->units;
        $n             = $units->codeCount();
        $pending       = $this->pending;
        $this->pending = [];
        for ($p = 0; $p < $n; $p++) {
            $keys = $pending[$units->textAt($p)] ?? null;
            if (T_VARIABLE !== $units->idAt($p) || null === $keys) {
                continue;
            }
            if ($this->assigns($p + 1)) {
                $this->redactValue($p + 2, $units->expressionEnd($p + 2, $n), $keys);
            } elseif ('[' === $units->textAt($p + 1)) {
                $close = $units->closing($p + 1);
                $index = $close === $p + 3 ? $units->literalAt($p + 2) : null;
                // $x[] = or $x[$k] = may set any key: removed unless the keys say what to remove.
                if ($this->assigns($close + 1) && ([] === $keys || null === $index || in_array($index, $keys, true))) {
                    $this->redactAll($close + 2, $units->expressionEnd($close + 2, $n));
                }
            }
        }
    }

    /** Comments and text outside PHP that name the constants: an old value may sit beside the name. */
    private function redactMentions(): void
    {
        foreach ($this->units->units as $index => $unit) {
            if (PhpUnits::COMMENT === $unit['kind'] && $this->rules->isMentionedIn($unit['text'])) {
                $this->replacements[$index] = SecretRedaction::commentInPlaceOf($unit['text']);
            } elseif (T_INLINE_HTML === $unit['id'] && $this->rules->isMentionedIn($unit['text'])) {
                $newline                    = str_ends_with($unit['text'], "\n") ? "\n" : '';
                $this->replacements[$index] = SecretRedaction::MARKER . $newline;
            }
        }
    }

    /** @param list<string> $keys */
    private function follow(string $variable, array $keys): void
    {
        if (in_array($variable, SecretRedaction::SUPERGLOBALS, true)) {
            return;
        }
        $seen = $variable . json_encode($keys);
        if (isset($this->followed[$seen])) {
            return;
        }
        $this->followed[$seen] = true;
        $before = $this->pending[$variable] ?? null;
        // Two wishes for the same variable: the whole value wins over some keys.
        $this->pending[$variable] = match (true) {
            null === $before               => $keys,
            [] === $before || [] === $keys => [],
            default                        => array_values(array_unique([...$before, ...$keys])),
        };
    }

    private function assigns(int $position): bool
    {
        return '=' === $this->units->textAt($position)
            || in_array($this->units->idAt($position), [T_CONCAT_EQUAL, T_COALESCE_EQUAL], true);
    }

    private function hasArrow(int $from, int $to): bool
    {
        for ($p = $from; $p < $to; $p++) {
            if (T_DOUBLE_ARROW === $this->units->idAt($p)) {
                return true;
            }
        }
        return false;
    }
}
