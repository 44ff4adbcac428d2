<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Backup\Progress;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Verify\VerifyReport;

/**
 * The repository as a restore uses it: the snapshot it reads, the safety backup it takes, and the
 * restores of a snapshot's database and files. Repository implements it, so RestoreRunner, below
 * the facade, never names the facade (php/README.md, "Which folder uses which").
 */
interface RestoreRepository
{
    public function store(): BackupStore;

    public function snapshot(string $id): SnapshotRecord;

    /** Works on a begun backup (the safety backup) for about $seconds. */
    public function step(string $id, float $seconds): Progress;

    public function publish(string $id): SnapshotRecord;

    public function cancel(string $id): void;

    /** The objects of a snapshot the store lacks or holds damaged. */
    public function findMissing(string $id): VerifyReport;

    /** @throws RestoreRefused when the backup is of part of the site and no scope is given */
    public function databaseRestore(
        string $id,
        Connection $db,
        string $tablePrefix,
        ?SnapshotScope $scope = null,
        bool $keepUnchanged = false,
    ): DatabaseRestore;

    /** @throws RestoreRefused when the backup is of part of the site and no scope is given */
    public function filesRestore(
        string $id,
        SiteTree|string $site,
        string $area,
        ProtectedPaths $protected,
        ?SnapshotScope $scope = null,
    ): FilesRestore;
}
