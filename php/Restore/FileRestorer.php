<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\StoreException;

/**
 * Writes a snapshot's files into an empty folder: contents (verified against their hashes),
 * modes, mtimes, symlinks and empty folders. Folder modes and mtimes are applied when the walk
 * leaves each folder, since writing inside a folder changes its mtime.
 */
final class FileRestorer
{
    public function __construct(private readonly BackupStore $store)
    {
    }

    public function restore(string $id, string $target): RestoreReport
    {
        $target = rtrim($target, '/');
        Durable::makeDir($target);
        if ([] !== array_diff(scandir($target) ?: [], ['.', '..'])) {
            throw new StoreException('Restore needs an empty folder.');
        }
        $report  = new RestoreReport();
        $objects = $this->store->objects();
        /** @var list<Entry> $open folders entered, waiting for their mode and mtime */
        $open = [];
        foreach ((new SnapshotReader($this->store))->entries($id) as $entry) {
            UnsafePath::assertRelative($entry->path);
            while ([] !== $open && !str_starts_with($entry->path, end($open)->path . '/')) {
                self::finishDir($target, array_pop($open));
            }
            if (!$entry->isBackedUp()) {
                $report->notInBackup++;
                continue;
            }
            $path = $target . '/' . $entry->path;
            self::assertParentIsRealDir($target, $entry->path);
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
        chmod($path, $dir->mode);
        touch($path, $dir->mtime);
    }

    /** Refuses to write through a symlink restored earlier in place of a folder. */
    private static function assertParentIsRealDir(string $target, string $path): void
    {
        $parent = dirname($path);
        if ('.' !== $parent && (is_link($target . '/' . $parent) || !is_dir($target . '/' . $parent))) {
            throw new UnsafePath('Parent of ' . $path . ' is not a restored folder.');
        }
    }
}
