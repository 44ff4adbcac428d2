<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

/**
 * S3's UriEncode(): every byte but A-Z a-z 0-9 - _ . ~ becomes %XX with
 * upper-case hex; "/" is kept in an object key path and encoded everywhere else.
 * A "+" is always %2B and a space %20, never "+" (S3 would read "+" as a space).
 */
final class UriEncoder
{
    public static function encode(string $value, bool $encodeSlash = true): string
    {
        $encoded = rawurlencode($value);

        return $encodeSlash ? $encoded : str_replace('%2F', '/', $encoded);
    }

    /** The path of an object key: each segment between slashes encoded, the slashes kept. */
    public static function path(string $key): string
    {
        return self::encode($key, false);
    }

    /**
     * The canonical query string: names and values encoded, sorted by name then
     * value, a parameter without a value written as "name=" (as S3 signs ?uploads).
     *
     * @param array<string, string> $query
     */
    public static function query(array $query): string
    {
        $pairs = [];
        foreach ($query as $name => $value) {
            $pairs[] = [self::encode((string) $name), self::encode($value)];
        }
        // Byte order: <=> would compare numeric strings as numbers.
        usort($pairs, static fn (array $a, array $b): int => strcmp($a[0], $b[0]) ?: strcmp($a[1], $b[1]));

        return implode('&', array_map(static fn (array $pair): string => $pair[0] . '=' . $pair[1], $pairs));
    }
}
