<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/**
 * CRC-32 (the zip polynomial) of two pieces put together, from the CRC-32 of each and the length
 * of the second, as zlib's crc32_combine() computes it: a file's CRC from the CRCs of its stored
 * chunks (some of them worked out by an earlier request), the database's from its segments'.
 */
final class Crc32
{
    private const POLYNOMIAL = 0xedb88320;

    /** @var list<int>|null x^(2^n) modulo the polynomial, n = 0..31 */
    private static ?array $powers = null;

    /** The CRC-32 a hash_init('crc32b') context has reached; the context is used up. */
    public static function value(\HashContext $context): int
    {
        $value = unpack('N', hash_final($context, true));
        return false === $value ? 0 : (int) $value[1];
    }

    public static function combine(int $first, int $second, int $secondLength): int
    {
        if ($secondLength <= 0) {
            return $first;
        }
        return self::multiply(self::xPower($secondLength), $first) ^ $second;
    }

    /** x^(8 * $bytes) modulo the polynomial: the shift of a CRC past $bytes bytes of zeros. */
    private static function xPower(int $bytes): int
    {
        self::$powers ??= self::powers();
        $product = 1 << 31; // x^0
        for ($k = 3; $bytes > 0; $bytes >>= 1, $k++) {
            if (1 === ($bytes & 1)) {
                $product = self::multiply(self::$powers[$k & 31], $product);
            }
        }
        return $product;
    }

    /** $a(x) * $b(x) modulo the polynomial, both in the reflected bit order of the CRC. */
    private static function multiply(int $a, int $b): int
    {
        $product = 0;
        for ($bit = 1 << 31; $bit > 0; $bit >>= 1) {
            if (0 !== ($a & $bit)) {
                $product ^= $b;
                if (0 === ($a & ($bit - 1))) {
                    break;
                }
            }
            $b = 0 !== ($b & 1) ? ($b >> 1) ^ self::POLYNOMIAL : $b >> 1;
        }
        return $product;
    }

    /** @return list<int> */
    private static function powers(): array
    {
        $powers = [1 << 30]; // x^1
        for ($n = 1; $n < 32; $n++) {
            $powers[] = self::multiply($powers[$n - 1], $powers[$n - 1]);
        }
        return $powers;
    }
}
