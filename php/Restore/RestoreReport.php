<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

final class RestoreReport
{
    public int $files = 0;
    public int $dirs = 0;
    public int $symlinks = 0;
    public int $bytes = 0;
    /** Entries excluded or skipped at backup time, so not restored. */
    public int $notInBackup = 0;
}
