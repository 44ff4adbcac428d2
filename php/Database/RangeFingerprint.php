<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Database;

/**
 * A fingerprint of the rows of one key range, computed by the server without sending the rows:
 * the row count plus the XOR of a 64-bit hash of each row (RowHash: every dumped column in table
 * order, NULL-safe and length-framed, each value as the exact text the dump reads). The same per-row
 * hash is selected next to the rows while dumping, so the fingerprint of a chunk written is that of
 * exactly the rows in it (FingerprintAccumulator). A fingerprint names its hash, so fingerprints of
 * two kinds never match.
 *
 * The dump of a range depends only on its rows, so equal fingerprints (with the same table,
 * columns, width and size options: see memoKey()) mean equal chunks: an unchanged range can reuse
 * the object of the previous snapshot without its rows being read by PHP.
 */
final class RangeFingerprint
{
    /** Bump when the bytes of a data chunk change for the same rows (the INSERT format) or the fingerprint does. */
    public const FORMAT = 2;

    /** How many rows a fingerprint counts ("kind:count:xor", RowHash); null when it is not one. */
    public static function rows(string $fingerprint): ?int
    {
        $parts = explode(':', $fingerprint);

        return count($parts) === 3 && ctype_digit($parts[1]) ? (int) $parts[1] : null;
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
