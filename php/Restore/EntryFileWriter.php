<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_chmod, WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_touch -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoreException;

/**
 * Writes one file of a snapshot to a new path: its chunks in order, then its mode and mtime.
 * The caller checks the parent folders (ParentFolders); the path itself is created with "x",
 * which fails on anything already there, a symbolic link included, and never follows one.
 */
final class EntryFileWriter
{
    /**
     * @param bool $durable flush the file to disk before returning (staging for a restore)
     * @return int bytes written
     */
    public static function write(ObjectStore $objects, Entry $entry, string $path, bool $durable = false): int
    {
        $out = @fopen($path, 'xb'); // O_CREAT|O_EXCL
        if (false === $out) {
            throw new StoreException('Could not create file ' . $entry->path);
        }
        $written = 0;
        try {
            foreach ($entry->chunks as $hash) {
                // copyTo() checks every object against its hash as it reads it.
                $written += $objects->copyTo($hash, $out);
            }
            if ($durable) {
                Durable::flush($out, $path);
            }
        } finally {
            fclose($out);
        }
        if ($written !== $entry->size) {
            throw new StoreException('Restored size differs for ' . $entry->path);
        }
        clearstatcache(true, $path);
        if (is_link($path) || !is_file($path)) {
            // chmod() and touch() follow links: the file just written must still be there.
            throw UnsafePath::refused('change', $entry->path, 'because something else took the place of the file');
        }
        chmod($path, $entry->mode & 07777);
        touch($path, $entry->mtime);
        return $written;
    }
}
