<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\StoreException;

/** Backups begun and not yet published or cancelled. They are never listed as snapshots. */
final class PendingBackups
{
    public function __construct(private readonly BackupStore $store)
    {
    }

    /** @return list<array{id: string, started_at: float, parent: ?string}> oldest first */
    public function all(): array
    {
        $pending = [];
        foreach (@scandir($this->store->pendingDir()) ?: [] as $id) {
            if (!SnapshotId::isValid($id)) {
                continue;
            }
            try {
                $state     = BackupState::load($this->store->pendingDir() . '/' . $id . '/' . BackupState::FILE);
                $pending[] = ['id' => $id, 'started_at' => $state->startedAt, 'parent' => $state->parentId];
            } catch (StoreException) {
                // Begun but crashed before its first state: its time is in its id.
                $pending[] = ['id' => $id, 'started_at' => SnapshotId::timeMs($id) / 1000, 'parent' => null];
            }
        }
        return $pending;
    }

    public function oldestStart(): ?float
    {
        $starts = array_column($this->all(), 'started_at');
        return [] === $starts ? null : min($starts);
    }
}
