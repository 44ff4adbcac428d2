<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Executes a dump statement by statement on a connection, optionally into
 * renamed tables. Streams: memory holds one statement at a time.
 */
final class SqlLoader
{
    public function __construct(private readonly Connection $connection, private readonly ?TableNameMap $names = null)
    {
    }

    /**
     * @param resource $in
     * @return int the number of statements executed
     * @throws DatabaseException naming the failing statement
     */
    public function load($in): int
    {
        $count = 0;
        foreach ((new SqlStatementReader($in))->statements() as $statement) {
            $this->execute($statement);
            ++$count;
        }

        return $count;
    }

    public function execute(string $statement): void
    {
        $this->connection->execute($this->names === null ? $statement : $this->names->apply($statement));
    }
}
