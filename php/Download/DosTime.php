<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/**
 * The MS-DOS date and time every zip header carries: local time, two-second steps, 1980 to 2107.
 * Exact times travel in the extended timestamp field beside it.
 */
final class DosTime
{
    public function __construct(public readonly int $time, public readonly int $date)
    {
    }

    public static function fromUnix(int $unixTime): self
    {
        $parts = array_map('intval', explode(' ', date('Y n j G i s', $unixTime)));
        [$year, $month, $day, $hour, $minute, $second] = $parts;
        if ($year < 1980) {
            return new self(0, (1 << 5) | 1);
        }
        if ($year > 2107) {
            return new self((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31);
        }
        return new self(($hour << 11) | ($minute << 5) | ($second >> 1), (($year - 1980) << 9) | ($month << 5) | $day);
    }
}
