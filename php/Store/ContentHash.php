<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/** Object names are lowercase hex sha256 of the plaintext; anything else is refused before it can reach a path. */
final class ContentHash
{
    public const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

    public static function isValid(mixed $hash): bool
    {
        return is_string($hash) && 1 === preg_match('/\A[0-9a-f]{64}\z/', $hash);
    }

    public static function assertValid(mixed $hash): string
    {
        if (!self::isValid($hash)) {
            throw new StoreException('Invalid object hash.');
        }
        return $hash;
    }
}
