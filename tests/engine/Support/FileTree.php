<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

/** Folder trees as tests compare them, and cleanup of read-only ones. */
final class FileTree
{
    /**
     * @param list<string> $skip relative paths to leave out
     * @return array<string, array<string, mixed>> path => what a restore must reproduce
     */
    public static function describe(string $root, array $skip = []): array
    {
        $tree = [];
        $walk = function (string $dir, string $prefix) use (&$walk, &$tree, $skip): void {
            $names = scandir($dir) ?: [];
            sort($names, SORT_STRING);
            foreach ($names as $name) {
                if ('.' === $name || '..' === $name || in_array($prefix . $name, $skip, true)) {
                    continue;
                }
                $path = $dir . '/' . $name;
                $rel  = $prefix . $name;
                if (is_link($path)) {
                    $tree[$rel] = ['type' => 'link', 'target' => readlink($path)];
                } elseif (is_dir($path)) {
                    $walk($path, $rel . '/');
                    clearstatcache();
                    $st         = lstat($path);
                    $tree[$rel] = ['type' => 'dir', 'mode' => $st['mode'] & 07777, 'mtime' => $st['mtime']];
                } else {
                    $st         = lstat($path);
                    $tree[$rel] = [
                        'type'  => 'file',
                        'mode'  => $st['mode'] & 07777,
                        'mtime' => $st['mtime'],
                        'size'  => $st['size'],
                        'sha'   => hash_file('sha256', $path),
                    ];
                }
            }
        };
        $walk($root, '');
        ksort($tree, SORT_STRING);
        return $tree;
    }

    /** Makes a tree deletable again after a test made parts of it read-only. */
    public static function makeWritable(string $path): void
    {
        if (is_link($path) || !file_exists($path)) {
            return;
        }
        @chmod($path, is_dir($path) ? 0755 : 0644);
        if (is_dir($path)) {
            foreach (scandir($path) ?: [] as $name) {
                if ('.' !== $name && '..' !== $name) {
                    self::makeWritable($path . '/' . $name);
                }
            }
        }
    }
}
