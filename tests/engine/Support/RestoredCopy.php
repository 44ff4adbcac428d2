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
 * A published snapshot put into a folder or database the way a restore puts it in place
 * (Restore\FilesRestore, Restore\DatabaseRestore), so that a test compares what a real restore
 * brings back. RestoreRunner runs the same parts between its other phases.
 */
final class RestoredCopy
{
    /**
     * Restores the snapshot's files over $site (a folder, made when missing) through a new staging
     * area, as a restore does: stage, prune, move, discard, each part in steps of about $slice seconds,
     * each step through a new FilesRestore as a new request would make it. A slice of 0 is the smallest:
     * one entry a step, except staging, which reads the manifest from its start at every step and so
     * gets a millisecond at least. As in any restore, a missing folder that holds a left-out path
     * (wp-content, for wp-content/cache) is not made: a target that lacks one gets it from the test.
     * @param (callable(): ProtectedPaths)|null $protected a fresh set for each step; null protects nothing
     * @param (callable(): void)|null $staged called once every entry is staged, before anything moves
     * @return string the staging area it used (gone by now)
     */
    public static function files(
        BackupStore $store,
        string $id,
        SiteTree|string $site,
        float $slice = 60.0,
        ?callable $protected = null,
        ?callable $staged = null,
    ): string {
        if (is_string($site)) {
            Durable::makeDir($site);
            $site = SiteTree::at($site);
        }
        $protected ??= static fn (): ProtectedPaths => new ProtectedPaths($site, []);
        $area    = FilesRestore::newArea($site->root());
        $restore = static fn (): FilesRestore => new FilesRestore($store, $id, $site, $area, $protected());
        try {
            $done = 0;
            do {
                $progress = $restore()->stage($done, max($slice, 0.001));
                $done     = $progress->entriesDone;
            } while (!$progress->complete);
            if (null !== $staged) {
                $staged();
            }
            $cursor = null;
            do {
                $cursor = $restore()->prune($cursor, $slice);
            } while (null !== $cursor);
            while (!$restore()->move($slice)) {
                // until every staged entry is in place
            }
        } finally {
            $restore()->discard();
        }
        return $area;
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
