<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * The tables whose contents differ between two snapshots, from their chunk lists alone, a page at a
 * time. Tables are taken in batches of names (TableRuns, one pass over each list per batch); a table
 * whose sequence of chunk hashes is the same in both is unchanged, and for one that is not, its chunks
 * are read again from where they lie and matched (RangeDiff). Memory: a batch of tables, plus at most
 * RangeDiff::BUDGET hashes.
 */
final class TableChanges
{
    /** Tables looked at per pass over the lists. */
    private const BATCH = 200;

    private readonly TableRuns $beforeRuns;
    private readonly TableRuns $afterRuns;
    private readonly DatabaseNotes $beforeNotes;
    private readonly DatabaseNotes $afterNotes;

    public function __construct(ObjectStore $objects, SnapshotRecord $before, SnapshotRecord $after)
    {
        $this->beforeRuns  = new TableRuns($objects, $before);
        $this->afterRuns   = new TableRuns($objects, $after);
        $this->beforeNotes = DatabaseNotes::of($before);
        $this->afterNotes  = DatabaseNotes::of($after);
    }

    /**
     * @param string|null $after the last name of the page before (TableChangesPage::$next)
     * @throws DamagedManifest when a chunk list cannot be read as the format writes it
     */
    public function page(?string $after = null, int $limit = Paging::DEFAULT_LIMIT): TableChangesPage
    {
        $after   = Paging::cursor($after);
        $limit   = Paging::limit($limit);
        $changes = [];
        foreach ($this->all($after) as $change) {
            if (count($changes) === $limit) {
                return new TableChangesPage($changes, $changes[$limit - 1]->name);
            }
            $changes[] = $change;
        }
        return new TableChangesPage($changes, null);
    }

    /**
     * Every table that differs, after $after, sorted by name.
     * @return \Generator<int, TableChange>
     */
    public function all(?string $after = null): \Generator
    {
        $batch = self::BATCH + 1;
        do {
            $before = self::byName($this->beforeRuns->select($after, $batch));
            $later  = self::byName($this->afterRuns->select($after, $batch));
            $names  = array_map('strval', array_keys($before + $later));
            usort($names, 'strcmp');
            $more  = count($names) > $batch - 1;
            $names = array_slice($names, 0, $batch - 1);
            foreach ($names as $name) {
                $change = $this->compare($name, $before[$name] ?? null, $later[$name] ?? null);
                if (null !== $change) {
                    yield $change;
                }
                $after = $name;
            }
        } while ($more);
    }

    private function compare(string $name, ?TableRun $before, ?TableRun $after): ?TableChange
    {
        if (null !== $before && null !== $after && $before->digest() === $after->digest()) {
            return null;
        }
        $onlyBefore = null === $before ? 0 : $before->ranges();
        $onlyAfter  = null === $after ? 0 : $after->ranges();
        if (null !== $before && null !== $after) {
            [$onlyBefore, $onlyAfter] = RangeDiff::count(
                fn (): \Generator => self::rows($this->beforeRuns->hashes($before)),
                $before->ranges(),
                fn (): \Generator => self::rows($this->afterRuns->hashes($after)),
            );
        }
        return new TableChange(
            $name,
            null === $before ? TableChange::ADDED : (null === $after ? TableChange::REMOVED : TableChange::CHANGED),
            null !== $before && null !== $after && $before->schemaHash() !== $after->schemaHash(),
            null === $before ? 0 : $before->ranges(),
            null === $after ? 0 : $after->ranges(),
            $onlyBefore,
            $onlyAfter,
            null === $before ? 0 : $before->bytes(),
            null === $after ? 0 : $after->bytes(),
            null === $before ? null : $this->beforeNotes->number($name, 'auto_increment'),
            null === $after ? null : $this->afterNotes->number($name, 'auto_increment'),
            null === $before ? null : $this->beforeNotes->number($name, 'data_length'),
            null === $after ? null : $this->afterNotes->number($name, 'data_length'),
            null === $before ? 0 : $this->beforeNotes->rows($name),
            null === $after ? 0 : $this->afterNotes->rows($name),
        );
    }

    /**
     * A table's chunk hashes without the first, its schema.
     * @param \Generator<int, string> $hashes
     * @return \Generator<int, string>
     */
    private static function rows(\Generator $hashes): \Generator
    {
        $first = true;
        foreach ($hashes as $hash) {
            if (!$first) {
                yield $hash;
            }
            $first = false;
        }
    }

    /**
     * @param list<TableRun> $runs
     * @return array<string, TableRun>
     */
    private static function byName(array $runs): array
    {
        $named = [];
        foreach ($runs as $run) {
            $named[$run->name] = $run;
        }
        return $named;
    }
}
