<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Manifest;

/**
 * The one order of every manifest: a folder, then its contents, names compared byte by byte.
 * Comparing with "/" read as the lowest byte gives exactly that depth-first order, so a scan
 * and its parent manifest can be walked side by side.
 */
final class PathOrder
{
    public static function compare(string $a, string $b): int
    {
        return strcmp(strtr($a, '/', "\0"), strtr($b, '/', "\0")) <=> 0;
    }
}
