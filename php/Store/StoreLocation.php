<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/** Chooses where a store lives: outside the web root when possible, else an unguessable folder inside it. */
final class StoreLocation
{
    public const PREFIX = 'site-backups-';

    /**
     * @param list<string> $outsideCandidates folders outside the web root, tried in order (e.g. the parent of ABSPATH)
     * @param string $insideParent folder inside the web root to fall back to (e.g. wp-content)
     */
    public static function choose(array $outsideCandidates, string $insideParent, string $webRoot): string
    {
        $webRootReal = realpath($webRoot) ?: $webRoot;
        foreach ($outsideCandidates as $candidate) {
            $real = realpath($candidate);
            if (false !== $real && is_dir($real) && is_writable($real) && !self::isInside($real, $webRootReal)) {
                return $real . '/' . self::PREFIX . 'store';
            }
        }
        $existing = glob(rtrim($insideParent, '/') . '/' . self::PREFIX . '*', GLOB_ONLYDIR) ?: [];
        foreach ($existing as $dir) {
            if (is_file($dir . '/' . StoreFormat::FILE)) {
                return $dir;
            }
        }
        return rtrim($insideParent, '/') . '/' . self::PREFIX . bin2hex(random_bytes(12));
    }

    public static function isInside(string $path, string $root): bool
    {
        $root = rtrim($root, '/');
        return $path === $root || str_starts_with($path, $root . '/');
    }
}
