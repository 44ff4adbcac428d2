<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/** Helpers that make writes survive a crash: flush to disk, then rename into place, then sync the folder. */
final class Durable
{
    /** Writes $contents to $path so that readers see either the old file or the whole new one. */
    public static function writeFile(string $path, string $contents, ?int $mode = null): void
    {
        $dir  = dirname($path);
        $temp = $dir . '/.tmp-' . bin2hex(random_bytes(8)) . GuardedFile::EXTENSION; // never servable as it is
        $fp   = @fopen($temp, 'xb');
        if (false === $fp) {
            throw StoreWriteFailed::at($temp, 'create');
        }
        // Set before a byte is written, so private contents are never readable by others.
        if (null !== $mode && !@chmod($temp, $mode)) {
            fclose($fp);
            @unlink($temp);
            throw StoreWriteFailed::at($temp, 'set the permissions of');
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

    public static function makeDir(string $dir): void
    {
        if (!is_dir($dir) && !@mkdir($dir, 0755, true) && !is_dir($dir)) {
            throw StoreWriteFailed::at($dir, 'create folder');
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
