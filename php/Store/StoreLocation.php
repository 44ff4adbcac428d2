<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_is_writable -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Store;

/**
 * Chooses where a new store lives: outside every folder a web server may serve (ServedFolders) when
 * such a place is writable, else a folder with an unguessable name inside the site (wp-content), kept
 * from being served by StoreProtection and GuardedFile. A store that is already there is found again.
 */
final class StoreLocation
{
    public const PREFIX = 'site-backups-';
    private const OUTSIDE_NAME = self::PREFIX . 'store';

    /** @param string $insideParent the folder inside the site to fall back to (wp-content) */
    public static function choose(ServedFolders $served, string $insideParent): string
    {
        $outside = $served->nearestOutsideParent();
        if (null !== $outside) {
            $store = $outside . '/' . self::OUTSIDE_NAME;
            if (OpenBasedir::allows($outside)) {
                if (is_dir($outside) && (is_writable($outside) || StoreFormat::isStoreAt($store))) {
                    return $store;
                }
            } elseif (OpenBasedir::allows($store) && StoreFormat::isStoreAt($store)) {
                // A host's open_basedir lets PHP into the store but not into the folder that holds it.
                return $store;
            }
        }
        $insideParent = rtrim($insideParent, '/');
        foreach (glob($insideParent . '/' . self::PREFIX . '*', GLOB_ONLYDIR) ?: [] as $dir) {
            if (StoreFormat::isStoreAt($dir)) {
                return $dir;
            }
        }
        return $insideParent . '/' . self::PREFIX . bin2hex(random_bytes(12));
    }

    /** Whether a store folder's name is one nobody can guess (as the fallback inside the site gets). */
    public static function isUnguessable(string $path): bool
    {
        return 1 === preg_match('/\A' . preg_quote(self::PREFIX, '/') . '[0-9a-f]{24}\z/', basename($path));
    }

    public static function isInside(string $path, string $root): bool
    {
        $root = rtrim($root, '/');
        return $path === $root || str_starts_with($path, $root . '/');
    }
}
