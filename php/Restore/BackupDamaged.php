<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Verify\VerifyReport;

/** The backup misses stored parts, found before anything was prepared: nothing was changed. */
final class BackupDamaged extends RestoreRefused
{
    public function __construct(public readonly VerifyReport $report)
    {
        parent::__construct(sprintf(
            'This backup cannot be restored: %d stored part(s) missing. Nothing was changed.',
            count($report->missing)
        ));
    }
}
