<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/** The byte layout of zip records (APPNOTE 6.3): headers, data descriptors, end records. */
final class ZipRecords
{
    public const MAX_16 = 0xffff;
    public const MAX_32 = 0xffffffff;

    private const LOCAL_HEADER     = 0x04034b50;
    private const DATA_DESCRIPTOR  = 0x08074b50;
    private const CENTRAL_HEADER   = 0x02014b50;
    private const ZIP64_END        = 0x06064b50;
    private const ZIP64_LOCATOR    = 0x07064b50;
    private const END_OF_CENTRAL   = 0x06054b50;
    private const ZIP64_EXTRA      = 0x0001;
    private const TIMESTAMP_EXTRA  = 0x5455;
    private const MADE_BY_UNIX     = 0x033f; // Unix, APPNOTE 6.3
    private const NEEDS_DEFAULT    = 20;
    private const NEEDS_ZIP64      = 45;
    private const ZIP64_END_LENGTH = 44;

    /** With a data descriptor, CRC and sizes are zero here (zip64: 0xffffffff, and zeros in the zip64 field). */
    public static function localHeader(
        ZipEntryHeader $entry,
        int $crc = 0,
        int $packedSize = 0,
        int $plainSize = 0,
    ): string {
        if ($entry->dataDescriptor) {
            $crc = $packedSize = $plainSize = 0;
        }
        $extra = self::timestampExtra($entry->mtime);
        if ($entry->zip64) {
            // The zip64 field in the local header is what tells readers the descriptor holds 8-byte sizes.
            $extra      = self::zip64Extra([$plainSize, $packedSize]) . $extra;
            $packedSize = $plainSize = self::MAX_32;
        }
        return pack(
            'VvvvvvVVVvv',
            self::LOCAL_HEADER,
            $entry->zip64 ? self::NEEDS_ZIP64 : self::NEEDS_DEFAULT,
            $entry->flags,
            $entry->method,
            $entry->dosTime->time,
            $entry->dosTime->date,
            $crc,
            $packedSize,
            $plainSize,
            strlen($entry->name),
            strlen($extra)
        ) . $entry->name . $extra;
    }

    public static function dataDescriptor(bool $zip64, int $crc, int $packedSize, int $plainSize): string
    {
        return $zip64
            ? pack('VVPP', self::DATA_DESCRIPTOR, $crc, $packedSize, $plainSize)
            : pack('VVVV', self::DATA_DESCRIPTOR, $crc, $packedSize, $plainSize);
    }

    public static function dataDescriptorLength(bool $zip64): int
    {
        return $zip64 ? 24 : 16;
    }

    public static function centralHeader(ZipEntryHeader $entry, int $crc, int $packedSize, int $plainSize): string
    {
        $zip64 = [];
        if ($entry->zip64 || $plainSize >= self::MAX_32 || $packedSize >= self::MAX_32) {
            $zip64      = [$plainSize, $packedSize];
            $plainSize  = $packedSize = self::MAX_32;
        }
        $offset = $entry->offset;
        if ($offset >= self::MAX_32) {
            $zip64[] = $offset;
            $offset  = self::MAX_32;
        }
        $extra = ([] === $zip64 ? '' : self::zip64Extra($zip64)) . self::timestampExtra($entry->mtime);
        return pack(
            'VvvvvvvVVVvvvvvVV',
            self::CENTRAL_HEADER,
            self::MADE_BY_UNIX,
            [] === $zip64 ? self::NEEDS_DEFAULT : self::NEEDS_ZIP64,
            $entry->flags,
            $entry->method,
            $entry->dosTime->time,
            $entry->dosTime->date,
            $crc,
            $packedSize,
            $plainSize,
            strlen($entry->name),
            strlen($extra),
            0, // comment length
            0, // disk number
            0, // internal attributes
            $entry->externalAttributes(),
            $offset
        ) . $entry->name . $extra;
    }

    /** Whether the end of the archive needs the zip64 end record and locator. */
    public static function needsZip64End(int $entries, int $centralSize, int $centralOffset): bool
    {
        return $entries >= self::MAX_16 || $centralSize >= self::MAX_32 || $centralOffset >= self::MAX_32;
    }

    /** The zip64 end record, then the locator that points back at it ($recordOffset). */
    public static function zip64End(int $entries, int $centralSize, int $centralOffset, int $recordOffset): string
    {
        return pack(
            'VPvvVVPPPP',
            self::ZIP64_END,
            self::ZIP64_END_LENGTH,
            self::MADE_BY_UNIX,
            self::NEEDS_ZIP64,
            0, // this disk
            0, // disk of the central directory
            $entries,
            $entries,
            $centralSize,
            $centralOffset
        ) . pack('VVPV', self::ZIP64_LOCATOR, 0, $recordOffset, 1);
    }

    /** Values that do not fit are set to their maximum: readers then take them from the zip64 end record. */
    public static function endOfCentralDirectory(int $entries, int $centralSize, int $centralOffset): string
    {
        $entries = min($entries, self::MAX_16);
        return pack(
            'VvvvvVVv',
            self::END_OF_CENTRAL,
            0,
            0,
            $entries,
            $entries,
            min($centralSize, self::MAX_32),
            min($centralOffset, self::MAX_32),
            0 // comment length
        );
    }

    /** @param list<int> $values in APPNOTE order: plain size, packed size, local header offset */
    private static function zip64Extra(array $values): string
    {
        $data = '';
        foreach ($values as $value) {
            $data .= pack('P', $value);
        }
        return pack('vv', self::ZIP64_EXTRA, strlen($data)) . $data;
    }

    /** Info-ZIP's extended timestamp: the exact modification time in UTC, which unzip restores. */
    private static function timestampExtra(int $mtime): string
    {
        if ($mtime < 0 || $mtime > 0x7fffffff) {
            return '';
        }
        return pack('vvCV', self::TIMESTAMP_EXTRA, 5, 1, $mtime);
    }
}
