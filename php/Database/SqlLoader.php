<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Executes a dump statement by statement on a connection, optionally into
 * renamed tables. Streams: memory holds one statement at a time.
 *
 * With a StatementPolicy, every statement is checked before it runs and the
 * first one a dump never holds stops the load (RefusedStatement); without
 * one, the script runs as the `mariadb` client would run it (trusted input only).
 */
final class SqlLoader
{
    public function __construct(
        private readonly Connection $connection,
        private readonly ?TableNameMap $names = null,
        private readonly ?StatementPolicy $policy = null,
    ) {
    }

    /**
     * @param resource $in
     * @return int the number of statements executed
     * @throws DatabaseException naming the failing statement
     * @throws RefusedStatement naming only the kind of a statement the policy refuses
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
        $this->policy?->check($statement);
        $this->connection->execute($this->names === null ? $statement : $this->names->apply($statement));
    }
}
