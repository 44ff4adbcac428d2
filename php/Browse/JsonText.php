<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * Names in arrays meant for JSON: a name that is not UTF-8 (file names need not be) travels
 * base64-encoded under "<key>_b64", as in the store's manifest and a download's manifest.json.
 */
final class JsonText
{
    /** @return array<string, string> */
    public static function field(string $key, string $value): array
    {
        return mb_check_encoding($value, 'UTF-8') ? [$key => $value] : [$key . '_b64' => base64_encode($value)];
    }

    /** @return array<string, string|null> */
    public static function nullable(string $key, ?string $value): array
    {
        return null === $value ? [$key => null] : self::field($key, $value);
    }
}
