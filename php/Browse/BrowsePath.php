<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Read\ManifestPathGuard;

/**
 * Paths asked for from outside (a REST request, a command line), checked before anything is read:
 * canonical site paths as the manifest holds them ("wp-content/uploads/2024"), relative, with
 * plain parts. "..", ".", an absolute path, a drive letter, a NUL or other control character, a
 * backslash and an empty part ("a//b", a trailing "/") are refused with BadPath.
 */
final class BrowsePath
{
    /** Longer than any path a site's file system gives (PATH_MAX). */
    public const MAX_BYTES = 4096;

    /** A folder to list: "" is the top of the site. */
    public static function folder(string $path): string
    {
        return '' === $path ? '' : self::path($path);
    }

    /** A file or folder below the top of the site. */
    public static function path(string $path): string
    {
        if (strlen($path) > self::MAX_BYTES) {
            throw new BadPath(substr($path, 0, 64), 'is too long');
        }
        $problem = ManifestPathGuard::nameProblem($path);
        if (null !== $problem) {
            throw new BadPath($path, $problem);
        }
        return $path;
    }

    /** One name in a folder (a listing's cursor): a path of one part. */
    public static function name(string $name): string
    {
        self::path($name);
        if (str_contains($name, '/')) {
            throw new BadPath($name, 'is not a single name');
        }
        return $name;
    }

    /** What paths of the folder's contents begin with: "" for the top, else the folder and a slash. */
    public static function prefix(string $folder): string
    {
        return '' === $folder ? '' : $folder . '/';
    }
}
