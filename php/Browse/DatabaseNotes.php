<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\TableFacts;
use SiteBackups\Engine\Snapshot\SnapshotRecord;

/**
 * What a snapshot's record keeps of its database besides the chunks (DatabaseSource's notes), read
 * defensively (a record may come from a bucket): per table, the facts information_schema.TABLES gave
 * when the copy was decided (note "proof": AUTO_INCREMENT, DATA_LENGTH, INDEX_LENGTH, ENGINE; absent in
 * snapshots made before it), how its rows were cut (note "hints") and how many rows the copy holds (note
 * "rows"; absent in snapshots made before it); tables skipped and left out.
 */
final class DatabaseNotes
{
    /** @param array<string, mixed> $notes */
    private function __construct(private readonly array $notes)
    {
    }

    public static function of(SnapshotRecord $record): self
    {
        return new self($record->sourceNotes(DatabaseSource::KEY));
    }

    public function fact(string $table, string $name): int|string|null
    {
        $facts = $this->notes['proof']['tables'][$table]['f'] ?? null;
        $index = array_search($name, TableFacts::NAMES, true);
        $value = is_array($facts) && false !== $index ? ($facts[$index] ?? null) : null;
        return is_int($value) || is_string($value) ? $value : null;
    }

    public function number(string $table, string $fact): ?int
    {
        $value = $this->fact($table, $fact);
        return is_int($value) || (is_string($value) && ctype_digit($value)) ? (int) $value : null;
    }

    /** Whether the snapshot counted the rows of its tables (the note "rows"; absent before it was kept). */
    public function hasRowCounts(): bool
    {
        return is_array($this->notes['rows'] ?? null);
    }

    /** The exact number of rows the copy of $table holds; null when the snapshot did not record it. */
    public function rows(string $table): ?int
    {
        $rows = $this->notes['rows'][$table] ?? null;
        return is_int($rows) && $rows >= 0 ? $rows : null;
    }

    /** How its rows were cut: "range" (fixed key ranges), "keyset" or "full"; null when not noted. */
    public function strategy(string $table): ?string
    {
        $strategy = $this->notes['hints'][$table]['strategy'] ?? null;
        return is_string($strategy) ? $strategy : null;
    }

    /** @return list<string> */
    public function keyColumns(string $table): array
    {
        $key = $this->notes['hints'][$table]['key'] ?? [];
        return is_array($key) ? array_values(array_map('strval', array_filter($key, 'is_scalar'))) : [];
    }

    /** @return array<string, string> object => why, for tables, views and triggers the copy had to skip */
    public function skipped(): array
    {
        return self::reasons($this->notes['skipped'] ?? []);
    }

    public function skippedReason(string $table): ?string
    {
        $why = $this->notes['skipped'][$table] ?? null;
        return is_scalar($why) ? (string) $why : null;
    }

    /** @return array<string, string> table => why, for tables of the prefix that are not the site's */
    public function leftOut(): array
    {
        return self::reasons($this->notes['left_out'] ?? []);
    }

    public function moment(): ?float
    {
        $moment = $this->notes['moment'] ?? null;
        return is_int($moment) || is_float($moment) ? (float) $moment : null;
    }

    public function consistent(): ?bool
    {
        $consistent = $this->notes['consistent'] ?? null;
        return is_bool($consistent) ? $consistent : null;
    }

    /** @return array<string, string> */
    private static function reasons(mixed $map): array
    {
        $reasons = [];
        foreach (is_array($map) ? $map : [] as $name => $why) {
            $reasons[(string) $name] = is_scalar($why) ? (string) $why : '';
        }
        return $reasons;
    }
}
