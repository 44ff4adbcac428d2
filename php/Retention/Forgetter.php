<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

use SiteBackups\Engine\Backup\PendingBackups;
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
        return $this->forgetAll([$rule], $dryRun);
    }

    /**
     * Applies several rules in one pass (see RetentionPass), e.g. one per environment.
     *
     * @param list<RetentionRule> $rules
     * @return list<string> the ids forgotten
     */
    public function forgetAll(array $rules, bool $dryRun = false): array
    {
        $this->store->assertWritable();
        $catalog   = $this->store->snapshots();
        $pass      = new RetentionPass($rules, $this->parentsInUse());
        $forgotten = [];
        foreach ($catalog->all() as $record) { // newest first
            if (!$pass->keeps($record->id, $record->environment(), null === $record->scope())) {
                $forgotten[] = $record->id;
                if (!$dryRun) {
                    $catalog->delete($record->id);
                }
            }
        }
        return $forgotten;
    }

    /** Forgets one snapshot; false when the store does not hold it or a backup in progress builds on it. */
    public function forgetOne(string $id): bool
    {
        $this->store->assertWritable();
        $catalog = $this->store->snapshots();
        if (!$catalog->has($id) || in_array($id, $this->parentsInUse(), true)) {
            return false;
        }
        $catalog->delete($id);
        return true;
    }

    /** @return list<string> */
    private function parentsInUse(): array
    {
        $parents = array_column((new PendingBackups($this->store))->all(), 'parent');
        return array_values(array_unique(array_filter($parents)));
    }
}
