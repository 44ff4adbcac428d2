<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectHeader;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * Deflate for content that shrinks, STORE for content that does not: formats known to be
 * compressed already, and files the store itself kept uncompressed because a sample did not
 * shrink. Deflating those would cost CPU time for nothing on the way out.
 */
final class EntryCompression
{
    /** Stored objects at least this large relative to the file mean the store kept them raw. */
    private const RAW_RATIO = 0.9;

    private const COMPRESSED_EXTENSIONS = [
        'jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'heic', 'heif', 'jxl',
        'zip', 'gz', 'tgz', 'bz2', 'tbz2', 'xz', 'txz', 'zst', 'lz', 'lzma', '7z', 'rar', 'jar', 'wpress', 'daf',
        'mp4', 'm4v', 'mov', 'avi', 'mkv', 'webm', 'mp3', 'm4a', 'aac', 'ogg', 'oga', 'ogv', 'opus', 'flac',
        'woff', 'woff2', 'pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub', 'br', 'apk',
    ];

    public static function isCompressedFormat(string $path): bool
    {
        $dot = strrpos($path, '.');
        if (false === $dot || str_contains(substr($path, $dot), '/')) {
            return false;
        }
        return in_array(strtolower(substr($path, $dot + 1)), self::COMPRESSED_EXTENSIONS, true);
    }

    /** The zip method for a file entry of the manifest. */
    public static function methodFor(Entry $entry, ObjectStore $objects): int
    {
        if (0 === $entry->size || self::isCompressedFormat($entry->path)) {
            return ZipWriter::STORE;
        }
        $overhead = GuardedFile::length() + ObjectHeader::LENGTH;
        $stored   = 0;
        foreach ($entry->chunks as $hash) {
            $stored += max(0, $objects->size($hash) - $overhead);
        }
        return $stored >= $entry->size * self::RAW_RATIO ? ZipWriter::STORE : ZipWriter::DEFLATE;
    }
}
