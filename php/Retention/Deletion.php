<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Retention;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Deleting backups from the store, one asked for or those a retention rule no longer keeps: their
 * records go first, then what the host keeps beside them (the plugin: the logs of their jobs), then
 * every object no remaining backup needs. A crash in between never harms a remaining backup: what it
 * leaves is objects no record names, which the next sweep deletes.
 */
final class Deletion
{
    /** @param (\Closure(list<string>): void)|null $alsoForget told the ids of the backups that went, before the sweep */
    public function __construct(
        private readonly BackupStore $store,
        private readonly ?\Closure $alsoForget = null,
    ) {
    }

    /**
     * Forgets one backup and sweeps what only it used.
     * @throws BackupInUse when a backup in progress builds on it, or the store does not hold it
     */
    public function delete(string $id): SweepReport
    {
        $this->forget($id);
        return $this->sweep();
    }

    /**
     * Deletes the backups the rules do not keep (PlanRetention::rules()); sweeps only when some went.
     *
     * @param list<RetentionRule> $rules
     * @return list<string> the ids deleted
     */
    public function prune(array $rules): array
    {
        $forgotten = $this->forgetExpired($rules);
        if ([] !== $forgotten) {
            $this->sweep();
        }
        return $forgotten;
    }

    /**
     * The first half of delete(): the record goes, and what the host keeps beside it. The backup is
     * gone from then on; its objects stay until sweep(), which a caller may run after letting go of
     * a lock, since nothing reads objects no record names.
     * @throws BackupInUse when a backup in progress builds on it, or the store does not hold it
     */
    public function forget(string $id): void
    {
        if (!(new Forgetter($this->store))->forgetOne(SnapshotId::assertValid($id))) {
            throw new BackupInUse($id);
        }
        $this->told([$id]);
    }

    /**
     * The first half of prune(): the records of the backups the rules do not keep.
     *
     * @param list<RetentionRule> $rules
     * @return list<string> the ids forgotten
     */
    public function forgetExpired(array $rules): array
    {
        $forgotten = (new Forgetter($this->store))->forgetAll($rules);
        if ([] !== $forgotten) {
            $this->told($forgotten);
        }
        return $forgotten;
    }

    /** Deletes every object no remaining backup, and no backup in progress, needs. */
    public function sweep(): SweepReport
    {
        return (new Sweeper($this->store))->sweep();
    }

    /** @param list<string> $ids */
    private function told(array $ids): void
    {
        if (null !== $this->alsoForget) {
            ($this->alsoForget)($ids);
        }
    }
}
