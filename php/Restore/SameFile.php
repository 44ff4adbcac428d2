<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Manifest\Entry;

/**
 * Whether a file of the site already is what a snapshot's entry would restore: a regular file (not a
 * link) of the entry's size, mode and modification time whose bytes hash, chunk by chunk, to the
 * entry's chunks. Size, mode and time are compared first, so a changed file costs one lstat(); one
 * that looks the same is read once. A restore leaves such a file where it is instead of writing it again.
 */
final class SameFile
{
    private const BLOCK = 1048576;

    /** @param int $chunkBytes the size the snapshot cut files into (its record says) */
    public static function holds(string $path, Entry $entry, int $chunkBytes): bool
    {
        if (Entry::FILE !== $entry->type || $chunkBytes <= 0) {
            return false;
        }
        clearstatcache(true, $path);
        $stat = @lstat($path);
        $expectedChunks = intdiv($entry->size + $chunkBytes - 1, $chunkBytes);
        if (
            false === $stat || 0100000 !== ($stat['mode'] & 0170000) || $stat['size'] !== $entry->size
            || $stat['mtime'] !== $entry->mtime || ($stat['mode'] & 07777) !== ($entry->mode & 07777)
            || count($entry->chunks) !== $expectedChunks
        ) {
            return false;
        }
        $in = @fopen($path, 'rb');
        if (false === $in) {
            return false;
        }
        try {
            // The file opened must be the one looked at, not something swapped in since.
            $opened = fstat($in);
            if (false === $opened || $opened['ino'] !== $stat['ino'] || $opened['dev'] !== $stat['dev']) {
                return false;
            }
            foreach ($entry->chunks as $expected) {
                $hash = hash_init('sha256');
                $left = $chunkBytes;
                while ($left > 0 && '' !== ($block = (string) fread($in, min(self::BLOCK, $left)))) {
                    hash_update($hash, $block);
                    $left -= strlen($block);
                }
                if (!hash_equals($expected, hash_final($hash))) {
                    return false;
                }
            }

            return '' === (string) fread($in, 1);
        } finally {
            fclose($in);
        }
    }

    /** Whether two paths are names of one file (neither a link). */
    public static function sameInode(string $one, string $other): bool
    {
        clearstatcache(true, $one);
        clearstatcache(true, $other);
        $a = @lstat($one);
        $b = @lstat($other);

        return false !== $a && false !== $b && 0100000 === ($a['mode'] & 0170000)
            && $a['ino'] === $b['ino'] && $a['dev'] === $b['dev'];
    }
}
