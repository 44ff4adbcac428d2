<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotRecord;

/** A record the bucket holds, for a list: what it says, and whether this site's key vouches for it. */
final class CatalogEntry
{
    public function __construct(
        public readonly SnapshotRecord $record,
        public readonly RecordVerification $verification,
    ) {
    }
}
