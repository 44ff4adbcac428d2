<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

/**
 * The blunt way, for a file PHP cannot parse (a stray quote can turn code into strings and strings
 * into code): from every piece that names one of the constants, or any constant with the fallback
 * prefix, to the end of its statement, every string, word and number goes, and so do the
 * statements that assign the variables named there. The file stays as broken as it was, and
 * nothing those statements held is stored.
 */
final class BrokenPhpRedactor
{
    /** Words kept in a redacted statement: they say what it was and hold nothing. */
    private const KEEP_WORDS = ['define', 'array', 'getenv', 'true', 'false', 'null'];
    private const BLANKED = [
        T_STRING, T_NAME_QUALIFIED, T_NAME_FULLY_QUALIFIED, T_NAME_RELATIVE, T_LNUMBER, T_DNUMBER,
        T_NUM_STRING, T_STRING_VARNAME, T_BAD_CHARACTER, T_INLINE_HTML,
    ];

    private PhpUnits $units;
    /** @var array<int, string> */
    private array $replacements = [];
    /** @var array<string, true> */
    private array $variables = [];

    public function __construct(private readonly SecretRedaction $rules)
    {
    }

    public function redact(string $source): RedactedSource
    {
        $this->units        = PhpUnits::of($source, false);
        $this->replacements = [];
        $this->variables    = [];
        $positions          = array_flip($this->units->code);
        foreach ($this->units->units as $index => $unit) {
            if (!$this->rules->isMentionedIn($unit['text'])) {
                continue;
            }
            if (isset($positions[$index])) {
                $this->blankStatement($positions[$index], $index);
            } else {
                $this->blank($index, false);
            }
        }
        $this->blankAssignments();
        $prefix = '' === $this->rules->fallbackPrefix ? 'the named' : $this->rules->fallbackPrefix;
        return new RedactedSource(
            $this->units->render($this->replacements),
            "could not be parsed as PHP, so every value in the statements naming $prefix constants was removed"
        );
    }

    /** From code position $from to the end of its statement. */
    private function blankStatement(int $from, ?int $trigger): void
    {
        $end = $from;
        $n   = $this->units->codeCount();
        while ($end < $n && ($end === $from || !$this->endsStatement($end))) {
            $end++;
        }
        foreach ($this->units->unitsBetween($from, $end) as $index) {
            $this->blank($index, $index === $trigger);
        }
    }

    /** Statements that begin with a variable a redacted statement named. */
    private function blankAssignments(): void
    {
        $units = $this->units;
        for ($p = 0, $n = $units->codeCount(); $p < $n; $p++) {
            $startsStatement = 0 === $p || $this->endsStatement($p - 1)
                || in_array($units->textAt($p - 1), ['{', '}'], true) || T_OPEN_TAG === $units->idAt($p - 1);
            if ($startsStatement && T_VARIABLE === $units->idAt($p) && isset($this->variables[$units->textAt($p)])) {
                $this->blankStatement($p, null);
            }
        }
    }

    /** @param bool $trigger the piece that named the constant: a bare name is kept, so the file still says what was there */
    private function blank(int $index, bool $trigger): void
    {
        $unit = $this->units->units[$index];
        if (PhpUnits::COMMENT === $unit['kind']) {
            $this->replacements[$index] = SecretRedaction::commentInPlaceOf($unit['text']);
            return;
        }
        if (T_VARIABLE === $unit['id']) {
            if (!in_array($unit['text'], SecretRedaction::SUPERGLOBALS, true)) {
                $this->variables[$unit['text']] = true;
            }
            return;
        }
        $isName = $trigger && 1 === preg_match('/\A([\'"]?)\w+\1\z/', $unit['text']);
        $isWord = T_STRING === $unit['id'] && in_array(strtolower($unit['text']), self::KEEP_WORDS, true);
        if ($isName || $isWord) {
            return;
        }
        if (T_INLINE_HTML === $unit['id']) {
            $this->replacements[$index] = SecretRedaction::MARKER . "\n";
        } elseif (PhpUnits::STRING === $unit['kind'] || in_array($unit['id'], self::BLANKED, true)) {
            $this->replacements[$index] = SecretRedaction::quotedMarker();
        }
    }

    private function endsStatement(int $position): bool
    {
        return ';' === $this->units->textAt($position) || T_CLOSE_TAG === $this->units->idAt($position);
    }
}
