<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Database;

/**
 * Splits a stream of SQL into statements the way the `mariadb` client does,
 * holding only the current statement plus one read block in memory.
 *
 * Understands quoted strings ('..', "..", `..`) with backslash and doubled
 * quote escapes, `-- `, `#` and block comments, and the client's
 * `DELIMITER x` command (used around trigger bodies). Comments between
 * statements are dropped; comments inside a statement are kept, and
 * executable comments (/*! ... *\/) are statements like any other.
 * Assumes the server does not run with NO_BACKSLASH_ESCAPES, like the dumps it reads.
 */
final class SqlStatementReader
{
    private string $buffer = '';
    private int $pos = 0;
    private bool $eof = false;
    private string $delimiter = ';';

    /** @var int<1, max> */
    private readonly int $readBytes;

    /** @param resource $in */
    public function __construct(private $in, int $readBytes = 65536)
    {
        $this->readBytes = max(1, $readBytes);
    }

    /** @return \Generator<int, string> */
    public function statements(): \Generator
    {
        while (($statement = $this->next()) !== null) {
            yield $statement;
        }
    }

    /** The next statement without its delimiter, or null at the end of the stream. */
    public function next(): ?string
    {
        while (true) {
            $this->skipNoise();
            if ($this->pos > 0) {
                // Forget what was consumed: memory holds the current statement only.
                $this->buffer = substr($this->buffer, $this->pos);
                $this->pos = 0;
            }
            if (!$this->ensure(1)) {
                return null;
            }
            if ($this->atDelimiterCommand()) {
                $this->readDelimiterCommand();
                continue;
            }
            $statement = $this->scanStatement();
            if ($statement !== '') {
                return $statement;
            }
        }
    }

    private function scanStatement(): string
    {
        $start = $this->pos;
        $specials = "'\"`#-/" . $this->delimiter[0];
        while (true) {
            $this->pos += strcspn($this->buffer, $specials, $this->pos);
            if ($this->pos >= strlen($this->buffer) && !$this->refill()) {
                return rtrim(substr($this->buffer, $start));
            }
            if ($this->pos >= strlen($this->buffer)) {
                continue;
            }
            $char = $this->buffer[$this->pos];
            if (
                $char === $this->delimiter[0] && $this->ensure(strlen($this->delimiter))
                && substr_compare($this->buffer, $this->delimiter, $this->pos, strlen($this->delimiter)) === 0
            ) {
                $statement = rtrim(substr($this->buffer, $start, $this->pos - $start));
                $this->pos += strlen($this->delimiter);

                return $statement;
            }
            if ($char === "'" || $char === '"' || $char === '`') {
                $this->skipQuoted($char);
            } elseif ($char === '#' || $this->atLineComment()) {
                $this->skipPast("\n");
            } elseif ($char === '/' && $this->ensure(2) && $this->buffer[$this->pos + 1] === '*') {
                $this->pos += 2;
                $this->skipPast('*/');
            } else {
                ++$this->pos;
            }
        }
    }

    /** Whitespace and plain comments before a statement. */
    private function skipNoise(): void
    {
        while ($this->ensure(1)) {
            $this->pos += strspn($this->buffer, " \t\r\n\f\v", $this->pos);
            if (!$this->ensure(1)) {
                return;
            }
            $char = $this->buffer[$this->pos];
            if ($char === '#' || $this->atLineComment()) {
                $this->skipPast("\n");
            } elseif ($this->atPlainBlockComment()) {
                $this->pos += 2;
                $this->skipPast('*/');
            } else {
                return;
            }
        }
    }

    /** A block comment that is not executable (`/*!`, `/*M!`) nor an optimizer hint (`/*+`). */
    private function atPlainBlockComment(): bool
    {
        $this->ensure(4);
        $head = substr($this->buffer, $this->pos, 4);

        return str_starts_with($head, '/*') && !str_starts_with($head, '/*!') && !str_starts_with($head, '/*+')
            && !str_starts_with($head, '/*M!');
    }

    /** `--` starts a comment only when followed by whitespace, a control character or the end. */
    private function atLineComment(): bool
    {
        if ($this->buffer[$this->pos] !== '-' || !$this->ensure(2) || $this->buffer[$this->pos + 1] !== '-') {
            return false;
        }

        return !$this->ensure(3) || ord($this->buffer[$this->pos + 2]) <= 32;
    }

    private function skipQuoted(string $quote): void
    {
        $stops = $quote === '`' ? '`' : $quote . '\\';
        ++$this->pos;
        while (true) {
            $this->pos += strcspn($this->buffer, $stops, $this->pos);
            if ($this->pos >= strlen($this->buffer)) {
                if (!$this->refill()) {
                    return; // Unterminated at the end: the server will report it.
                }
                continue;
            }
            if ($this->buffer[$this->pos] === '\\') {
                $this->ensure(2);
                $this->pos += 2;
                continue;
            }
            // A doubled quote is an escaped quote.
            if ($this->ensure(2) && $this->buffer[$this->pos + 1] === $quote) {
                $this->pos += 2;
                continue;
            }
            ++$this->pos;

            return;
        }
    }

    /** Moves past the next $marker (or to the end of the stream). */
    private function skipPast(string $marker): void
    {
        while (true) {
            $found = strpos($this->buffer, $marker, $this->pos);
            if ($found !== false) {
                $this->pos = $found + strlen($marker);

                return;
            }
            // Keep a possible first half of the marker for the next search.
            $this->pos = max($this->pos, strlen($this->buffer) - strlen($marker) + 1);
            if (!$this->refill()) {
                $this->pos = strlen($this->buffer);

                return;
            }
        }
    }

    private function atDelimiterCommand(): bool
    {
        $this->ensure(10);

        return strncasecmp(substr($this->buffer, $this->pos, 9), 'DELIMITER', 9) === 0
            && isset($this->buffer[$this->pos + 9])
            && ($this->buffer[$this->pos + 9] === ' ' || $this->buffer[$this->pos + 9] === "\t");
    }

    private function readDelimiterCommand(): void
    {
        $lineStart = $this->pos + 10;
        $this->skipPast("\n");
        $line = trim(substr($this->buffer, $lineStart, $this->pos - $lineStart));
        $token = preg_split('/\s+/', $line)[0] ?? '';
        if ($token === '') {
            throw new DatabaseException('DELIMITER command without a delimiter.');
        }
        $this->delimiter = $token;
    }

    private function ensure(int $bytes): bool
    {
        while (strlen($this->buffer) - $this->pos < $bytes) {
            if (!$this->refill()) {
                return false;
            }
        }

        return true;
    }

    private function refill(): bool
    {
        if ($this->eof) {
            return false;
        }
        $data = fread($this->in, $this->readBytes);
        if ($data === false || $data === '') {
            $this->eof = true;

            return false;
        }
        $this->buffer .= $data;

        return true;
    }
}
