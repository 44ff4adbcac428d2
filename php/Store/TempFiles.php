<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Store;

/**
 * Names of the store's temporary files, and their removal once their writer is gone.
 *
 * A temporary file is renamed into place or removed by its writer, unless the writer's process is
 * killed first (a host's watchdog, a kill -9, a power cut). Each name carries the writer's host and
 * process id, so an orphan is recognised at once on the same host: its process no longer exists.
 * Files of other hosts (a store on shared storage) or of unknown writers go by age only.
 */
final class TempFiles
{
    /** Any of the store's temporary files, whoever wrote it and whatever its age. */
    private const PREFIX = '/\A(?:obj|fetch|pack)-/';
    /** "<prefix>-<host>-<pid>-<random>.php", the random part unguessable. */
    private const PATTERN = '/\A(obj|fetch|pack)-([0-9a-f]{8})-(\d+)-[0-9a-f]{16}\.php\z/';

    public static function name(string $dir, string $prefix): string
    {
        $writer = LocalProcess::hostTag() . '-' . getmypid();

        return sprintf('%s/%s-%s-%s%s', $dir, $prefix, $writer, bin2hex(random_bytes(8)), GuardedFile::EXTENSION);
    }

    /**
     * Removes the temporary files of writers that are gone: on this host, any whose process is no
     * longer running; any at all last written before $olderThan (a Unix time).
     * @return int how many were removed
     */
    public static function removeOrphans(string $dir, int $olderThan): int
    {
        $removed = 0;
        foreach (@scandir($dir) ?: [] as $name) {
            $path = $dir . '/' . $name;
            if (!preg_match(self::PREFIX, $name) || !is_file($path)) {
                continue;
            }
            $orphan = preg_match(self::PATTERN, $name, $parts)
                && $parts[2] === LocalProcess::hostTag() && !LocalProcess::isRunning((int) $parts[3]);
            if (($orphan || (int) @filemtime($path) < $olderThan) && @unlink($path)) {
                $removed++;
            }
        }

        return $removed;
    }
}
