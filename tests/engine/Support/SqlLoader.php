<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\SqlStatementReader;

/**
 * Runs a dump statement by statement, as the `mariadb` client imports a download's database.sql:
 * the tests load dumps with it to compare them (a restore loads through Restore\DatabaseRestore,
 * which checks every statement first). Memory holds one statement at a time.
 */
final class SqlLoader
{
    public function __construct(private readonly Connection $connection)
    {
    }

    /** @param resource $in */
    public function load($in): void
    {
        foreach ((new SqlStatementReader($in))->statements() as $statement) {
            $this->connection->execute($statement);
        }
    }
}
