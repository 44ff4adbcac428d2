<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\WholeSha256;

/**
 * Whether a file of the site already is what a snapshot's entry would restore: a regular file (not a
 * link) of the entry's size, mode and modification time whose bytes hash, chunk by chunk, to the
 * entry's chunks. The check comes in two parts, so a caller can put its own between them: looksSame(),
 * one lstat() that rules out nearly every changed file, then hashesMatch(), which reads the file once.
 * A restore leaves such a file where it is instead of writing it again.
 */
final class SameFile
{
    private const BLOCK = 1048576;

    /**
     * The cheap part: a regular file of the entry's size, mode and time, and an entry whose chunks
     * cover that size.
     * @param int $chunkBytes the size the snapshot cut files into (its record says)
     * @return array<int|string, int>|null the file's lstat() for hashesMatch(), or null when it differs
     */
    public static function looksSame(string $path, Entry $entry, int $chunkBytes): ?array
    {
        if (Entry::FILE !== $entry->type || $chunkBytes <= 0) {
            return null;
        }
        clearstatcache(true, $path);
        $stat = @lstat($path);
        $expectedChunks = intdiv($entry->size + $chunkBytes - 1, $chunkBytes);
        if (
            false === $stat || 0100000 !== ($stat['mode'] & 0170000) || $stat['size'] !== $entry->size
            || $stat['mtime'] !== $entry->mtime || ($stat['mode'] & 07777) !== ($entry->mode & 07777)
            || count($entry->chunks) !== $expectedChunks
        ) {
            return null;
        }
        return $stat;
    }

    /**
     * The expensive part: whether the file looksSame() looked at (still that one, not something swapped
     * in since) hashes, chunk by chunk, to the entry's chunks and ends where they end.
     * @param array<int|string, int> $stat what looksSame() returned for $path
     */
    public static function hashesMatch(string $path, Entry $entry, int $chunkBytes, array $stat): bool
    {
        $in = @fopen($path, 'rb');
        if (false === $in) {
            return false;
        }
        try {
            $opened = fstat($in);
            if (false === $opened || $opened['ino'] !== $stat['ino'] || $opened['dev'] !== $stat['dev']) {
                return false;
            }
            foreach ($entry->chunks as $expected) {
                $hash = new WholeSha256();
                $left = $chunkBytes;
                while ($left > 0 && '' !== ($block = (string) fread($in, min(self::BLOCK, $left)))) {
                    $hash->add($block);
                    $left -= strlen($block);
                }
                if (!hash_equals($expected, $hash->digest())) {
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
