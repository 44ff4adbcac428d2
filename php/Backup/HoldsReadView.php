<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/**
 * A SnapshotSource that keeps a read view open between chunks (and between steps in the same
 * process). The runner lets it go when the backup stops in this process: a failed step, cancel,
 * publish. A process that simply ends lets it go with its connection.
 */
interface HoldsReadView
{
    public function release(): void;
}
