<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

/**
 * Everything below a folder that a write could change, for "nothing was touched" checks: per path
 * its type, mode, owner, size, inode, link count, mtime and ctime (a chmod, touch or rename changes
 * it), and a file's SHA-256 or a link's target. Links are described, never followed.
 */
final class FolderState
{
    /** @return array<string, array<string, int|string>> relative path => state, in byte order */
    public static function of(string $root): array
    {
        clearstatcache(true);
        $state = [];
        self::walk(rtrim($root, '/'), '', $state);
        ksort($state, SORT_STRING);
        return $state;
    }

    /** @param array<string, array<string, int|string>> $state */
    private static function walk(string $dir, string $prefix, array &$state): void
    {
        foreach (scandir($dir) ?: [] as $name) {
            if ('.' === $name || '..' === $name) {
                continue;
            }
            $path = $dir . '/' . $name;
            $stat = lstat($path);
            if (false === $stat) {
                continue;
            }
            $item = [
                'mode'  => $stat['mode'],
                'uid'   => $stat['uid'],
                'size'  => $stat['size'],
                'ino'   => $stat['ino'],
                'nlink' => $stat['nlink'],
                'mtime' => $stat['mtime'],
                'ctime' => $stat['ctime'],
            ];
            if (is_link($path)) {
                $item['target'] = (string) readlink($path);
            } elseif (is_file($path)) {
                $item['sha256'] = (string) hash_file('sha256', $path);
            }
            $state[$prefix . $name] = $item;
            if (!is_link($path) && is_dir($path)) {
                self::walk($path, $prefix . $name . '/', $state);
            }
        }
    }
}
