<?php

declare(strict_types=1);

namespace SiteBackups\Bench;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Restore\TargetSite;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotScope;

/**
 * The restore's edge for the benchmark: a bare folder and database with no software of their own,
 * so nothing is protected, every backup may go in, no identity is kept and no visitor is held.
 * What the plugin does there (a few option rows, a maintenance file) is not what the bench measures.
 */
final class BenchTarget implements TargetSite
{
    public function __construct(private readonly Environment $target)
    {
    }

    public function protectedPaths(): ProtectedPaths
    {
        return new ProtectedPaths($this->target->tree(), []);
    }

    public function refusal(string $backupId): ?string
    {
        return null;
    }

    public function beginSafetyBackup(string $backupId, ?SnapshotScope $scope = null, ?RestoreOrigin $restoring = null): string
    {
        throw new \LogicException('The bench restores without a safety backup.');
    }

    public function keepIdentity(Connection $db, string $sourcePrefix, bool $otherEnvironment): void
    {
    }

    public function databaseSwitched(): void
    {
    }

    public function holdVisitors(): void
    {
    }

    public function letVisitorsIn(): void
    {
    }
}
