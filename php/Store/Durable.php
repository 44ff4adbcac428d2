<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_chmod, WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_operations_mkdir, WordPress.WP.AlternativeFunctions.file_system_operations_rmdir, WordPress.WP.AlternativeFunctions.file_system_operations_touch, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

/**
 * Helpers that make writes survive a crash (flush to disk, then rename into place, then sync the folder)
 * and keep what the store writes to its owner: files 0600 and folders 0700, or stricter when the host's
 * umask is (mode & ~umask). The mode is set when a file or folder is created, before a byte is written.
 */
final class Durable
{
    public const FILE_MODE   = 0600;
    public const FOLDER_MODE = 0700;

    /** Writes $contents to $path so that readers see either the old file or the whole new one. */
    public static function writeFile(string $path, string $contents, ?int $mode = null): void
    {
        $dir  = dirname($path);
        $temp = $dir . '/.tmp-' . bin2hex(random_bytes(8)) . GuardedFile::EXTENSION; // never servable as it is
        $fp   = self::open($temp, 'xb', $mode);
        if (false === $fp) {
            throw StoreWriteFailed::at($temp, 'create');
        }
        try {
            self::writeAll($fp, $contents, $temp);
            self::flush($fp, $temp);
        } catch (\Throwable $e) {
            fclose($fp);
            @unlink($temp);
            throw $e;
        }
        fclose($fp);
        if (!@rename($temp, $path)) {
            @unlink($temp);
            throw StoreWriteFailed::at($path, 'rename into');
        }
        self::syncDir($dir);
    }

    /** @param resource $fp */
    public static function writeAll($fp, string $bytes, string $pathForErrors): void
    {
        $length = strlen($bytes);
        $done   = 0;
        while ($done < $length) {
            $written = @fwrite($fp, 0 === $done ? $bytes : substr($bytes, $done));
            if (false === $written || 0 === $written) {
                throw StoreWriteFailed::at($pathForErrors);
            }
            $done += $written;
        }
    }

    /** @param resource $fp */
    public static function flush($fp, string $pathForErrors): void
    {
        if (!@fflush($fp) || !@fsync($fp)) {
            throw StoreWriteFailed::at($pathForErrors, 'flush');
        }
    }

    /** Makes a rename durable; best effort because not every platform can open a folder. */
    public static function syncDir(string $dir): void
    {
        $fp = @fopen($dir, 'r');
        if (false !== $fp) {
            @fsync($fp);
            fclose($fp);
        }
    }

    /**
     * fopen() for writing that gives a file it creates the owner-only mode (or $mode) before the caller
     * writes a byte; a file that was already there keeps its mode. False when the file cannot be opened
     * or its mode cannot be set (a file it created is then removed again).
     * @return resource|false
     */
    public static function open(string $path, string $fopenMode, ?int $mode = null)
    {
        clearstatcache(true, $path);
        $creates = str_contains($fopenMode, 'x') || !file_exists($path);
        $fp      = @fopen($path, $fopenMode);
        if (false === $fp || !$creates) {
            return $fp;
        }
        if (!@chmod($path, self::fileMode($mode))) {
            fclose($fp);
            @unlink($path);
            return false;
        }
        return $fp;
    }

    /** Creates an empty owner-only file, or gives an existing one a fresh mtime. */
    public static function touch(string $path): bool
    {
        $fp = self::open($path, 'cb');
        return false !== $fp && fclose($fp) && @touch($path);
    }

    /** Creates a folder (and any missing parent) owner-only; an existing folder is left as it is. */
    public static function makeDir(string $dir): void
    {
        // mkdir() applies the umask itself: 0700 & ~umask, stricter only when the host asks for it.
        if (!is_dir($dir) && !@mkdir($dir, self::FOLDER_MODE, true) && !is_dir($dir)) {
            throw StoreWriteFailed::at($dir, 'create folder');
        }
    }

    /** The mode of a new file: $mode (default 0600) without the bits the umask takes away. */
    public static function fileMode(?int $mode = null): int
    {
        return ($mode ?? self::FILE_MODE) & ~umask() & 0777;
    }

    /** Takes group and other access away from an existing folder (a store made before modes were set, or for it). */
    public static function makePrivate(string $dir): void
    {
        clearstatcache(true, $dir);
        $perms = @fileperms($dir);
        if (false !== $perms && 0 !== ($perms & 0077) && !is_link($dir)) {
            @chmod($dir, ($perms & 0700) & ~umask());
        }
    }

    /** Removes a folder tree without following symlinks. */
    public static function removeTree(string $path): void
    {
        if (is_link($path) || (file_exists($path) && !is_dir($path))) {
            @unlink($path); // files, symlinks, fifos and sockets alike
            return;
        }
        if (!is_dir($path)) {
            return;
        }
        foreach (scandir($path) ?: [] as $name) {
            if ('.' !== $name && '..' !== $name) {
                self::removeTree($path . '/' . $name);
            }
        }
        @rmdir($path);
    }
}
