<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

/**
 * Bytes $first to $last of an archive, both included, as HTTP counts them. $last = $first - 1 is the
 * empty range: nothing is wanted.
 */
final class ByteRange
{
    public function __construct(public readonly int $first, public readonly int $last)
    {
        if ($first < 0 || $last < $first - 1) {
            throw new \InvalidArgumentException("Not a byte range: $first-$last.");
        }
    }

    /** No byte at all: an archive laid out without being sent. */
    public static function none(): self
    {
        return new self(0, -1);
    }

    /** Every byte of an archive of $size bytes. */
    public static function all(int $size): self
    {
        return new self(0, $size - 1);
    }

    public function length(): int
    {
        return $this->last - $this->first + 1;
    }

    public function isEmpty(): bool
    {
        return $this->last < $this->first;
    }

    /** Whether any byte from $from up to (not including) $to lies in the range. */
    public function overlaps(int $from, int $to): bool
    {
        return $from < $to && $from <= $this->last && $to > $this->first;
    }

    /** The part of $bytes, which start at offset $at, that lies in the range. */
    public function slice(string $bytes, int $at): string
    {
        $length = strlen($bytes);
        if ($at >= $this->first && $at + $length - 1 <= $this->last) {
            return $bytes;
        }
        $from = max($at, $this->first);
        $to   = min($at + $length, $this->last + 1);
        return $to > $from ? substr($bytes, $from - $at, $to - $from) : '';
    }
}
