<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents, WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Manifest;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoredObject;
use SiteBackups\Engine\Store\StoreWriteFailed;

/**
 * Turns a stream of JSON lines into content-addressed pieces. A piece ends after a line whose
 * key hashes to 0 mod 256 (or at a size cap), so the same run of lines always makes the same
 * piece and unchanged parts of a site cost nothing the next day.
 *
 * The open piece lives in a part file of the pending folder (a GuardedFile: the guard line, then the
 * lines of the piece); its committed length (not counting the guard) is part of the
 * runner's state, so after a crash the part is cut back to what the state knows and replayed.
 */
final class PieceWriter
{
    public const DEFAULT_CAP = 524288;

    /** @var list<string> */
    private array $pieces;
    private int $part;
    /** @var int<0, max> bytes of the open piece, after the guard line */
    private int $length;
    /** @var resource */
    private $fp;

    /**
     * @param array{pieces?: list<string>, part?: int, length?: int} $state
     * @param (\Closure(StoredObject): void)|null $onStored
     */
    public function __construct(
        private readonly ObjectStore $objects,
        private readonly string $dir,
        array $state = [],
        private readonly int $capBytes = self::DEFAULT_CAP,
        private readonly ?\Closure $onStored = null,
    ) {
        $this->pieces = $state['pieces'] ?? [];
        $this->part   = (int) ($state['part'] ?? 0);
        $this->length = max(0, (int) ($state['length'] ?? 0));
        Durable::makeDir($dir);
        $this->openPart($this->length);
    }

    public static function isBoundary(string $key): bool
    {
        return 0 === (crc32($key) & 0xff);
    }

    public function append(string $line, string $cutKey): void
    {
        Durable::writeAll($this->fp, $line . "\n", $this->partPath($this->part));
        $this->length += strlen($line) + 1;
        if (self::isBoundary($cutKey) || $this->length >= $this->capBytes) {
            $this->cut();
        }
    }

    /** Makes the part durable; call before persisting state(). */
    public function sync(): void
    {
        Durable::flush($this->fp, $this->partPath($this->part));
    }

    /** @return array{pieces: list<string>, part: int, length: int} */
    public function state(): array
    {
        return ['pieces' => $this->pieces, 'part' => $this->part, 'length' => $this->length];
    }

    /**
     * Stores the open part as the last piece.
     * @return list<string> every piece, in order
     */
    public function finish(): array
    {
        if ($this->length > 0) {
            $this->cut();
        }
        return $this->pieces;
    }

    /** Removes part files already stored as pieces; only once the state naming them is persisted. */
    public function dropStoredParts(): void
    {
        for ($i = $this->part - 1; $i >= 0 && is_file($this->partPath($i)); $i--) {
            @unlink($this->partPath($i));
        }
    }

    public function close(): void
    {
        if (is_resource($this->fp)) {
            fclose($this->fp);
        }
    }

    private function cut(): void
    {
        fflush($this->fp);
        // Quiet: a part that went away (another request took the job over) is reported by the exception below.
        $contents = @file_get_contents($this->partPath($this->part), false, null, GuardedFile::length(), $this->length);
        if (false === $contents || strlen($contents) !== $this->length) {
            throw StoreWriteFailed::at($this->partPath($this->part), 'read back');
        }
        $stored         = $this->objects->put($contents, true);
        $this->pieces[] = $stored->hash;
        if (null !== $this->onStored) {
            ($this->onStored)($stored);
        }
        fclose($this->fp);
        $this->part++;
        $this->length = 0;
        $this->openPart(0);
    }

    /**
     * Opens the current part cut back to the guard line plus $length committed bytes, positioned at its end.
     * @param int<0, max> $length
     */
    private function openPart(int $length): void
    {
        $path = $this->partPath($this->part);
        $fp   = Durable::open($path, 'c+b');
        if (false === $fp) {
            throw StoreWriteFailed::at($path, 'create');
        }
        $this->fp = $fp;
        $end      = GuardedFile::length() + $length;
        if (!@ftruncate($fp, $end) || 0 !== fseek($fp, 0)) {
            throw StoreWriteFailed::at($path, 'rewind');
        }
        GuardedFile::writeGuard($fp, $path);
        if (0 !== fseek($fp, $end)) {
            throw StoreWriteFailed::at($path, 'rewind');
        }
    }

    private function partPath(int $index): string
    {
        return $this->dir . '/part-' . $index . GuardedFile::EXTENSION;
    }
}
