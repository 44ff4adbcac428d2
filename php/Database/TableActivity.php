<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * What information_schema says of the tables' last writes, to prove a table unchanged without
 * reading it. MariaDB stamps UPDATE_TIME (whole seconds) with the time a writing transaction began,
 * not when it committed, so a write is only ruled out well before the stamp: MARGIN seconds. NULL
 * (InnoDB after a restart, or never written since) proves nothing.
 */
final class TableActivity
{
    /** Seconds a writing transaction may run between its stamp and its commit. */
    public const MARGIN = 60.0;
    private const TRANSACTIONAL = ['innodb'];

    /** @param array<string, array{0: string, 1: float|null}> $tables name => [engine, last write] */
    private function __construct(private readonly array $tables)
    {
    }

    public static function read(Connection $db): self
    {
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

    /** Whether no write to $table can have committed since $moment (server UNIX time). */
    public function unchangedSince(string $table, float $moment): bool
    {
        $written = $this->tables[$table][1] ?? null;

        return $written !== null && $written + 1.0 < $moment - self::MARGIN;
    }

    /** Whether reads of $table follow the transaction's view (InnoDB) rather than the moment of each query. */
    public function isTransactional(string $table): bool
    {
        return in_array($this->tables[$table][0] ?? '', self::TRANSACTIONAL, true);
    }
}
