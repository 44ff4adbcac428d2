<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/**
 * PHP's open_basedir, as a host sets it: the folders PHP may open files in. Looking outside them
 * fails with a warning in the log, so whoever only wants to know whether a file is there asks
 * here first.
 */
final class OpenBasedir
{
    /** Whether PHP may look at $path: no open_basedir, or $path lies within one of its entries. */
    public static function allows(string $path, ?string $setting = null): bool
    {
        $setting ??= (string) ini_get('open_basedir');
        if ('' === $setting) {
            return true;
        }
        $path = rtrim($path, '/') . '/';
        foreach (explode(PATH_SEPARATOR, $setting) as $entry) {
            // An entry is a prefix of the paths it allows; "." is the working folder.
            $entry = '.' === $entry ? (string) getcwd() : $entry;
            if ('' !== $entry && str_starts_with($path, $entry)) {
                return true;
            }
        }
        return false;
    }
}
