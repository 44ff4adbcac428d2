<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use RuntimeException;

/**
 * Every database failure the engine reports: a readable message, the server's
 * error code when there is one, never a bare PHP warning.
 */
class DatabaseException extends RuntimeException
{
    /** MariaDB/MySQL error code for "table doesn't exist". */
    public const ER_NO_SUCH_TABLE = 1146;
}
