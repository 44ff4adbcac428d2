<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Retention;

use SiteBackups\Engine\Backup\PendingBackups;
use SiteBackups\Engine\Download\DownloadCache;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Engine\Store\TempFiles;

/**
 * Mark and sweep: marks every object named by a published snapshot (and by the parent of any
 * backup in progress), then deletes unmarked objects, except those touched since the oldest
 * backup in progress began (or since the sweep began): those may belong to a backup not yet
 * published. Only unreferenced objects are ever deleted, so a crash at any point leaves every
 * published snapshot whole.
 */
final class Sweeper
{
    /** mtimes are whole seconds and clocks drift: protect a little more than strictly needed */
    private const SLACK_SECONDS = 5;
    private const TEMP_MAX_AGE  = 3600;

    public function __construct(private readonly BackupStore $store)
    {
    }

    /** @param (callable(string): void)|null $beforeDelete called with each hash about to go (tests use it to crash mid-sweep) */
    public function sweep(?callable $beforeDelete = null): SweepReport
    {
        $this->store->assertWritable();
        $report  = new SweepReport();
        $started = time();
        $objects = $this->store->objects();
        $pending = (new PendingBackups($this->store))->all();
        $cutoff  = (int) floor(min([$started, ...array_column($pending, 'started_at')])) - self::SLACK_SECONDS;

        $marks = new BloomFilter($this->countObjects($objects));
        $ids   = $this->store->snapshots()->ids();
        foreach (array_filter(array_column($pending, 'parent')) as $parentId) {
            $ids[] = $parentId;
        }
        foreach (array_unique($ids) as $id) {
            try {
                $record = $this->store->snapshots()->load($id);
            } catch (StoreException $e) {
                if ($this->store->snapshots()->has($id)) {
                    throw new StoreException('Sweep stopped before deleting anything: ' . $e->getMessage(), 0, $e);
                }
                continue; // forgotten meanwhile
            }
            $this->mark($objects, $record, $marks);
            $report->snapshotsMarked++;
        }

        foreach ($objects->all() as $hash => $mtime) {
            $report->objectsSeen++;
            if ($marks->mightContain($hash)) {
                continue;
            }
            if ($mtime >= $cutoff) {
                $report->keptAsRecent++;
                continue;
            }
            if (null !== $beforeDelete) {
                $beforeDelete($hash);
            }
            $report->deletedBytes += $objects->size($hash);
            $objects->delete($hash);
            $report->deleted++;
        }
        $report->tempFilesRemoved = TempFiles::removeOrphans($this->store->tempDir(), min($cutoff, $started - self::TEMP_MAX_AGE));
        // What downloads keep for their next requests: gone with their snapshot, or after a day unused.
        $report->tempFilesRemoved += DownloadCache::sweep($this->store, $started - DownloadCache::MAX_AGE);
        return $report;
    }

    /** A manifest piece that cannot be read aborts the sweep: its references are unknown. */
    private function mark(ObjectStore $objects, SnapshotRecord $record, BloomFilter $marks): void
    {
        try {
            foreach ($record->filePieces as $piece) {
                $marks->add($piece);
            }
            foreach ((new PieceReader($objects, $record->filePieces))->lines() as $line) {
                foreach (Entry::fromJson($line)->chunks as $hash) {
                    $marks->add($hash);
                }
            }
            foreach ($record->sources as $source) {
                foreach ($source['pieces'] as $piece) {
                    $marks->add($piece);
                }
                foreach (SnapshotReader::chunkRefs((new PieceReader($objects, $source['pieces']))->lines()) as $chunk) {
                    $marks->add($chunk->hash);
                }
            }
        } catch (StoreException $e) {
            throw new StoreException(sprintf('Sweep stopped before deleting anything: snapshot %s has a damaged manifest (%s). Run verify.', $record->id, $e->getMessage()), 0, $e);
        }
    }

    private function countObjects(ObjectStore $objects): int
    {
        $count = 0;
        foreach ($objects->all() as $unused) {
            $count++;
        }
        return $count;
    }
}
