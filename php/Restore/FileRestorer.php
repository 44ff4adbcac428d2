<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_chmod, WordPress.WP.AlternativeFunctions.file_system_operations_mkdir, WordPress.WP.AlternativeFunctions.file_system_operations_touch -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\StoreException;

/**
 * Writes a snapshot's files into an empty folder: contents (verified against their hashes),
 * modes, mtimes, symlinks and empty folders. Folder modes and mtimes are applied when the walk
 * leaves each folder, since writing inside a folder changes its mtime.
 *
 * The manifest may come from a bucket someone else can write to: all of its paths are checked
 * (ManifestPathGuard) before the folder is even created, each entry again as it is written, and
 * each write first checks its parent folders on disk (ParentFolders). Symbolic links of the backup
 * are restored as links; nothing is ever written through one.
 */
final class FileRestorer
{
    public function __construct(private readonly BackupStore $store)
    {
    }

    public function restore(string $id, string $target): RestoreReport
    {
        $target = rtrim($target, '/');
        $reader = new SnapshotReader($this->store);
        ManifestPathGuard::assertAll($reader->entries($id));
        Durable::makeDir($target);
        if ([] !== array_diff(scandir($target) ?: [], ['.', '..'])) {
            throw new StoreException('Restore needs an empty folder.');
        }
        $report  = new RestoreReport();
        $objects = $this->store->objects();
        /** @var list<Entry> $open folders entered, waiting for their mode and mtime */
        $open = [];
        foreach (ManifestPathGuard::checked($reader->entries($id)) as $entry) {
            while ([] !== $open && !str_starts_with($entry->path, end($open)->path . '/')) {
                self::finishDir($target, array_pop($open));
            }
            if (!$entry->isBackedUp()) {
                $report->notInBackup++;
                continue;
            }
            ParentFolders::assertInside($target, $entry->path, 'the restore folder');
            $path = $target . '/' . $entry->path;
            switch ($entry->type) {
                case Entry::DIR:
                    if (!@mkdir($path, 0700)) {
                        throw new StoreException('Could not create folder ' . $entry->path);
                    }
                    $open[] = $entry;
                    $report->dirs++;
                    break;
                case Entry::SYMLINK:
                    if (!@symlink((string) $entry->target, $path)) {
                        throw new StoreException('Could not create symlink ' . $entry->path);
                    }
                    $report->symlinks++;
                    break;
                case Entry::FILE:
                    $report->bytes += EntryFileWriter::write($objects, $entry, $path);
                    $report->files++;
                    break;
            }
        }
        while ([] !== $open) {
            self::finishDir($target, array_pop($open));
        }
        return $report;
    }

    private static function finishDir(string $target, Entry $dir): void
    {
        $path = $target . '/' . $dir->path;
        clearstatcache(true, $path);
        if (is_link($path) || !is_dir($path)) {
            // chmod() and touch() follow links: the folder made earlier must still be one.
            throw UnsafePath::refused('change', $dir->path, 'because something else took the place of its folder');
        }
        chmod($path, $dir->mode);
        touch($path, $dir->mtime);
    }
}
