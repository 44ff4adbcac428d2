<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use Throwable;

/**
 * A table that was listed for the backup is gone (dropped by a plugin between
 * listing and dumping). Callers record it as skipped instead of losing it silently.
 */
final class TableNotFoundException extends DatabaseException
{
    public function __construct(public readonly string $table, ?Throwable $previous = null, ?string $statement = null)
    {
        $message = sprintf('Table `%s` no longer exists.', $table);
        if ($statement !== null) {
            $message = sprintf('Table `%s` does not exist, in statement: %s', $table, $statement);
        }
        parent::__construct($message, self::ER_NO_SUCH_TABLE, $previous);
    }
}
