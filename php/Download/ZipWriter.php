<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

/**
 * Writes a zip archive front to back to a stream that cannot seek (php://output): each entry's
 * CRC and sizes follow its data in a data descriptor, and the central directory waits in a
 * temporary stream until the end. Entries whose size is not known to stay below 4 GiB get zip64
 * fields from the start; the archive gets the zip64 end records once it holds 65,535 entries or
 * more than 4 GiB.
 *
 * Given a window (ZipOutput), only the bytes inside it are written, and content outside it whose
 * size is known (stored files, content compressed beforehand) may be skipped (skipData) rather
 * than produced: the archive is laid out exactly as if it were written whole. The CRC of skipped
 * content is then the caller's to give (endFile); where it cannot, a placeholder stands in, and
 * the writer refuses to send any byte that depends on it.
 *
 * A failure part-way must never leave something that looks like a complete archive. A whole
 * archive gets a trailer from abort() that keeps readers from finding any end record, including
 * one that belongs to a zip stored inside this one; a window stops short of its length instead,
 * which its reader was told beforehand.
 */
final class ZipWriter
{
    public const STORE         = ZipEntryHeader::STORE;
    public const DEFLATE       = ZipEntryHeader::DEFLATE;
    public const DEFAULT_LEVEL = 6;

    /** Below this an announced size leaves room for deflate's worst-case growth under 4 GiB. */
    private const ZIP64_FROM = 0xff000000;
    /** Longer than the 64 KiB comment plus end record that readers search backwards for the end. */
    private const BROKEN_TRAILER_BYTES = 70000;
    private const BROKEN_TRAILER_LINE = "This archive is incomplete: the server failed while writing it.\n";

    private ZipOutput $output;
    private bool $closed = false;
    private CentralDirectory $central;
    /** Some directory record holds a placeholder CRC. */
    private bool $centralHasPlaceholders = false;
    /** @var array{int, int}|null where the central directory begins and ends, once finish() has passed it */
    private ?array $centralSpan = null;

    private ?ZipEntryHeader $entry = null;
    private ?\HashContext $crc = null;
    private ?\DeflateContext $deflate = null;
    private int $plainBytes = 0;
    private int $packedBytes = 0;
    /** Every byte of the open entry went through write(), so its CRC is known. */
    private bool $entryWhole = true;
    /** @var array{int, int}|null the plain and packed sizes of an entry whose content comes compressed already */
    private ?array $prepacked = null;

    /**
     * @param resource $out written to in order, never seeked
     * @param ByteRange|null $window the bytes of the archive to write; null for all of them
     */
    public function __construct(
        $out,
        private readonly int $level = self::DEFAULT_LEVEL,
        ?CentralDirectory $central = null,
        ?ByteRange $window = null,
    ) {
        $this->output  = new ZipOutput($out, $window);
        $this->central = $central ?? new CentralDirectory();
    }

    public function __destruct()
    {
        $this->central->close();
    }

    /** A folder entry ("name/"): its mode and mtime, no content. */
    public function addDirectory(string $name, int $mode, int $mtime): void
    {
        $name = rtrim($name, '/') . '/';
        $this->addKnown($name, ZipEntryHeader::S_IFDIR | ($mode & 07777), $mtime, self::STORE, '');
    }

    /** A symlink entry: Unix type S_IFLNK, the target as its content. */
    public function addSymlink(string $name, string $target, int $mtime, int $mode = 0777): void
    {
        $this->addKnown($name, ZipEntryHeader::S_IFLNK | ($mode & 07777), $mtime, self::STORE, $target);
    }

    /** A file whose whole content is at hand. */
    public function addFromString(
        string $name,
        string $contents,
        int $mode,
        int $mtime,
        int $method = self::DEFLATE,
    ): void {
        $this->addKnown($name, ZipEntryHeader::S_IFREG | ($mode & 07777), $mtime, $method, $contents);
    }

    /**
     * Starts a file whose content follows through write() (or skipData()), then endFile().
     * @param int|null $expectedSize the content's size when known: below ~4 GiB it spares the zip64 fields
     * @return bool whether the entry has zip64 fields (a 24-byte data descriptor)
     */
    public function beginFile(
        string $name,
        int $mode,
        int $mtime,
        int $method = self::DEFLATE,
        ?int $expectedSize = null,
    ): bool {
        $zip64 = $this->begin($name, $mode, $mtime, $method, $expectedSize);
        $this->deflate = self::DEFLATE === $method ? $this->deflater() : null;
        return $zip64;
    }

    /**
     * Starts a file whose content was compressed beforehand (deflate, $packedSize bytes for
     * $plainSize): it follows through writePacked() or skipData(), then endFile() with its CRC.
     * @return bool whether the entry has zip64 fields (a 24-byte data descriptor)
     */
    public function beginPacked(string $name, int $mode, int $mtime, int $plainSize, int $packedSize): bool
    {
        $zip64 = $this->begin($name, $mode, $mtime, self::DEFLATE, max($plainSize, $packedSize));
        $this->prepacked = [$plainSize, $packedSize];
        return $zip64;
    }

    /** Adds content to the file begun last. */
    public function write(string $bytes): void
    {
        if (null === $this->entry || null === $this->crc || null !== $this->prepacked || $this->closed) {
            throw new ZipException('No zip entry is open for writing.');
        }
        if ('' === $bytes) {
            return;
        }
        $this->plainBytes += strlen($bytes);
        hash_update($this->crc, $bytes);
        $packed = null === $this->deflate ? $bytes : deflate_add($this->deflate, $bytes, ZLIB_NO_FLUSH);
        if (false === $packed) {
            throw new ZipException('Compression failed.');
        }
        $this->packedBytes += strlen($packed);
        $this->assertFitsAnnouncedSize();
        $this->output->emit($packed);
    }

    /** Adds compressed content to the file begun last with beginPacked(). */
    public function writePacked(string $bytes): void
    {
        if (null === $this->entry || null === $this->prepacked || $this->closed) {
            throw new ZipException('No zip entry for compressed content is open.');
        }
        $this->packedBytes += strlen($bytes);
        if ($this->packedBytes > $this->prepacked[1]) {
            throw new ZipException('A zip entry grew past the size announced for it.');
        }
        $this->output->emit($bytes);
    }

    /**
     * Passes over $bytes of the file begun last that lie outside the window, without producing
     * them: stored content, or content compressed beforehand. endFile() then needs its CRC.
     */
    public function skipData(int $bytes): void
    {
        if (null === $this->entry || $this->closed) {
            throw new ZipException('No zip entry is open for writing.');
        }
        if (self::STORE !== $this->entry->method && null === $this->prepacked) {
            throw new ZipException('Only content of a known size can be skipped.');
        }
        $this->output->skip($bytes);
        $this->packedBytes += $bytes;
        if (null === $this->prepacked) {
            $this->plainBytes += $bytes;
        } elseif ($this->packedBytes > $this->prepacked[1]) {
            throw new ZipException('A zip entry grew past the size announced for it.');
        }
        $this->entryWhole = false;
        $this->assertFitsAnnouncedSize();
    }

    /**
     * Ends the file begun last: its data descriptor now, its directory record for later.
     * @param int|null $knownCrc the content's CRC-32, for content that did not all go through write()
     * @return int|null the CRC-32 of the content when all of it went through write(); null otherwise
     */
    public function endFile(?int $knownCrc = null): ?int
    {
        $entry = $this->entry;
        $crc   = $this->crc;
        if (null === $entry || null === $crc || $this->closed) {
            throw new ZipException('No zip entry is open.');
        }
        if (null !== $this->deflate) {
            $tail = deflate_add($this->deflate, '', ZLIB_FINISH);
            if (false === $tail) {
                throw new ZipException('Compression failed.');
            }
            $this->packedBytes += strlen($tail);
            $this->output->emit($tail);
        }
        if (null !== $this->prepacked) {
            if ($this->packedBytes !== $this->prepacked[1]) {
                throw new ZipException('A compressed zip entry ended short of its announced size.');
            }
            $this->plainBytes = $this->prepacked[0];
            $this->entryWhole = false;
        }
        $this->assertFitsAnnouncedSize();
        $computed = $this->entryWhole ? Crc32::value($crc) : null;
        $value    = $computed ?? $knownCrc ?? 0;
        $record   = ZipRecords::dataDescriptor($entry->zip64, $value, $this->packedBytes, $this->plainBytes);
        if (null === $computed && null === $knownCrc) {
            $at = $this->output->position();
            if ($this->output->wants($at, $at + strlen($record))) {
                throw new ZipException("The CRC of {$entry->name} is needed but unknown.");
            }
            $this->centralHasPlaceholders = true;
        }
        $this->output->emit($record);
        $this->central->add(ZipRecords::centralHeader($entry, $value, $this->packedBytes, $this->plainBytes));
        $this->entry     = null;
        $this->crc       = null;
        $this->deflate   = null;
        $this->prepacked = null;
        return $computed;
    }

    /**
     * Writes the central directory and the end records (the parts of them in the window), then
     * everything still buffered.
     * @return int the archive's size in bytes
     */
    public function finish(): int
    {
        $this->assertOpen();
        if (null !== $this->entry) {
            throw new ZipException('The last entry was not ended.');
        }
        $centralOffset = $this->output->position();
        $centralSize   = $this->central->bytes();
        if ($this->output->wants($centralOffset, $centralOffset + $centralSize)) {
            if ($this->centralHasPlaceholders) {
                throw new ZipException('The zip directory is needed but some of its CRCs are unknown.');
            }
            $this->central->replay(function (string $block): void {
                $this->output->emit($block);
            });
        } elseif ($centralSize > 0) {
            $this->output->skip($centralSize);
        }
        $entries = $this->central->entries();
        if (ZipRecords::needsZip64End($entries, $centralSize, $centralOffset)) {
            $recordOffset = $this->output->position();
            $this->output->emit(ZipRecords::zip64End($entries, $centralSize, $centralOffset, $recordOffset));
        }
        $this->output->emit(ZipRecords::endOfCentralDirectory($entries, $centralSize, $centralOffset));
        $this->output->complete();
        $this->closed      = true;
        $this->centralSpan = [$centralOffset, $centralOffset + $centralSize];
        $this->central->close();
        return $this->output->position();
    }

    /** Sends the rest of a window that has been written to its end without finishing the archive. */
    public function completeWindow(): void
    {
        if (!$this->output->isPastWindow()) {
            throw new ZipException('The part of the archive asked for was not written to its end.');
        }
        $this->output->complete();
        $this->closed = true;
        $this->central->close();
    }

    /**
     * Leaves the output unmistakably broken after a failure. A whole archive: what was buffered,
     * then a trailer that pushes any end record out of the readers' reach. A window: nothing more,
     * so the reader gets less than it was promised. Never throws (the output itself may be what failed).
     */
    public function abort(): void
    {
        if ($this->closed) {
            return;
        }
        $this->closed = true;
        $this->central->close();
        if ($this->output->hasWindow()) {
            $this->output->discard();
            return;
        }
        $lines = intdiv(self::BROKEN_TRAILER_BYTES, strlen(self::BROKEN_TRAILER_LINE)) + 1;
        try {
            $this->output->append(str_repeat(self::BROKEN_TRAILER_LINE, $lines));
        } catch (ZipException) {
            // Nothing more can reach the reader.
        }
    }

    /** Bytes of the archive so far (some may still wait in the output buffer, or lie outside the window). */
    public function bytesWritten(): int
    {
        return $this->output->position();
    }

    /** Whether any byte from $from up to (not including) $to is to be written. */
    public function wants(int $from, int $to): bool
    {
        return $this->output->wants($from, $to);
    }

    /** Whether every byte of the window has been written: nothing after it need be produced. */
    public function isPastWindow(): bool
    {
        return $this->output->isPastWindow();
    }

    /** @return array{int, int}|null where the central directory begins and ends, once finish() has passed it */
    public function centralSpan(): ?array
    {
        return $this->centralSpan;
    }

    public function entries(): int
    {
        return $this->central->entries();
    }

    /** Writes the local header of a file with a data descriptor and opens it. */
    private function begin(string $name, int $mode, int $mtime, int $method, ?int $expectedSize): bool
    {
        $this->assertOpen();
        if (null !== $this->entry) {
            throw new ZipException('The previous entry was not ended.');
        }
        $zip64 = null === $expectedSize || $expectedSize >= self::ZIP64_FROM;
        $mode  = ZipEntryHeader::S_IFREG | ($mode & 07777);
        $entry = new ZipEntryHeader($name, $method, $mode, $mtime, $this->output->position(), $zip64, true);
        $this->output->emit(ZipRecords::localHeader($entry));
        $this->entry       = $entry;
        $this->crc         = hash_init('crc32b');
        $this->deflate     = null;
        $this->prepacked   = null;
        $this->plainBytes  = 0;
        $this->packedBytes = 0;
        $this->entryWhole  = true;
        return $zip64;
    }

    private function addKnown(string $name, int $unixMode, int $mtime, int $method, string $contents): void
    {
        $this->assertOpen();
        if (null !== $this->entry) {
            throw new ZipException('The previous entry was not ended.');
        }
        $packed = self::DEFLATE === $method ? gzdeflate($contents, $this->level) : $contents;
        if (false === $packed) {
            throw new ZipException('Compression failed.');
        }
        $zip64 = max(strlen($contents), strlen($packed)) >= ZipRecords::MAX_32;
        $entry = new ZipEntryHeader($name, $method, $unixMode, $mtime, $this->output->position(), $zip64, false);
        $crc   = crc32($contents);
        $this->output->emit(ZipRecords::localHeader($entry, $crc, strlen($packed), strlen($contents)));
        $this->output->emit($packed);
        $this->central->add(ZipRecords::centralHeader($entry, $crc, strlen($packed), strlen($contents)));
    }

    /** An entry announced below 4 GiB has 4-byte sizes: past that it cannot be described, so stop at once. */
    private function assertFitsAnnouncedSize(): void
    {
        $largest = max($this->plainBytes, $this->packedBytes);
        if (null !== $this->entry && !$this->entry->zip64 && $largest >= ZipRecords::MAX_32) {
            throw new ZipException('A zip entry grew past the size announced for it.');
        }
    }

    private function deflater(): \DeflateContext
    {
        $context = deflate_init(ZLIB_ENCODING_RAW, ['level' => $this->level]);
        if (false === $context) {
            throw new ZipException('Could not start compression.');
        }
        return $context;
    }

    private function assertOpen(): void
    {
        if ($this->closed) {
            throw new ZipException('The archive is already finished or aborted.');
        }
    }
}
