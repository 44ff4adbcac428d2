<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Download;

/**
 * The central directory records of an archive being written, kept in a temporary stream that
 * moves to disk past a small size: memory stays flat however many entries the archive has.
 */
final class CentralDirectory
{
    private const READ_BLOCK = 65536;

    /** @var resource */
    private $spill;
    private int $entries = 0;

    public function __construct(int $memoryBytes = 262144)
    {
        $spill = fopen('php://temp/maxmemory:' . $memoryBytes, 'w+b');
        if (false === $spill) {
            throw new ZipException('Could not open a temporary stream for the zip directory.');
        }
        $this->spill = $spill;
    }

    public function add(string $record): void
    {
        $length = strlen($record);
        if ($length !== @fwrite($this->spill, $record)) {
            throw new ZipException('Could not write the zip directory to temporary storage.');
        }
        $this->entries++;
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
