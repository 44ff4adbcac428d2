<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotScope;

/**
 * What a restore needs of the site it writes into that only the site's own software knows (the
 * plugin implements it for WordPress): what must never be overwritten, whether the backup may go
 * in at all, what the restored database keeps of the live site, and how visitors are kept out
 * while the site is switched over. One object per restore and target.
 */
interface TargetSite
{
    /** The paths the restore leaves alone: the site's configuration, the software restoring it, the store, excluded folders. */
    public function protectedPaths(): ProtectedPaths;

    /** Why the backup may not go into this site (worded for the administrator), or null when it may. */
    public function refusal(string $backupId): ?string;

    /**
     * Begins a backup of the site as it is now, through the same store; returns its id.
     * @param SnapshotScope|null $scope only these paths and tables (what the restore changes), recorded
     *                                  as the backup's scope; null: the whole site
     * @param RestoreOrigin|null $restoring the backup about to be restored, recorded as the backup's
     *                                      "restore_of" (Repository::beginBackup()); null when its time is unknown
     */
    public function beginSafetyBackup(string $backupId, ?SnapshotScope $scope = null, ?RestoreOrigin $restoring = null): string;

    /**
     * Adjusts the loaded tables (DatabaseRestore::TMP names) just before they are switched in: what
     * the restored database keeps of the live site (the software's own rows and active state, the
     * asking administrator's sessions, and into the other environment the site's address).
     * @param string $sourcePrefix the backup's table prefix
     * @param bool $otherEnvironment whether the backup is of the other environment
     */
    public function keepIdentity(Connection $db, string $sourcePrefix, bool $otherEnvironment): void;

    /** The site's tables were switched under it: nothing it cached of the old ones may be used. */
    public function databaseSwitched(): void;

    /** Keeps visitors out while the site is switched over; called again at every step, which renews it. */
    public function holdVisitors(): void;

    /** Lets visitors in again, if holdVisitors() kept them out. */
    public function letVisitorsIn(): void;
}
