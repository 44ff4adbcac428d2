<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

/**
 * A backup that cannot be deleted now: a backup in progress builds on it (it reuses its chunks
 * without copying them), or the store no longer holds it.
 */
final class BackupInUse extends \RuntimeException
{
    public function __construct(public readonly string $id)
    {
        parent::__construct("Snapshot $id cannot be deleted while a backup in progress builds on it.");
    }
}
