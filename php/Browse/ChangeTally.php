<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * Counts changes as they stream by into a ChangeSummary, in memory that does not grow with them:
 * a few numbers per part of the site, and at most MAX_AREAS parts (beyond, in OTHER: only a manifest
 * written by someone else has that many folders at its top).
 */
final class ChangeTally
{
    public const MAX_AREAS = 256;
    public const OTHER = '*';

    /** @var array<string, array{0: int, 1: int, 2: int, 3: int, 4: int}> added, changed, removed, bytes added, bytes removed */
    private array $areas = [];
    private int $phpInUploads = 0;
    /** @var list<string> */
    private array $phpPaths = [];
    /** @var array<string, int> */
    private array $tables = [TableChange::ADDED => 0, TableChange::CHANGED => 0, TableChange::REMOVED => 0];

    public function addFile(FileChange $change): void
    {
        if ($change->phpInUploads) {
            $this->phpInUploads++;
            if (count($this->phpPaths) < ChangeSummary::PHP_PATHS_SHOWN) {
                $this->phpPaths[] = $change->path;
            }
        }
        if ($change->isFolder()) {
            return;
        }
        $area = $change->area;
        if (!isset($this->areas['a' . $area]) && count($this->areas) >= self::MAX_AREAS) {
            $area = self::OTHER;
        }
        $counts = $this->areas['a' . $area] ?? [0, 0, 0, 0, 0];
        $slot   = match ($change->kind) {
            FileChange::ADDED   => 0,
            FileChange::CHANGED => 1,
            default             => 2,
        };
        $counts[$slot]++;
        $growth     = (int) $change->sizeAfter - (int) $change->sizeBefore;
        $counts[3] += max(0, $growth);
        $counts[4] += max(0, -$growth);
        $this->areas['a' . $area] = $counts;
    }

    public function addTable(TableChange $change): void
    {
        $this->tables[$change->kind] = ($this->tables[$change->kind] ?? 0) + 1;
    }

    public function summary(): ChangeSummary
    {
        ksort($this->areas, SORT_STRING);
        $areas  = [];
        $totals = [0, 0, 0];
        foreach ($this->areas as $key => $counts) {
            $areas[] = new AreaCounts(substr($key, 1), ...$counts);
            for ($i = 0; $i < 3; $i++) {
                $totals[$i] += $counts[$i];
            }
        }
        return new ChangeSummary(
            $areas,
            $totals[0],
            $totals[1],
            $totals[2],
            $this->phpInUploads,
            $this->phpPaths,
            $this->tables[TableChange::ADDED],
            $this->tables[TableChange::CHANGED],
            $this->tables[TableChange::REMOVED],
        );
    }
}
