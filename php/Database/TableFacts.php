<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * What information_schema.TABLES says of every base table, in one query: the facts a write or a change
 * of definition moves (CREATE_TIME, AUTO_INCREMENT, DATA_LENGTH, INDEX_LENGTH, ENGINE, TABLE_COLLATION),
 * kept with each snapshot, and UPDATE_TIME, which is compared with a WriteHorizon instead. Equal facts
 * prove nothing on their own (an UPDATE in place moves none of them); a difference means the table changed.
 */
final class TableFacts
{
    /** The names of the facts, in the order of facts(). */
    public const NAMES = ['create_time', 'auto_increment', 'data_length', 'index_length', 'engine', 'collation'];

    /** @param array<string, array{facts: list<int|string|null>, updated: int|null}> $tables */
    private function __construct(private readonly array $tables)
    {
    }

    public static function read(Connection $db): self
    {
        FreshStatistics::ask($db);
        $rows = $db->fetchAll(
            'SELECT TABLE_NAME AS t, UNIX_TIMESTAMP(CREATE_TIME) AS c, AUTO_INCREMENT AS a, DATA_LENGTH AS d,'
            . ' INDEX_LENGTH AS i, ENGINE AS e, TABLE_COLLATION AS l, UNIX_TIMESTAMP(UPDATE_TIME) AS u'
            . " FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
        );
        $tables = [];
        foreach ($rows as $row) {
            $tables[(string) $row['t']] = [
                'facts' => [
                    self::whole($row['c']),
                    self::whole($row['a']),
                    self::whole($row['d']),
                    self::whole($row['i']),
                    $row['e'] === null ? null : strtolower((string) $row['e']),
                    $row['l'],
                ],
                'updated' => self::whole($row['u']),
            ];
        }

        return new self($tables);
    }

    public function has(string $table): bool
    {
        return isset($this->tables[$table]);
    }

    /** @return list<int|string|null>|null the facts of $table (NAMES), null when it is not a base table now */
    public function facts(string $table): ?array
    {
        return $this->tables[$table]['facts'] ?? null;
    }

    /** UPDATE_TIME of $table in server seconds; null when the server does not know (after a restart, out of its cache). */
    public function updated(string $table): ?int
    {
        return $this->tables[$table]['updated'] ?? null;
    }

    /** DATA_LENGTH of $table, 0 when unknown. */
    public function dataLength(string $table): int
    {
        return (int) ($this->tables[$table]['facts'][2] ?? 0);
    }

    /**
     * @param list<int|string|null> $now
     * @param mixed $then facts() of an earlier snapshot, as stored
     * @return string|null the name of the first fact that differs (or "facts" when $then is not a list of facts)
     */
    public static function difference(array $now, mixed $then): ?string
    {
        if (!is_array($then) || count($then) !== count(self::NAMES) || !array_is_list($then)) {
            return 'facts';
        }
        foreach (self::NAMES as $i => $name) {
            if ($now[$i] !== $then[$i]) {
                return $name;
            }
        }

        return null;
    }

    private static function whole(?string $value): ?int
    {
        return $value === null || $value === '' ? null : (int) $value;
    }
}
