<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/**
 * The MS-DOS date and time every zip header carries: two-second steps, 1980 to 2107, in no time zone
 * of its own. Written in UTC (what WordPress runs PHP in), so a backup gives the same bytes whatever
 * zone the engine runs in; exact times travel in the extended timestamp field beside it, which unzip
 * tools read first.
 */
final class DosTime
{
    public function __construct(public readonly int $time, public readonly int $date)
    {
    }

    public static function fromUnix(int $unixTime): self
    {
        $parts = array_map('intval', explode(' ', gmdate('Y n j G i s', $unixTime)));
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
