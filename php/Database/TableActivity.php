<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * What information_schema says of the tables' last writes, to prove a table unchanged without
 * reading it. MariaDB stamps UPDATE_TIME (whole seconds) with the time a writing transaction began,
 * not when it committed, so a stamp is compared with a WriteHorizon measured before the moment in
 * question (the oldest transaction open then), never with a guess at how long a transaction runs.
 * NULL (InnoDB after a restart, or never written since) proves nothing.
 */
final class TableActivity
{
    private const TRANSACTIONAL = ['innodb'];

    /** @param array<string, array{0: string, 1: float|null}> $tables name => [engine, last write] */
    private function __construct(private readonly array $tables)
    {
    }

    public static function read(Connection $db): self
    {
        FreshStatistics::ask($db);
        $tables = [];
        $rows = $db->fetchAll(
            'SELECT TABLE_NAME AS t, ENGINE AS e, UNIX_TIMESTAMP(UPDATE_TIME) AS u FROM information_schema.TABLES'
            . " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
        );
        foreach ($rows as $row) {
            $written = $row['u'] === null ? null : (float) $row['u'];
            $tables[(string) $row['t']] = [strtolower((string) $row['e']), $written];
        }

        return new self($tables);
    }

    /**
     * Whether no write to $table can have committed since the moment $horizon was measured for.
     *
     * @param int $horizon WriteHorizon::$horizon read before that moment (ConsistentSnapshot::hold())
     */
    public function unchangedSince(string $table, int $horizon): bool
    {
        $written = $this->tables[$table][1] ?? null;

        return $written !== null && $written < $horizon;
    }

    /**
     * Whether a table that is not transactional (MyISAM, Aria: stamped when written, no transaction to wait
     * for) has had no write since $moment (server UNIX time), to the whole second the stamp keeps.
     */
    public function writtenBefore(string $table, float $moment): bool
    {
        $written = $this->tables[$table][1] ?? null;

        return $written !== null && !$this->isTransactional($table) && $written + 1.0 <= floor($moment);
    }

    /** Whether reads of $table follow the transaction's view (InnoDB) rather than the moment of each query. */
    public function isTransactional(string $table): bool
    {
        return in_array($this->tables[$table][0] ?? '', self::TRANSACTIONAL, true);
    }
}
