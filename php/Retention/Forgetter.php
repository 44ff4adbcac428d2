<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

use SiteBackups\Engine\Backup\PendingBackups;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Deletes the records of snapshots a retention rule does not keep. Their objects stay until
 * a sweep finds them unreferenced. The parent of a backup in progress is always kept, since
 * that backup reuses its chunks without copying them.
 */
final class Forgetter
{
    public function __construct(private readonly BackupStore $store)
    {
    }

    /** @return list<string> the ids forgotten */
    public function forget(RetentionRule $rule, bool $dryRun = false): array
    {
        $this->store->assertWritable();
        $catalog   = $this->store->snapshots();
        $protected = array_flip(array_filter(array_column((new PendingBackups($this->store))->all(), 'parent')));
        $forgotten = [];
        $seen      = 0;
        foreach ($catalog->all() as $record) { // newest first
            if (null !== $rule->environment && $record->environment() !== $rule->environment) {
                continue;
            }
            $seen++;
            $keep = $seen <= $rule->keepLast
                || in_array($record->id, $rule->keepIds, true)
                || isset($protected[$record->id])
                || (null !== $rule->keepNewerThan && SnapshotId::timeMs($record->id) / 1000 >= $rule->keepNewerThan);
            if (!$keep) {
                $forgotten[] = $record->id;
                if (!$dryRun) {
                    $catalog->delete($record->id);
                }
            }
        }
        return $forgotten;
    }
}
