<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * The part of a site a canonical path belongs to, for summaries: "wp-content/<folder>" below
 * wp-content (plugins, themes, uploads, mu-plugins, a cache...), "wp-content" for what lies in it
 * directly, the first folder elsewhere (wp-admin, wp-includes, .site-backups-home), and ROOT for
 * the files at the top of the site.
 */
final class SiteArea
{
    public const ROOT = '';
    public const UPLOADS = 'wp-content/uploads';

    /** Extensions a web server may run as PHP, compared without case. */
    private const PHP = '/\.(php|phtml|phar)\z/i';

    public static function of(string $path): string
    {
        $parts = explode('/', $path, 3);
        if (1 === count($parts)) {
            return self::ROOT;
        }
        if ('wp-content' === $parts[0]) {
            return 2 === count($parts) ? 'wp-content' : 'wp-content/' . $parts[1];
        }
        return $parts[0];
    }

    /** A PHP file in the uploads folder, where WordPress never puts one and an attack often does. */
    public static function isPhpInUploads(string $path): bool
    {
        return str_starts_with($path, self::UPLOADS . '/') && 1 === preg_match(self::PHP, $path);
    }
}
