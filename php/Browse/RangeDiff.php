<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * How many of a table's row chunks one snapshot has that the other has not, by content hash, in
 * bounded memory. The chunk lists carry no key range (only the content's hash), and a table's chunks,
 * while in key order, shift when a range empties or a new one appears; so chunks are matched as a
 * multiset of hashes, exactly. At most BUDGET hashes are held: a larger table is compared in passes,
 * each over the hashes of one share of the hash space (both lists read again each pass).
 */
final class RangeDiff
{
    /** Hashes held at once (32 bytes each, as array keys): about 1.5 MB. */
    public const BUDGET = 16384;

    /**
     * @param \Closure(): iterable<string> $before the older snapshot's chunk hashes, readable again
     * @param \Closure(): iterable<string> $after the newer snapshot's
     * @return array{0: int, 1: int} chunks only before, chunks only after
     */
    public static function count(\Closure $before, int $beforeCount, \Closure $after): array
    {
        $passes     = max(1, (int) ceil($beforeCount / self::BUDGET));
        $matched    = 0;
        $afterCount = 0;
        $seen       = 0;
        for ($pass = 0; $pass < $passes; $pass++) {
            /** @var array<string, int> $held */
            $held = [];
            foreach ($before() as $hash) {
                if (0 === $pass) {
                    $seen++;
                }
                if (self::share($hash, $passes) === $pass) {
                    $key        = (string) hex2bin($hash);
                    $held[$key] = ($held[$key] ?? 0) + 1;
                }
            }
            foreach ($after() as $hash) {
                if (0 === $pass) {
                    $afterCount++;
                }
                if (self::share($hash, $passes) !== $pass) {
                    continue;
                }
                $key = (string) hex2bin($hash);
                if (($held[$key] ?? 0) > 0) {
                    $held[$key]--;
                    $matched++;
                }
            }
        }
        return [$seen - $matched, $afterCount - $matched];
    }

    private static function share(string $hash, int $passes): int
    {
        return 1 === $passes ? 0 : (int) hexdec(substr($hash, 0, 6)) % $passes;
    }
}
