<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Snapshot;

/**
 * Snapshot ids: 26 lowercase Crockford base32 characters, 48 bits of milliseconds then 80 random bits.
 * They sort by time as plain strings and cannot be guessed. Anything from outside is checked
 * against the exact shape before it gets near a path.
 */
final class SnapshotId
{
    private const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
    private const PATTERN  = '/\A[0-7][0-9a-hjkmnp-tv-z]{25}\z/';

    public static function generate(?int $timeMs = null): string
    {
        $time = $timeMs ?? (int) floor(microtime(true) * 1000);
        $head = '';
        for ($i = 0; $i < 10; $i++) {
            $head = self::ALPHABET[$time & 31] . $head;
            $time >>= 5;
        }
        $bits = '';
        foreach (str_split(random_bytes(10)) as $byte) {
            $bits .= str_pad(decbin(ord($byte)), 8, '0', STR_PAD_LEFT);
        }
        $tail = '';
        foreach (str_split($bits, 5) as $group) {
            $tail .= self::ALPHABET[(int) bindec($group) & 31];
        }
        return $head . $tail;
    }

    public static function isValid(mixed $id): bool
    {
        return is_string($id) && 1 === preg_match(self::PATTERN, $id);
    }

    public static function assertValid(mixed $id): string
    {
        if (!self::isValid($id)) {
            throw new InvalidSnapshotId('Invalid snapshot id.');
        }
        return $id;
    }

    public static function timeMs(string $id): int
    {
        self::assertValid($id);
        $time = 0;
        for ($i = 0; $i < 10; $i++) {
            $time = ($time << 5) | strpos(self::ALPHABET, $id[$i]);
        }
        return $time;
    }
}
