<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fread, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_operations_touch -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;

/**
 * The CRC-32 and size of each stored chunk of the site's files in an archive (numbered in archive
 * order), remembered once a download has read it (DownloadCache: a header, then 16 bytes per
 * chunk at a fixed place: CRC, size, and a check that binds them to the chunk's hash).
 *
 * Every file's CRC stands in its data descriptor and in the central directory at the end of the
 * archive. A request that resumes a download sends that directory, so without these it would read
 * the whole backup again, and one that resumes inside a large file would read that file from its
 * start. Each record is written the moment its chunk has been read, so a request the host kills
 * leaves what it learnt to the one that resumes it. Only a cache: a record that does not check out
 * counts as unknown, and a store that cannot take the file costs only time.
 */
final class ChunkChecksums
{
    private const FORMAT = 1;
    private const HEADER_BYTES = 64;
    private const RECORD_BYTES = 16;
    private const BLOCK_RECORDS = 4096;

    /** @var resource|null */
    private $fp = null;
    private int $block = -1;
    private string $records = '';

    private function __construct(private readonly int $count)
    {
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Nothing remembered and nothing kept: for a whole archive written in one go. */
    public static function none(): self
    {
        return new self(0);
    }

    /** The store's file for an archive of $count chunks, made (or made again) when it is not that archive's. */
    public static function open(BackupStore $store, string $id, int $count): self
    {
        $checksums = new self($count);
        try {
            $store->assertWritable();
            Durable::makeDir($store->tempDir());
            $path = DownloadCache::path($store, $id, 'checksums-' . self::FORMAT);
            $fp   = Durable::open($path, 'c+b');
            if (false === $fp) {
                return $checksums;
            }
            if (!flock($fp, LOCK_EX) || (!self::isFor($fp, $count) && !self::reset($fp, $count, $path))) {
                fclose($fp);
                return $checksums;
            }
            flock($fp, LOCK_UN);
            @touch($path); // in use: the sweep leaves it a day from now
            $checksums->fp = $fp;
        } catch (StoreException) {
            // Only a cache: the download works it out again.
        }
        return $checksums;
    }

    /** @return array{int, int}|null the CRC-32 and size of chunk $index, when known for the object $hash */
    public function get(int $index, string $hash): ?array
    {
        if (null === $this->fp || $index < 0 || $index >= $this->count) {
            return null;
        }
        $block = intdiv($index, self::BLOCK_RECORDS);
        if ($block !== $this->block) {
            $this->block   = $block;
            $this->records = '';
            if (0 === fseek($this->fp, self::offset($block * self::BLOCK_RECORDS))) {
                $this->records = (string) fread($this->fp, self::BLOCK_RECORDS * self::RECORD_BYTES);
            }
        }
        $record = substr($this->records, ($index % self::BLOCK_RECORDS) * self::RECORD_BYTES, self::RECORD_BYTES);
        if (self::RECORD_BYTES !== strlen($record)) {
            return null;
        }
        $values = unpack('Ncrc/Jsize/Ncheck', $record);
        if (false === $values) {
            return null;
        }
        [$crc, $size] = [(int) $values['crc'], (int) $values['size']];
        return self::check($hash, $crc, $size) === (int) $values['check'] ? [$crc, $size] : null;
    }

    /** Remembers chunk $index (object $hash): written at once, for a request that may not live to the end. */
    public function put(int $index, string $hash, int $crc, int $size): void
    {
        if (null === $this->fp || $index < 0 || $index >= $this->count || $this->get($index, $hash) === [$crc, $size]) {
            return;
        }
        $record = pack('NJN', $crc, $size, self::check($hash, $crc, $size));
        if (0 !== fseek($this->fp, self::offset($index)) || self::RECORD_BYTES !== @fwrite($this->fp, $record)) {
            $this->close(); // a full disk, say: the download goes on without remembering
            return;
        }
        if (intdiv($index, self::BLOCK_RECORDS) === $this->block) {
            $at            = ($index % self::BLOCK_RECORDS) * self::RECORD_BYTES;
            $this->records = substr_replace($this->records, $record, $at, self::RECORD_BYTES);
        }
    }

    public function close(): void
    {
        if (is_resource($this->fp)) {
            fclose($this->fp);
        }
        $this->fp    = null;
        $this->block = -1;
    }

    /** @param resource $fp */
    private static function isFor($fp, int $count): bool
    {
        $stat = fstat($fp);
        $head = rewind($fp) ? fread($fp, GuardedFile::length() + self::HEADER_BYTES) : false;
        return GuardedFile::GUARD . self::header($count) === $head && false !== $stat && $stat['size'] === self::offset($count);
    }

    /** @param resource $fp */
    private static function reset($fp, int $count, string $path): bool
    {
        try {
            if (!ftruncate($fp, 0) || !rewind($fp)) {
                return false;
            }
            Durable::writeAll($fp, GuardedFile::GUARD . self::header($count), $path);
            return ftruncate($fp, max(0, self::offset($count))); // unknown records read as zeros, which never check out
        } catch (StoreException) {
            return false;
        }
    }

    private static function header(int $count): string
    {
        $line = sprintf('site-backups-download-checksums %d %d', self::FORMAT, $count);
        return str_pad($line, self::HEADER_BYTES - 1) . "\n";
    }

    private static function offset(int $index): int
    {
        return GuardedFile::length() + self::HEADER_BYTES + $index * self::RECORD_BYTES;
    }

    private static function check(string $hash, int $crc, int $size): int
    {
        return crc32("site-backups-chunk\n$hash\n$crc\n$size");
    }
}
