<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\GuardedFile;

/**
 * What downloads keep in the store's tmp/ folder for the requests that follow (a download cut
 * off and resumed is several requests): tmp/download-<snapshot id>-<name>.php, each a GuardedFile.
 * Only a cache: the store's sweep removes the files of snapshots that are gone and any file not
 * used for a day, and a download that finds one missing makes it again.
 */
final class DownloadCache
{
    /** A file not used for this long is swept (a download in progress uses its files every request). */
    public const MAX_AGE = 86400;

    private const PREFIX = 'download-';
    private const NAME = '/\Adownload-([0-9a-z]{26})-[0-9a-z-]+\.php\z/';

    /** @param string $name lowercase letters, digits and dashes */
    public static function path(BackupStore $store, string $id, string $name): string
    {
        if (1 !== preg_match('/\A[0-9a-z-]+\z/', $name)) {
            throw new \InvalidArgumentException("Not a name for a download's file: $name");
        }
        $file = self::PREFIX . SnapshotId::assertValid($id) . '-' . $name . GuardedFile::EXTENSION;
        return $store->tempDir() . '/' . $file;
    }

    /**
     * Removes the files of snapshots the store no longer has, and those last used before $olderThan (a Unix time).
     * @return int how many were removed
     */
    public static function sweep(BackupStore $store, int $olderThan): int
    {
        $dir       = $store->tempDir();
        $snapshots = $store->snapshots();
        $removed   = 0;
        foreach (@scandir($dir) ?: [] as $name) {
            $path = $dir . '/' . $name;
            if (1 !== preg_match(self::NAME, $name, $match) || !is_file($path)) {
                continue;
            }
            $gone  = !SnapshotId::isValid($match[1]) || !$snapshots->has($match[1]);
            $stale = $gone || (int) @filemtime($path) < $olderThan;
            if ($stale && @unlink($path)) {
                $removed++;
            }
        }
        return $removed;
    }
}
