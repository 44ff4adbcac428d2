<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Chooses range widths and cut moduli so that a chunk is about the target size.
 * The choice only needs to be sensible once: afterwards the caller's hint
 * keeps it, so that boundaries (and thus deduplication) survive day to day.
 */
final class ChunkSizer
{
    private const SAMPLE_ROWS = 200;
    private const DEFAULT_ROW_BYTES = 256;
    private const MAX_WIDTH = 1 << 40;
    /** A hint is dropped only when the table changed this much (a factor of 64): re-chunking costs one day of dedupe. */
    private const MAX_DRIFT_LOG2 = 6;

    public function __construct(private readonly Connection $connection, private readonly int $targetChunkBytes)
    {
    }

    /** Range width for a single integer key: a power of two, covering ~target bytes of rows. */
    public function width(TableSchema $schema, ?int $hintWidth): int
    {
        $key = Identifier::quote($schema->keyColumns[0]);
        $table = Identifier::quote($schema->table);
        $bounds = $this->connection->fetchRow("SELECT MIN({$key}) AS lo, MAX({$key}) AS hi FROM {$table}");
        $rows = $this->rowCount($schema);
        if ($bounds === null || $bounds['lo'] === null || $rows === 0) {
            return $hintWidth ?? self::powerOfTwo($this->targetChunkBytes / self::DEFAULT_ROW_BYTES);
        }
        $span = (float) $bounds['hi'] - (float) $bounds['lo'] + 1.0;
        $density = min(1.0, $rows / max(1.0, $span));
        $estimate = self::powerOfTwo($this->targetChunkBytes / $this->averageRowBytes($schema) / $density);

        return self::keepHint($hintWidth, $estimate);
    }

    /** Cut modulus for content-defined chunks: one cut every ~target bytes of rows. */
    public function modulus(TableSchema $schema, ?int $hintModulus): int
    {
        if ($this->rowCount($schema) === 0) {
            return $hintModulus ?? max(1, intdiv($this->targetChunkBytes, self::DEFAULT_ROW_BYTES));
        }
        $estimate = max(1, (int) round($this->targetChunkBytes / $this->averageRowBytes($schema)));

        return self::keepHint($hintModulus, $estimate);
    }

    private static function keepHint(?int $hint, int $estimate): int
    {
        if ($hint !== null && $hint > 0 && abs(log($hint, 2) - log($estimate, 2)) < self::MAX_DRIFT_LOG2) {
            return $hint;
        }

        return $estimate;
    }

    private static function powerOfTwo(float $value): int
    {
        $exponent = (int) round(log(max(1.0, $value), 2));

        return (int) min(self::MAX_WIDTH, 2 ** $exponent);
    }

    /** Exact for tables up to a million rows (cheap), the server's estimate beyond. */
    private function rowCount(TableSchema $schema): int
    {
        $name = $this->connection->quote($schema->table);
        $estimate = (int) $this->connection->fetchValue(
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {$name}"
        );
        if ($estimate >= 1_000_000) {
            return $estimate;
        }

        return (int) $this->connection->fetchValue('SELECT COUNT(*) FROM ' . Identifier::quote($schema->table));
    }

    /** Average size of a row as dump text, measured server-side on a sample (no rows reach PHP). */
    private function averageRowBytes(TableSchema $schema): float
    {
        $terms = [];
        foreach ($schema->dumpColumns() as $column) {
            $factor = $column->kind() === ValueKind::Binary ? 2 : 1;
            $terms[] = 'COALESCE(LENGTH(' . Identifier::quote($column->name) . ") * {$factor} + 3, 5)";
        }
        $order = $schema->keyColumns === []
            ? ''
            : ' ORDER BY ' . implode(',', array_map([Identifier::class, 'quote'], $schema->keyColumns));
        $row = $this->connection->fetchRow(
            'SELECT COUNT(*) AS n, SUM(len) AS total FROM (SELECT 4 + ' . implode(' + ', $terms) . ' AS len FROM '
            . Identifier::quote($schema->table) . $order . ' LIMIT ' . self::SAMPLE_ROWS . ') AS sample'
        );
        $count = (int) ($row['n'] ?? 0);

        return $count === 0 ? self::DEFAULT_ROW_BYTES : max(1.0, (float) ($row['total'] ?? 0) / $count);
    }
}
