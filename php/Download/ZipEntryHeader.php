<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Read\ManifestPathGuard;
use SiteBackups\Engine\Read\UnsafePath;

/**
 * What the local header and the central directory record of one entry share: name, flags,
 * method, times, Unix type and permissions, and where the entry starts.
 */
final class ZipEntryHeader
{
    public const STORE   = 0;
    public const DEFLATE = 8;

    public const S_IFREG = 0100000;
    public const S_IFDIR = 0040000;
    public const S_IFLNK = 0120000;

    private const FLAG_DATA_DESCRIPTOR = 0x0008;
    private const FLAG_UTF8            = 0x0800;
    private const MSDOS_DIRECTORY      = 0x10;

    public readonly int $flags;
    public readonly DosTime $dosTime;

    /**
     * @param int  $unixMode       type bits (S_IFREG, S_IFDIR, S_IFLNK) and permissions
     * @param bool $zip64          sizes are 64-bit: zip64 extra field in the local header, 24-byte descriptor
     * @param bool $dataDescriptor CRC and sizes follow the data instead of standing in the local header
     */
    public function __construct(
        public readonly string $name,
        public readonly int $method,
        public readonly int $unixMode,
        public readonly int $mtime,
        public readonly int $offset,
        public readonly bool $zip64,
        public readonly bool $dataDescriptor,
    ) {
        self::assertSafeName($name);
        if (self::STORE !== $method && self::DEFLATE !== $method) {
            throw new ZipException('Unsupported compression method.');
        }
        $flags = $dataDescriptor ? self::FLAG_DATA_DESCRIPTOR : 0;
        // Bit 11 says the name is UTF-8; other bytes are left as they are (made-by Unix: no code page translation).
        if (1 === preg_match('/[\x80-\xff]/', $name) && 1 === preg_match('//u', $name)) {
            $flags |= self::FLAG_UTF8;
        }
        $this->flags   = $flags;
        $this->dosTime = DosTime::fromUnix($mtime);
    }

    public function isDirectory(): bool
    {
        return self::S_IFDIR === ($this->unixMode & 0170000);
    }

    /** Unix mode in the high half (unzip restores it), the MS-DOS folder bit in the low one. */
    public function externalAttributes(): int
    {
        return (($this->unixMode & 0xffff) << 16) | ($this->isDirectory() ? self::MSDOS_DIRECTORY : 0);
    }

    /**
     * Relative names only, with no empty, "." or ".." part, drive letter, backslash or control
     * character (the rules of manifest paths): no entry can be extracted outside its folder, on
     * Unix or on Windows.
     */
    private static function assertSafeName(string $name): void
    {
        $trimmed = str_ends_with($name, '/') ? substr($name, 0, -1) : $name;
        $problem = strlen($name) > 0xffff ? 'is too long' : ManifestPathGuard::nameProblem($trimmed);
        if (null !== $problem) {
            throw new ZipException('Unsafe entry name in archive: ' . UnsafePath::shown($name) . ' ' . $problem . '.');
        }
    }
}
