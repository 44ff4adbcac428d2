<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

final class SweepReport
{
    public int $snapshotsMarked = 0;
    public int $objectsSeen = 0;
    public int $deleted = 0;
    public int $deletedBytes = 0;
    public int $keptAsRecent = 0;
    public int $tempFilesRemoved = 0;

    /** @return array<string, int> */
    public function toArray(): array
    {
        return get_object_vars($this);
    }
}
