<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/**
 * What an HTTP request's Range and If-Range headers (RFC 9110, section 14) ask of an archive of
 * a known size and strong ETag: the whole archive, one range of it, or a range it does not have.
 *
 *   no Range, another unit than bytes, several ranges, or an If-Range that is not the current
 *   ETag (a changed archive, or a date)                     -> the whole archive (200)
 *   bytes=a-b, bytes=a- or bytes=-n within the archive      -> that range (206), b cut to the end
 *   a range of bytes that starts past the end, ends before it starts, or does not parse -> 416
 */
final class RangeRequest
{
    public const WHOLE = 'whole';
    public const PARTIAL = 'partial';
    public const UNSATISFIABLE = 'unsatisfiable';

    /** Longer numbers are larger than any archive: read as PHP_INT_MAX, not overflowed. */
    private const MAX_DIGITS = 18;

    private function __construct(public readonly string $kind, public readonly ByteRange $range)
    {
    }

    public static function decide(?string $rangeHeader, ?string $ifRange, string $etag, int $size): self
    {
        $whole = new self(self::WHOLE, ByteRange::all($size));
        if (null === $rangeHeader || '' === trim($rangeHeader)) {
            return $whole;
        }
        if (null !== $ifRange && '' !== trim($ifRange) && trim($ifRange) !== $etag) {
            return $whole;
        }
        if (1 !== preg_match('/\A\s*bytes\s*=(.*)\z/is', $rangeHeader, $match)) {
            return $whole; // another unit: ignored
        }
        $specs = array_values(array_filter(array_map('trim', explode(',', $match[1])), static fn ($s) => '' !== $s));
        if (count($specs) > 1) {
            return $whole; // several ranges would need multipart/byteranges: ignored, as RFC 9110 allows
        }
        $parsed = 1 === count($specs) && 1 === preg_match('/\A(\d*)\s*-\s*(\d*)\z/', $specs[0], $bounds);
        if (!$parsed || '' === $bounds[1] . $bounds[2]) {
            return self::unsatisfiable($size);
        }
        if ('' === $bounds[1]) {
            $suffix = self::number($bounds[2]);
            return 0 === $suffix
                ? self::unsatisfiable($size)
                : new self(self::PARTIAL, new ByteRange(max(0, $size - $suffix), $size - 1));
        }
        $first = self::number($bounds[1]);
        $last  = '' === $bounds[2] ? $size - 1 : min(self::number($bounds[2]), $size - 1);
        if ($first >= $size || ('' !== $bounds[2] && self::number($bounds[2]) < $first)) {
            return self::unsatisfiable($size);
        }
        return new self(self::PARTIAL, new ByteRange($first, $last));
    }

    private static function unsatisfiable(int $size): self
    {
        return new self(self::UNSATISFIABLE, ByteRange::all($size));
    }

    private static function number(string $digits): int
    {
        $digits = ltrim($digits, '0');
        return strlen($digits) > self::MAX_DIGITS ? PHP_INT_MAX : (int) $digits;
    }
}
