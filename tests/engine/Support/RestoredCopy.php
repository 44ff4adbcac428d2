<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Restore\FilesRestore;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;

/**
 * A published snapshot put into a fresh folder or database the way a restore puts it in place
 * (Restore\FilesRestore, Restore\DatabaseRestore), in one go, so that a test compares what a real
 * restore brings back.
 */
final class RestoredCopy
{
    /**
     * Restores the snapshot's files into $dir (made when missing) through a staging area beside it.
     * As in any restore, a missing folder that holds a left-out path (wp-content, for wp-content/cache)
     * is not made: a target that lacks one gets it from the test.
     */
    public static function files(BackupStore $store, string $id, string $dir): void
    {
        Durable::makeDir($dir);
        $area    = FilesRestore::newArea($dir);
        $restore = new FilesRestore($store, $id, SiteTree::at($dir), $area, new ProtectedPaths($dir, []));
        try {
            $done = 0;
            do {
                $progress = $restore->stage($done, 60.0);
                $done     = $progress->entriesDone;
            } while (!$progress->complete);
            $cursor = null;
            do {
                $cursor = $restore->prune($cursor, 60.0);
            } while (null !== $cursor);
            while (!$restore->move(60.0)) {
                // until every staged entry is in place
            }
        } finally {
            $restore->discard();
        }
    }

    /** Restores the snapshot's database over the tables of $prefix on $db (an empty database or not). */
    public static function database(BackupStore $store, string $id, Connection $db, string $prefix = 'wp_'): void
    {
        $restore = new DatabaseRestore($store, $db, $id, $prefix);
        $restore->prepare();
        do {
            $progress = $restore->load(60.0);
        } while (!$progress->complete);
        $restore->swap();
        $restore->finish();
    }
}
