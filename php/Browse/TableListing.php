<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\ObjectStore;

/** Lists a snapshot's tables a page at a time: one pass over its chunk list per page, memory for the page. */
final class TableListing
{
    public function __construct(private readonly ObjectStore $objects, private readonly SnapshotRecord $record)
    {
    }

    /**
     * @param string|null $after the last name of the page before (TablesPage::$next)
     * @throws DamagedManifest when the chunk list cannot be read as the format writes it
     */
    public function page(?string $after = null, int $limit = Paging::DEFAULT_LIMIT): TablesPage
    {
        $after = Paging::cursor($after);
        $limit = Paging::limit($limit);
        $notes = DatabaseNotes::of($this->record);
        if (!isset($this->record->sources[DatabaseSource::KEY])) {
            return new TablesPage(false, [], null, [], [], null, null);
        }
        $runs   = (new TableRuns($this->objects, $this->record))->select($after, $limit + 1);
        $more   = count($runs) > $limit;
        $tables = array_map(
            static fn (TableRun $run): TableInfo => TableInfo::of($run, $notes),
            array_slice($runs, 0, $limit)
        );
        return new TablesPage(
            true,
            $tables,
            $more ? $tables[$limit - 1]->name : null,
            $notes->leftOut(),
            $notes->skipped(),
            $notes->moment(),
            $notes->consistent(),
            $notes->hasRowCounts(),
        );
    }
}
