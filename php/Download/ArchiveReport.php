<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/** What a downloaded archive holds. */
final class ArchiveReport
{
    public int $files = 0;
    public int $dirs = 0;
    public int $symlinks = 0;
    /** Bytes of the site's files (uncompressed). */
    public int $fileBytes = 0;
    /** Bytes of database.sql; 0 when the snapshot has no database. */
    public int $databaseBytes = 0;
    /** Size of the zip itself. */
    public int $archiveBytes = 0;
}
