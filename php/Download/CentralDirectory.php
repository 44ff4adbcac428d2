<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Download;

/**
 * The central directory records of an archive being written, kept in a temporary stream that
 * moves to disk past a small size: memory stays flat however many entries the archive has.
 * A directory that will not be sent (it lies outside the part of the archive wanted) only counts them.
 */
final class CentralDirectory
{
    private const READ_BLOCK = 65536;

    /** @var resource|null null when the records are only counted */
    private $spill = null;
    private int $entries = 0;
    private int $bytes = 0;

    public function __construct(int $memoryBytes = 262144, bool $keepRecords = true)
    {
        if (!$keepRecords) {
            return;
        }
        $spill = fopen('php://temp/maxmemory:' . $memoryBytes, 'w+b');
        if (false === $spill) {
            throw new ZipException('Could not open a temporary stream for the zip directory.');
        }
        $this->spill = $spill;
    }

    /** A directory that counts its records and their bytes without keeping them. */
    public static function sizeOnly(): self
    {
        return new self(0, false);
    }

    public function add(string $record): void
    {
        $length = strlen($record);
        if (null !== $this->spill && $length !== @fwrite($this->spill, $record)) {
            throw new ZipException('Could not write the zip directory to temporary storage.');
        }
        $this->entries++;
        $this->bytes += $length;
    }

    /** Bytes of all the records. */
    public function bytes(): int
    {
        return $this->bytes;
    }

    public function entries(): int
    {
        return $this->entries;
    }

    /**
     * Hands every record back, in order, a block at a time.
     * @param callable(string): void $emit
     */
    public function replay(callable $emit): void
    {
        if (null === $this->spill) {
            throw new ZipException('The zip directory was only counted, not kept.');
        }
        if (!rewind($this->spill)) {
            throw new ZipException('Could not read the zip directory back.');
        }
        while (!feof($this->spill)) {
            $block = fread($this->spill, self::READ_BLOCK);
            if (false === $block) {
                throw new ZipException('Could not read the zip directory back.');
            }
            if ('' !== $block) {
                $emit($block);
            }
        }
    }

    public function close(): void
    {
        if (is_resource($this->spill)) {
            fclose($this->spill);
        }
    }
}
