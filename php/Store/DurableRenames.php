<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

/**
 * Files written but not yet flushed, each to be moved under its name once its bytes are on disk:
 * commit() flushes them one after the other, then renames them and syncs each folder once. Writing
 * a batch first and flushing it after costs a file system far less than a flush after each write,
 * which makes every next file's creation wait for the last flush. A file never has its name before
 * its bytes are durable.
 */
final class DurableRenames
{
    /** @var array<string, string> temporary path => the path it is to have */
    private array $moves = [];

    public function add(string $temp, string $path): void
    {
        $this->moves[$temp] = $path;
    }

    /** @throws StoreWriteFailed when a file cannot be flushed or moved; the rest stay to discard() */
    public function commit(): void
    {
        foreach (array_keys($this->moves) as $temp) {
            $fp = @fopen($temp, 'rb');
            $synced = false !== $fp && @fsync($fp);
            if (false !== $fp) {
                fclose($fp);
            }
            if (!$synced) {
                throw StoreWriteFailed::at($temp, 'flush');
            }
        }
        $dirs = [];
        foreach ($this->moves as $temp => $path) {
            $dir = dirname($path);
            if (!isset($dirs[$dir])) {
                Durable::makeDir($dir);
                $dirs[$dir] = true;
            }
            if (!@rename($temp, $path)) {
                throw StoreWriteFailed::at($path, 'rename into');
            }
            unset($this->moves[$temp]);
        }
        foreach (array_keys($dirs) as $dir) {
            Durable::syncDir($dir);
        }
    }

    /** @return list<string> the temporary paths not moved yet */
    public function remaining(): array
    {
        return array_keys($this->moves);
    }

    /** Removes the files not moved (after a failure). */
    public function discard(): void
    {
        foreach (array_keys($this->moves) as $temp) {
            @unlink($temp);
        }
        $this->moves = [];
    }
}
