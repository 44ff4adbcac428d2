<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Database;

/**
 * A fingerprint of the rows of one key range, computed by the server without sending the rows:
 * the row count plus two independent aggregates (a 64-bit XOR and two sums of 32-bit words) of a
 * per-row MD5 over every dumped column in table order, NULL-safe and length-framed, each value as
 * the exact text the dump reads (the column's select expression, as bytes). The same per-row hash is
 * selected next to the rows while dumping, so the fingerprint of a chunk written is that of exactly
 * the rows in it (Accumulator).
 *
 * The dump of a range depends only on its rows, so equal fingerprints (with the same table,
 * columns, width and size options: see memoKey()) mean equal chunks: an unchanged range can reuse
 * the object of the previous snapshot without its rows being read by PHP.
 */
final class RangeFingerprint
{
    /** Bump when the bytes of a data chunk change for the same rows (the INSERT format). */
    private const FORMAT = 1;

    /**
     * The per-row hash: 32 hex digits; NULL only for a row longer than the server's max_allowed_packet,
     * which makes the fingerprint of its range unusable (COUNT(h) < COUNT(*)), never a false match.
     */
    public static function rowHashExpression(TableSchema $schema): string
    {
        $terms = [];
        foreach ($schema->dumpColumns() as $column) {
            $value = 'CAST(' . $column->selectExpression() . ' AS BINARY)';
            $terms[] = "IFNULL(CONCAT(LENGTH({$value}),':',{$value}),'N')";
        }

        return 'MD5(CONCAT(' . implode(',', $terms) . '))';
    }

    /**
     * The aggregate columns over a derived table with column `h` (the row hash), in the form Accumulator gives.
     */
    public static function aggregateExpressions(): string
    {
        return 'COUNT(*) AS n, COUNT(h) AS nh,'
            . ' BIT_XOR(CAST(CONV(SUBSTR(h,1,16),16,10) AS UNSIGNED)) AS x,'
            . ' SUM(CAST(CONV(SUBSTR(h,17,8),16,10) AS UNSIGNED)) AS s1,'
            . ' SUM(CAST(CONV(SUBSTR(h,25,8),16,10) AS UNSIGNED)) AS s2';
    }

    /** @param array<string, string|null> $row a row of aggregateExpressions(); null when it cannot be trusted */
    public static function fromAggregateRow(array $row): ?string
    {
        $count = (string) ($row['n'] ?? '');
        if ($count === '' || $count === '0' || $count !== (string) ($row['nh'] ?? '')) {
            return null;
        }

        return self::format($count, (string) ($row['x'] ?? ''), (string) ($row['s1'] ?? ''), (string) ($row['s2'] ?? ''));
    }

    public static function format(string $count, string $xor, string $sum1, string $sum2): string
    {
        return $count . ':' . $xor . ':' . $sum1 . ':' . $sum2;
    }

    /**
     * The key under which a chunk of exactly these rows is remembered: everything its bytes depend on.
     */
    public static function memoKey(
        TableSchema $schema,
        DumpOptions $options,
        int $width,
        int $rangeStart,
        string $fingerprint,
    ): string {
        $identity = [
            self::FORMAT,
            $schema->table,
            $schema->keyColumns,
            array_map(static fn (Column $c): array => [$c->name, $c->dataType, $c->columnType], $schema->dumpColumns()),
            $options->maxStatementBytes,
            $options->maxChunkBytes,
            $width,
            $rangeStart,
            $fingerprint,
        ];

        return substr(hash('sha256', json_encode($identity, JSON_THROW_ON_ERROR)), 0, 40);
    }
}
