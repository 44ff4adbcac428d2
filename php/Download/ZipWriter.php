<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Download;

/**
 * Writes a zip archive front to back to a stream that cannot seek (php://output): each entry's
 * CRC and sizes follow its data in a data descriptor, and the central directory waits in a
 * temporary stream until the end. Entries whose size is not known to stay below 4 GiB get zip64
 * fields from the start; the archive gets the zip64 end records once it holds 65,535 entries or
 * more than 4 GiB.
 *
 * A failure part-way must never leave something that looks like a complete archive: abort()
 * writes a trailer that keeps readers from finding any end record, including one that belongs to
 * a zip stored inside this one.
 */
final class ZipWriter
{
    public const STORE         = ZipEntryHeader::STORE;
    public const DEFLATE       = ZipEntryHeader::DEFLATE;
    public const DEFAULT_LEVEL = 6;

    /** Below this an announced size leaves room for deflate's worst-case growth under 4 GiB. */
    private const ZIP64_FROM = 0xff000000;
    private const OUTPUT_BUFFER = 262144;
    /** Longer than the 64 KiB comment plus end record that readers search backwards for the end. */
    private const BROKEN_TRAILER_BYTES = 70000;
    private const BROKEN_TRAILER_LINE = "This archive is incomplete: the server failed while writing it.\n";

    private string $buffer = '';
    private int $written = 0;
    private bool $closed = false;
    private CentralDirectory $central;

    private ?ZipEntryHeader $entry = null;
    private ?\HashContext $crc = null;
    private ?\DeflateContext $deflate = null;
    private int $plainBytes = 0;
    private int $packedBytes = 0;

    /** @param resource $out written to in order, never seeked */
    public function __construct(
        private $out,
        private readonly int $level = self::DEFAULT_LEVEL,
        ?CentralDirectory $central = null,
    ) {
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
     * Starts a file whose content follows through write(), then endFile().
     * @param int|null $expectedSize the content's size when known: below ~4 GiB it spares the zip64 fields
     */
    public function beginFile(
        string $name,
        int $mode,
        int $mtime,
        int $method = self::DEFLATE,
        ?int $expectedSize = null,
    ): void {
        $this->assertOpen();
        if (null !== $this->entry) {
            throw new ZipException('The previous entry was not ended.');
        }
        $zip64 = null === $expectedSize || $expectedSize >= self::ZIP64_FROM;
        $mode  = ZipEntryHeader::S_IFREG | ($mode & 07777);
        $entry = new ZipEntryHeader($name, $method, $mode, $mtime, $this->written, $zip64, true);
        $this->emit(ZipRecords::localHeader($entry));
        $this->entry       = $entry;
        $this->crc         = hash_init('crc32b');
        $this->deflate     = self::DEFLATE === $method ? $this->deflater() : null;
        $this->plainBytes  = 0;
        $this->packedBytes = 0;
    }

    /** Adds content to the file begun last. */
    public function write(string $bytes): void
    {
        if (null === $this->entry || null === $this->crc || $this->closed) {
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
        $this->emit($packed);
    }

    /** Ends the file begun last: its data descriptor now, its directory record for later. */
    public function endFile(): void
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
            $this->emit($tail);
        }
        $this->assertFitsAnnouncedSize();
        $crc = self::crcValue($crc);
        $this->emit(ZipRecords::dataDescriptor($entry->zip64, $crc, $this->packedBytes, $this->plainBytes));
        $this->central->add(ZipRecords::centralHeader($entry, $crc, $this->packedBytes, $this->plainBytes));
        $this->entry   = null;
        $this->crc     = null;
        $this->deflate = null;
    }

    /**
     * Writes the central directory and the end records.
     * @return int the archive's size in bytes
     */
    public function finish(): int
    {
        $this->assertOpen();
        if (null !== $this->entry) {
            throw new ZipException('The last entry was not ended.');
        }
        $centralOffset = $this->written;
        $this->central->replay(function (string $block): void {
            $this->emit($block);
        });
        $centralSize = $this->written - $centralOffset;
        $entries     = $this->central->entries();
        if (ZipRecords::needsZip64End($entries, $centralSize, $centralOffset)) {
            $this->emit(ZipRecords::zip64End($entries, $centralSize, $centralOffset, $this->written));
        }
        $this->emit(ZipRecords::endOfCentralDirectory($entries, $centralSize, $centralOffset));
        $this->flushBuffer();
        $this->closed = true;
        $this->central->close();
        return $this->written;
    }

    /**
     * Leaves the output unmistakably broken after a failure: what was buffered, then a trailer
     * that pushes any end record out of the readers' reach. Never throws (the output itself may
     * be what failed).
     */
    public function abort(): void
    {
        if ($this->closed) {
            return;
        }
        $this->closed = true;
        $this->central->close();
        $lines   = intdiv(self::BROKEN_TRAILER_BYTES, strlen(self::BROKEN_TRAILER_LINE)) + 1;
        $trailer = str_repeat(self::BROKEN_TRAILER_LINE, $lines);
        try {
            $this->buffer .= $trailer;
            $this->flushBuffer();
        } catch (ZipException) {
            // Nothing more can reach the reader.
        }
    }

    /** Bytes of the archive so far (some may still wait in the output buffer). */
    public function bytesWritten(): int
    {
        return $this->written;
    }

    public function entries(): int
    {
        return $this->central->entries();
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
        $entry = new ZipEntryHeader($name, $method, $unixMode, $mtime, $this->written, $zip64, false);
        $crc   = crc32($contents);
        $this->emit(ZipRecords::localHeader($entry, $crc, strlen($packed), strlen($contents)));
        $this->emit($packed);
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

    private static function crcValue(\HashContext $crc): int
    {
        $value = unpack('N', hash_final($crc, true));
        return false === $value ? 0 : (int) $value[1];
    }

    private function assertOpen(): void
    {
        if ($this->closed) {
            throw new ZipException('The archive is already finished or aborted.');
        }
    }

    private function emit(string $bytes): void
    {
        $this->written += strlen($bytes);
        if ('' === $this->buffer && strlen($bytes) >= self::OUTPUT_BUFFER) {
            $this->writeOut($bytes);
            return;
        }
        $this->buffer .= $bytes;
        if (strlen($this->buffer) >= self::OUTPUT_BUFFER) {
            $this->flushBuffer();
        }
    }

    private function flushBuffer(): void
    {
        if ('' !== $this->buffer) {
            $buffer       = $this->buffer;
            $this->buffer = '';
            $this->writeOut($buffer);
        }
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
