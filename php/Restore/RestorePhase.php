<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/**
 * The phases of a restore, in order. Until Switching the target is untouched, and the restore can
 * be abandoned; Switching is the point of no return: from there it can only go forward.
 */
enum RestorePhase: string
{
    /** A backup kept only off-site is brought into the local store, each object checked. */
    case Fetching = 'fetching';
    /** The target is backed up first, so the restore can be undone. */
    case SafetyBackup = 'safety_backup';
    /** Every stored part is there, the target may take the backup, the database is prepared. */
    case Checking = 'checking';
    /** The backup's tables are loaded beside the live ones. */
    case Database = 'database';
    /** The other environment's address is rewritten to the target's in the loaded tables. */
    case Rewriting = 'rewriting';
    /** The backup's files are staged beside the site, each checked. */
    case Files = 'files';
    /** The loaded tables and staged files are switched in. */
    case Switching = 'switching';
    /** The old tables and the staging folder go. */
    case Cleanup = 'cleanup';

    public const POINT_OF_NO_RETURN = self::Switching;

    /** Whether a restore in this phase has begun changing the target (it can then only go forward). */
    public function isCommitted(): bool
    {
        return self::Switching === $this || self::Cleanup === $this;
    }
}
