<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use mysqli_sql_exception;
use Throwable;

/**
 * Tells a database that is gone for a moment (restarted, killed, refusing connections, read-only
 * while a replica takes over) from one that refuses the work. The first is weather: the job keeps
 * its state and waits; only the second is a failure.
 */
final class ConnectionLost
{
    /** Server and client error codes that mean "not now", not "never". */
    private const CODES = [
        1040, // ER_CON_COUNT_ERROR: too many connections
        1053, // ER_SERVER_SHUTDOWN
        1205, // ER_LOCK_WAIT_TIMEOUT
        1213, // ER_LOCK_DEADLOCK
        1290, // ER_OPTION_PREVENTS_STATEMENT: the server runs --read-only
        1836, // ER_READ_ONLY_MODE
        1927, // ER_CONNECTION_KILLED (MariaDB)
        2002, // CR_CONNECTION_ERROR: no server on the socket
        2003, // CR_CONN_HOST_ERROR
        2006, // CR_SERVER_GONE_ERROR
        2013, // CR_SERVER_LOST
        2055, // CR_SERVER_LOST_EXTENDED
        4031, // ER_CLIENT_INTERACTION_TIMEOUT
    ];

    /** Whether $error, or anything that caused it, is a database that is away for the moment. */
    public static function isCause(Throwable $error): bool
    {
        return null !== self::find($error);
    }

    /** The database's own error behind $error, when it is one of those; null otherwise. */
    public static function find(Throwable $error): ?Throwable
    {
        for ($cause = $error; null !== $cause; $cause = $cause->getPrevious()) {
            $database = $cause instanceof DatabaseException || $cause instanceof mysqli_sql_exception;
            if ($database && in_array((int) $cause->getCode(), self::CODES, true)) {
                return $cause;
            }
        }

        return null;
    }
}
