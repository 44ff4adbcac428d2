<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Offsite\TransferProgress;
use SiteBackups\Engine\Snapshot\SnapshotRecord;

/** Where a restore finds a backup the local store does not hold (the bucket, as the plugin set it up). */
interface OffsiteBackups
{
    /** The backup's record, checked against its signature. */
    public function record(string $id): SnapshotRecord;

    /** Brings the backup into the local store for about $seconds, after its first $done references. */
    public function fetch(string $id, int $done, float $seconds): TransferProgress;

    /** The backup is now in the local store whole. */
    public function fetched(string $id): void;
}
