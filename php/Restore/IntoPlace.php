<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_chmod, WordPress.WP.AlternativeFunctions.file_system_operations_mkdir, WordPress.WP.AlternativeFunctions.file_system_operations_touch, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on the site's files; WP_Filesystem has no atomic rename.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Store\StoreException;

/**
 * Moves one staged entry into its place in the site. On one file system that is a rename, which
 * replaces a live file without a moment where neither is there. A part of the site mounted on
 * another file system (uploads on a second disk) cannot take a rename from the staging area: a file
 * or link is copied beside its target first and renamed over it, which keeps the same promise, and
 * a folder is created empty so that its contents follow one by one.
 */
final class IntoPlace
{
    /** @return bool true when the entry is in place; false when only an empty folder was made for it */
    public static function move(string $staged, string $target): bool
    {
        if (self::device(dirname($staged)) === self::device(dirname($target))) {
            if (!@rename($staged, $target)) {
                throw new StoreException('Could not move ' . $target . ' into place.');
            }
            return true;
        }
        if (is_dir($staged) && !is_link($staged)) {
            if (!@mkdir($target, (fileperms($staged) & 07777) | 0700)) {
                throw new StoreException('Could not create folder ' . $target . '.');
            }
            return false;
        }
        self::copyBeside($staged, $target);
        @unlink($staged);
        return true;
    }

    private static function copyBeside(string $staged, string $target): void
    {
        $temp = dirname($target) . '/.site-backups-move-' . bin2hex(random_bytes(8));
        if (is_link($staged)) {
            $copied = @symlink((string) readlink($staged), $temp);
        } else {
            $copied = @copy($staged, $temp) && @chmod($temp, fileperms($staged) & 07777) && @touch($temp, (int) filemtime($staged));
        }
        if (!$copied || !@rename($temp, $target)) {
            @unlink($temp);
            throw new StoreException('Could not copy ' . $target . ' into place from the staging area.');
        }
    }

    private static function device(string $folder): int|false
    {
        $stat = @stat($folder);
        return false === $stat ? false : $stat['dev'];
    }
}
