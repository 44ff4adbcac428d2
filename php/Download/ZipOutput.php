<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Download;

/**
 * Where a ZipWriter's bytes go, in order: counted from the start of the archive, gathered into
 * large writes and, when only a window of the archive is wanted (an HTTP range), cut down to the
 * bytes inside it. Parts of the archive outside the window are skipped without being produced.
 *
 * With a window, the last byte of it is held back until complete(): a reader that was promised
 * the window's length learns of a failure found after the rest was produced (the hash of the
 * object the window ends in, checked at the object's end) from a transfer that stops short.
 */
final class ZipOutput
{
    private const BUFFER_BYTES = 262144;

    private string $buffer = '';
    private int $position = 0;

    /**
     * @param resource $out written to in order, never seeked
     * @param ByteRange|null $window the bytes to write; null for all of them
     */
    public function __construct(private $out, private readonly ?ByteRange $window = null)
    {
    }

    public function hasWindow(): bool
    {
        return null !== $this->window;
    }

    /** Bytes of the archive so far, sent or not (some may still wait in the buffer). */
    public function position(): int
    {
        return $this->position;
    }

    /** Whether any byte from $from up to (not including) $to reaches the output. */
    public function wants(int $from, int $to): bool
    {
        return null === $this->window ? $from < $to : $this->window->overlaps($from, $to);
    }

    /** Whether every byte of the window has been passed: nothing after it need be produced. */
    public function isPastWindow(): bool
    {
        return null !== $this->window && !$this->window->isEmpty() && $this->position > $this->window->last;
    }

    public function emit(string $bytes): void
    {
        $at              = $this->position;
        $this->position += strlen($bytes);
        if (null !== $this->window) {
            $bytes = $this->window->slice($bytes, $at);
        }
        if ('' === $bytes) {
            return;
        }
        $this->buffer .= $bytes;
        if (strlen($this->buffer) >= self::BUFFER_BYTES) {
            $this->flush(false);
        }
    }

    /** Moves past $bytes of the archive that lie outside the window, without producing them. */
    public function skip(int $bytes): void
    {
        if (null === $this->window) {
            throw new ZipException('Only part of an archive can leave bytes out.');
        }
        if ($bytes < 0 || $this->window->overlaps($this->position, $this->position + $bytes)) {
            throw new ZipException('Bytes that are to be sent cannot be left out.');
        }
        $this->position += $bytes;
    }

    /** Sends everything, the window's last byte included: the archive (or its window) is whole. */
    public function complete(): void
    {
        $this->flush(true);
    }

    /** Drops what waits in the buffer: after a failure, nothing more reaches the reader. */
    public function discard(): void
    {
        $this->buffer = '';
    }

    /** Appends bytes after a whole archive's failure, past any window (for the broken trailer). */
    public function append(string $bytes): void
    {
        $this->buffer .= $bytes;
        $this->flush(true);
    }

    private function flush(bool $final): void
    {
        if ('' === $this->buffer) {
            return;
        }
        $keep = !$final && $this->isPastWindow() ? 1 : 0; // the window's last byte, at the buffer's end
        $send = 0 === $keep ? $this->buffer : substr($this->buffer, 0, -1);
        $this->buffer = 0 === $keep ? '' : substr($this->buffer, -1);
        $this->writeOut($send);
    }

    private function writeOut(string $bytes): void
    {
        $length = strlen($bytes);
        $done   = 0;
        while ($done < $length) {
            $written = @fwrite($this->out, 0 === $done ? $bytes : substr($bytes, $done));
            if (false === $written || 0 === $written) {
                throw new ZipException('Could not write the archive to its output.');
            }
            $done += $written;
        }
    }
}
