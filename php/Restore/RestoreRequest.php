<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Snapshot\SnapshotScope;

/**
 * What a restore was asked to do: which backup, into which environment, which parts, and, when
 * only part of the site is to come back, which paths and tables ($scope: a part whose list is
 * empty is not restored, whatever $parts says). Without a scope, a backup that is itself of part
 * of the site restores its own scope (RestoreRunner).
 */
final class RestoreRequest
{
    public const DATABASE = 'database';
    public const FILES = 'files';

    /** @var list<string> the parts asked for, in their order: database, files */
    public readonly array $parts;

    /** @param list<mixed> $parts any of "database" and "files"; anything else is ignored */
    public function __construct(
        public readonly string $backupId,
        public readonly Environment $target,
        array $parts,
        public readonly bool $safetyBackup = true,
        public readonly ?SnapshotScope $scope = null,
    ) {
        $this->parts = array_values(array_intersect([self::DATABASE, self::FILES], $parts));
    }

    public function wantsDatabase(): bool
    {
        return in_array(self::DATABASE, $this->parts, true);
    }

    public function wantsFiles(): bool
    {
        return in_array(self::FILES, $this->parts, true);
    }
}
