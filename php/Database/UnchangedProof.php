<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Which tables are proved unchanged since the previous snapshot without reading them, cheapest proof
 * first, and how each table was proved: the record kept with the snapshot under the note "proof".
 *
 *   1. facts: TableFacts as stored with the previous snapshot; any difference means changed ("read:<fact>").
 *   2. time: UPDATE_TIME (not NULL) before the previous backup's WriteHorizon ("time"). Any later stamp,
 *      even one inside the horizon's margin, may be a write the previous backup missed ("read:written").
 *   3. journal: only when UPDATE_TIME is NULL (the server restarted, or the table left its cache): the
 *      WriteJournal since the previous backup's mark, widened by WriteReach, names no write to it
 *      ("journal"); it names one ("read:journal") or cannot vouch ("read:unknown").
 *   A table proved so must also have the same CREATE TABLE as the first chunk the previous snapshot holds
 *   for it ("read:schema"), and all its chunks still in the store ("read:objects"); it then reuses them.
 *   4. Anything else is read: its key ranges are fingerprinted by the server and only changed ones dumped.
 *   5. Scrub: every backup reads anyway about a seventh of the tables that 2-3 proved, by size ("scrub"),
 *      and any of them not read for SCRUB_ROUNDS backups, so a write that bypassed WordPress with the
 *      server's stamp lost is caught within a week of daily backups.
 *
 * A previous snapshot without this record (made before it existed), of another dump format, or without
 * the table, proves nothing ("read:new"); nor do these proofs hold for a table of an engine whose rows live
 * elsewhere or in memory ("read:engine").
 */
final class UnchangedProof
{
    public const VERSION = 1;
    public const SCRUB_ROUNDS = 7;
    public const TIME = 'time';
    public const JOURNAL = 'journal';
    public const SCRUB = 'scrub';
    public const READ = 'read';
    /** Engines whose rows live in the server's own files, stamped by UPDATE_TIME (not FEDERATED, CONNECT, MEMORY...). */
    private const ENGINES = ['innodb', 'myisam', 'aria'];

    /**
     * @param array<string, mixed>|null $parent the previous snapshot's record (parentRecord())
     * @param array<string, list<array{0: string, 1: int, 2: string|null}>> $lists its chunks by table: hash, size, memo key
     * @param array<string, true>|null $journalWritten tables the journal says may have been written since the
     *                                                  previous mark; null when it cannot vouch
     */
    public function __construct(
        private readonly ?array $parent,
        private readonly array $lists,
        private readonly TableFacts $facts,
        private readonly ?array $journalWritten,
    ) {
    }

    /**
     * The previous snapshot's record from its notes, when it is one this dump format can build on.
     *
     * @return array<string, mixed>|null
     */
    public static function parentRecord(mixed $record, string $format): ?array
    {
        if (
            !is_array($record) || ($record['v'] ?? null) !== self::VERSION || ($record['format'] ?? null) !== $format
            || !is_array($record['tables'] ?? null) || !is_int($record['round'] ?? null)
            || WriteHorizon::fromArray($record['horizon'] ?? null) === null
        ) {
            return null;
        }

        return $record;
    }

    /**
     * How each table stands (UnchangedProof constants, "read:<why>" for a table that must be read).
     *
     * @param list<string> $tables
     * @param \Closure(string): string $schemaHash sha256 of the table's schema chunk now
     * @param (\Closure(string): bool)|null $exists whether an object is in the store
     * @return array<string, string>
     */
    public function decide(array $tables, \Closure $schemaHash, ?\Closure $exists): array
    {
        $how = [];
        foreach ($tables as $table) {
            $how[$table] = $this->prove($table, $schemaHash, $exists);
        }

        return $how;
    }

    /**
     * The record kept with this snapshot.
     *
     * @param list<string> $tables
     * @param array<string, string> $how decide(), with tables chosen for the scrub marked SCRUB
     * @param array<string, mixed>|null $journalMark
     * @return array<string, mixed>
     */
    public function record(array $tables, array $how, int $round, string $format, WriteHorizon $horizon, ?array $journalMark): array
    {
        $entries = [];
        $layers = [self::TIME => 0, self::JOURNAL => 0, self::SCRUB => 0, self::READ => 0];
        foreach ($tables as $table) {
            $proved = $how[$table] === self::TIME || $how[$table] === self::JOURNAL;
            $before = $this->parent['tables'][$table]['v'] ?? null;
            $entries[$table] = [
                'f' => $this->facts->facts($table),
                'v' => $proved && is_int($before) ? $before : $round,
                'how' => $how[$table],
            ];
            $layers[explode(':', $how[$table])[0]]++;
        }

        return [
            'v' => self::VERSION,
            'format' => $format,
            'round' => $round,
            'horizon' => $horizon->toArray(),
            'journal' => $journalMark,
            'layers' => $layers,
            'tables' => $entries,
        ];
    }

    /** The round of this snapshot: one more than the previous one's. */
    public function round(): int
    {
        return is_array($this->parent) ? (int) $this->parent['round'] + 1 : 0;
    }

    /**
     * The proved tables to read anyway this round: those whose share of the data (tables by name, each
     * weighing its DATA_LENGTH) falls in this round's seventh, and those not read for SCRUB_ROUNDS rounds.
     *
     * @param list<string> $tables
     * @param array<string, string> $how
     * @return list<string>
     */
    public function scrub(array $tables, array $how): array
    {
        $round = $this->round();
        $sorted = $tables;
        sort($sorted, SORT_STRING);
        $total = 0;
        foreach ($sorted as $table) {
            $total += max(1, $this->facts->dataLength($table));
        }
        $chosen = [];
        $before = 0;
        foreach ($sorted as $table) {
            $weight = max(1, $this->facts->dataLength($table));
            $slot = (int) floor(self::SCRUB_ROUNDS * ($before + $weight / 2) / max(1, $total));
            $before += $weight;
            if ($how[$table] !== self::TIME && $how[$table] !== self::JOURNAL) {
                continue;
            }
            $verified = $this->parent['tables'][$table]['v'] ?? null;
            if ($slot === $round % self::SCRUB_ROUNDS || !is_int($verified) || $round - $verified >= self::SCRUB_ROUNDS) {
                $chosen[] = $table;
            }
        }

        return $chosen;
    }

    /**
     * @param \Closure(string): string $schemaHash
     * @param (\Closure(string): bool)|null $exists
     */
    private function prove(string $table, \Closure $schemaHash, ?\Closure $exists): string
    {
        $then = $this->parent['tables'][$table] ?? null;
        $list = $this->lists[$table] ?? [];
        if (!is_array($then) || $list === []) {
            return 'read:new';
        }
        $now = $this->facts->facts($table);
        if ($now === null) {
            return 'read:gone';
        }
        if (!in_array($now[4], self::ENGINES, true)) {
            return 'read:engine';
        }
        $different = TableFacts::difference($now, $then['f'] ?? null);
        if ($different !== null) {
            return 'read:' . $different;
        }
        $horizon = WriteHorizon::fromArray($this->parent['horizon'] ?? null);
        $updated = $this->facts->updated($table);
        if ($horizon !== null && $horizon->before($updated)) {
            $how = self::TIME;
        } elseif ($horizon === null || $updated !== null) {
            // Written since the previous backup began, or by a transaction that may have been open then.
            return 'read:written';
        } elseif ($this->journalWritten === null) {
            return 'read:unknown';
        } elseif (isset($this->journalWritten[$table])) {
            return 'read:journal';
        } else {
            $how = self::JOURNAL;
        }
        try {
            if ($schemaHash($table) !== $list[0][0]) {
                return 'read:schema';
            }
        } catch (TableNotFoundException) {
            return 'read:gone';
        }
        if ($exists === null) {
            return 'read:objects';
        }
        foreach ($list as [$hash]) {
            if (!$exists($hash)) {
                return 'read:objects';
            }
        }

        return $how;
    }
}
