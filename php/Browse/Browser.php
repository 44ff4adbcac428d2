<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Inside a recovery point: its folders, one file's bytes, its tables; and what changed between two.
 * Everything is read from published snapshots of the store, in memory that does not grow with the
 * site, and lists come in pages (Paging): ask again with the page's `next` for the rest.
 *
 * Failures a caller answers differently: InvalidSnapshotId (a malformed id) and BadPath (a path or
 * name that is not a plain relative one) are the request's fault; NotFound (no such backup, nothing
 * or no folder at that path); NotAFile (a folder, a link or a path left out where a file's bytes were
 * asked for); DamagedManifest, ObjectCorrupt, ObjectMissing (all Store\StoreException) are the
 * backup's: it is damaged.
 */
final class Browser
{
    public function __construct(private readonly BackupStore $store)
    {
    }

    /**
     * The direct contents of one folder ("" for the top of the site), sorted by name.
     * @param string|null $after FolderPage::$next of the page before
     */
    public function folder(
        string $id,
        string $path = '',
        ?string $after = null,
        int $limit = Paging::DEFAULT_LIMIT,
    ): FolderPage {
        $listing = new FolderListing($this->store->objects(), $this->record($id)->filePieces);
        return $listing->page($path, $after, $limit);
    }

    /** One regular file, checked, ready to be copied out (SnapshotFile::copyTo()). */
    public function file(string $id, string $path): SnapshotFile
    {
        return SnapshotFile::open($this->store->objects(), $this->record($id)->filePieces, $path);
    }

    /**
     * The snapshot's tables, sorted by name.
     * @param string|null $after TablesPage::$next of the page before
     */
    public function tables(string $id, ?string $after = null, int $limit = Paging::DEFAULT_LIMIT): TablesPage
    {
        return (new TableListing($this->store->objects(), $this->record($id)))->page($after, $limit);
    }

    /**
     * Paths added, changed and removed from $olderId to $newerId, in manifest order.
     * @param string|null $after ChangesPage::$next of the page before
     */
    public function changes(
        string $olderId,
        string $newerId,
        ?string $after = null,
        int $limit = Paging::DEFAULT_LIMIT,
    ): ChangesPage {
        return $this->fileChanges($olderId, $newerId)->page($after, $limit);
    }

    /**
     * Tables added, changed and removed from $olderId to $newerId, sorted by name.
     * @param string|null $after TableChangesPage::$next of the page before
     */
    public function tableChanges(
        string $olderId,
        string $newerId,
        ?string $after = null,
        int $limit = Paging::DEFAULT_LIMIT,
    ): TableChangesPage {
        return $this->tableChangesOf($olderId, $newerId)->page($after, $limit);
    }

    /** Counts of every change from $olderId to $newerId (one walk over both snapshots' lists). */
    public function summary(string $olderId, string $newerId): ChangeSummary
    {
        $tally = new ChangeTally();
        foreach ($this->fileChanges($olderId, $newerId)->all() as $change) {
            $tally->addFile($change);
        }
        foreach ($this->tableChangesOf($olderId, $newerId)->all() as $change) {
            $tally->addTable($change);
        }
        return $tally->summary();
    }

    private function fileChanges(string $olderId, string $newerId): FileChanges
    {
        $objects = $this->store->objects();
        return new FileChanges($objects, $this->record($olderId)->filePieces, $this->record($newerId)->filePieces);
    }

    private function tableChangesOf(string $olderId, string $newerId): TableChanges
    {
        return new TableChanges($this->store->objects(), $this->record($olderId), $this->record($newerId));
    }

    /**
     * @throws \SiteBackups\Engine\Snapshot\InvalidSnapshotId for a malformed id
     * @throws NotFound when no such backup is published
     */
    private function record(string $id): SnapshotRecord
    {
        $catalog = $this->store->snapshots();
        if (!$catalog->has(SnapshotId::assertValid($id))) {
            throw NotFound::snapshot($id);
        }
        return $catalog->load($id);
    }
}
