<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

/**
 * Every object file starts with 4 bytes: "SB", the object format version and the encoding,
 * so a reader knows whether to inflate without guessing.
 */
final class ObjectHeader
{
    public const LENGTH  = 4;
    public const RAW     = 0;
    public const DEFLATE = 1;
    private const MAGIC  = 'SB';
    private const VERSION = 1;

    public static function encode(int $method): string
    {
        return self::MAGIC . chr(self::VERSION) . chr($method);
    }

    /** @return int the encoding method */
    public static function decode(string $header, string $hash): int
    {
        if (self::LENGTH !== strlen($header) || !str_starts_with($header, self::MAGIC) || ord($header[2]) > self::VERSION) {
            throw new ObjectCorrupt($hash, 'bad header');
        }
        $method = ord($header[3]);
        if (self::RAW !== $method && self::DEFLATE !== $method) {
            throw new ObjectCorrupt($hash, 'unknown encoding');
        }
        return $method;
    }
}
