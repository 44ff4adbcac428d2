<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Backups;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Restore\ManifestPathGuard;
use SiteBackups\Engine\Restore\SnapshotReader;
use SiteBackups\Engine\Restore\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\StoreException;

/**
 * A published snapshot as one zip, streamed:
 *   manifest.json  the snapshot's id, metadata and list of paths (ArchiveManifest)
 *   database.sql   the database as one SQL script, for the mariadb client
 *   files/...      every file, folder and symlink the backup holds, with modes and mtimes
 * Every byte is verified against its hash on the way out; a missing or corrupt object ends the
 * archive with an exception and an output that no unzip takes for complete. Entry names are built
 * only from manifest paths that ManifestPathGuard passed: a manifest with an unsafe path (which
 * an extractor could write outside its folder or through a link) fails at open(), before the
 * first byte, and again while writing should the manifest change in between.
 */
final class SnapshotArchive
{
    public const MANIFEST = 'manifest.json';
    public const DATABASE = 'database.sql';
    public const FILES    = 'files/';

    private function __construct(
        private readonly BackupStore $store,
        private readonly SnapshotRecord $record,
    ) {
    }

    /**
     * Checks the id, reads the snapshot's record and checks every path of its manifest, so that an
     * unknown id, an unreadable store or an unsafe manifest fails before the first byte of the archive.
     * @throws \SiteBackups\Engine\Snapshot\InvalidSnapshotId for a malformed id
     * @throws StoreException when the snapshot does not exist or cannot be read
     * @throws UnsafePath naming the first unsafe path of the manifest and why
     */
    public static function open(BackupStore $store, string $id): self
    {
        $record = $store->snapshots()->load(SnapshotId::assertValid($id));
        ManifestPathGuard::assertAll((new SnapshotReader($store))->entries($record->id));
        return new self($store, $record);
    }

    public function record(): SnapshotRecord
    {
        return $this->record;
    }

    /**
     * Writes the whole archive to $out, which need not be seekable.
     * @param resource $out
     */
    public function writeTo($out, int $level = ZipWriter::DEFAULT_LEVEL): ArchiveReport
    {
        $zip    = new ZipWriter($out, $level);
        $sink   = ZipEntryStream::open([$zip, 'write']);
        $report = new ArchiveReport();
        try {
            $hasDatabase = isset($this->record->sources[Backups::DATABASE]);
            $this->writeManifest($zip, $hasDatabase);
            if ($hasDatabase) {
                $report->databaseBytes = $this->writeDatabase($zip, $sink);
            }
            $this->writeFiles($zip, $sink, $report);
            $report->archiveBytes = $zip->finish();
        } catch (\Throwable $e) {
            $zip->abort();
            throw $e;
        } finally {
            fclose($sink);
        }
        return $report;
    }

    private function writeManifest(ZipWriter $zip, bool $hasDatabase): void
    {
        $zip->beginFile(self::MANIFEST, 0644, $this->mtime());
        $fragments = ArchiveManifest::fragments(
            $this->record,
            ManifestPathGuard::checked($this->reader()->entries($this->record->id)),
            self::FILES,
            $hasDatabase ? self::DATABASE : null
        );
        foreach ($fragments as $fragment) {
            $zip->write($fragment);
        }
        $zip->endFile();
    }

    /** @param resource $sink */
    private function writeDatabase(ZipWriter $zip, $sink): int
    {
        $expected = $this->record->sources[Backups::DATABASE]['bytes'];
        $zip->beginFile(self::DATABASE, 0644, $this->mtime(), ZipWriter::DEFLATE, $expected);
        $written = $this->reader()->streamSource($this->record->id, Backups::DATABASE, $sink);
        if ($written !== $expected) {
            throw new StoreException("The database of snapshot {$this->record->id} has $written bytes, not $expected.");
        }
        $zip->endFile();
        return $written;
    }

    /** @param resource $sink */
    private function writeFiles(ZipWriter $zip, $sink, ArchiveReport $report): void
    {
        $objects = $this->store->objects();
        foreach (ManifestPathGuard::checked($this->reader()->entries($this->record->id)) as $entry) {
            if (!$entry->isBackedUp()) {
                continue;
            }
            $name = self::FILES . $entry->path; // a checked path: relative, plain parts, in a folder of the backup
            switch ($entry->type) {
                case Entry::DIR:
                    $zip->addDirectory($name, $entry->mode, $entry->mtime);
                    $report->dirs++;
                    break;
                case Entry::SYMLINK:
                    $zip->addSymlink($name, (string) $entry->target, $entry->mtime, $entry->mode);
                    $report->symlinks++;
                    break;
                case Entry::FILE:
                    $method = EntryCompression::methodFor($entry, $objects);
                    $zip->beginFile($name, $entry->mode, $entry->mtime, $method, $entry->size);
                    $written = 0;
                    foreach ($entry->chunks as $hash) {
                        $written += $objects->copyTo($hash, $sink);
                    }
                    if ($written !== $entry->size) {
                        throw new StoreException("Stored size differs for {$entry->path}.");
                    }
                    $zip->endFile();
                    $report->files++;
                    $report->fileBytes += $written;
                    break;
            }
        }
    }

    private function reader(): SnapshotReader
    {
        return new SnapshotReader($this->store);
    }

    /** The time the backup began, for the entries that are not site files. */
    private function mtime(): int
    {
        return (int) $this->record->startedAt();
    }
}
