<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode, Squiz.PHP.DiscouragedFunctions.Discouraged -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; serialize_precision is set for the encoding and put back, so the bytes are the same on every host.

namespace SiteBackups\Engine\Download;

/**
 * JSON whose numbers are written the same way whatever serialize_precision the host's php.ini
 * sets (PHP-FPM and the command line may differ): a downloaded archive is the same bytes every
 * time it is made, so that one download can be finished by another.
 */
final class StableJson
{
    private const SHORTEST = '-1';

    public static function encode(mixed $value, int $flags): string
    {
        $precision = ini_get('serialize_precision');
        if (self::SHORTEST === $precision) {
            return json_encode($value, $flags | JSON_THROW_ON_ERROR);
        }
        ini_set('serialize_precision', self::SHORTEST);
        try {
            return json_encode($value, $flags | JSON_THROW_ON_ERROR);
        } finally {
            ini_set('serialize_precision', false === $precision ? self::SHORTEST : $precision);
        }
    }
}
