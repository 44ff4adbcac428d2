<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Read\UnsafePath;

/**
 * Checks on the real file system, just before a write, that a path's parent folders below a base
 * folder are all real folders (lstat: a symbolic link is never followed) and that its parent
 * resolves to the folder it names inside the base. Whatever the manifest says, nothing is then
 * created, replaced or removed through a symbolic link or outside the base.
 */
final class ParentFolders
{
    private const S_IFMT  = 0170000;
    private const S_IFDIR = 0040000;
    private const S_IFLNK = 0120000;

    /**
     * @param string $place  what $base is, for the message ("the site")
     * @param string $action what is about to happen, for the message ("write", "remove")
     * @throws UnsafePath when a parent is missing, a symbolic link or not a folder, or resolves elsewhere
     */
    public static function assertInside(string $base, string $relative, string $place, string $action = 'write'): void
    {
        $problem = self::problem($base, $relative, $place);
        if (null !== $problem) {
            throw UnsafePath::refused($action, $relative, $problem[0], $problem[1]);
        }
    }

    public static function areReal(string $base, string $relative): bool
    {
        return null === self::problem($base, $relative, '');
    }

    /** @return array{0: string, 1: string|null}|null the reason and the parent in question */
    private static function problem(string $base, string $relative, string $place): ?array
    {
        $slash = strrpos($relative, '/');
        if (false === $slash) {
            return null; // directly in $base, which the caller owns
        }
        $folder = substr($relative, 0, $slash);
        clearstatcache(true); // stat and realpath caches may describe what was there a moment ago
        $path  = rtrim($base, '/');
        $walked = '';
        foreach (explode('/', $folder) as $name) {
            $path  .= '/' . $name;
            $walked = '' === $walked ? $name : $walked . '/' . $name;
            $stat   = @lstat($path);
            if (false === $stat) {
                return ['in a folder that does not exist', $walked];
            }
            $type = $stat['mode'] & self::S_IFMT;
            if (self::S_IFLNK === $type) {
                return ['through a symbolic link', $walked];
            }
            if (self::S_IFDIR !== $type) {
                return ['below something that is not a folder', $walked];
            }
        }
        $realBase   = realpath($base);
        $realFolder = realpath($path);
        if (false === $realBase || $realFolder !== rtrim($realBase, '/') . '/' . $folder) {
            return ['outside ' . $place, null];
        }
        return null;
    }
}
