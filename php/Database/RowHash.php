<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * The 64-bit hash of one row behind a RangeFingerprint: COUNT(*) plus BIT_XOR of it over a range.
 *
 * The row is every dumped column in table order, each as the exact text the dump reads, length-framed
 * and NULL-safe. Its hash, on MariaDB 10.8 and later, is built from two independent CRCs (CRC32 and
 * CRC32C, each computed by the server at memory speed) as (crc32 << 32 | crc32c) XOR crc32 * crc32c.
 * The product matters: CRCs are linear, so an XOR of bare CRCs does not change when two rows of the
 * same length swap a value; the product breaks that linearity. Elsewhere the hash is the first 64
 * bits of the row's MD5. Keys are unique within a range, so no two rows cancel each other.
 *
 * The same value is selected next to the rows while dumping and folded in PHP (fold()), so the
 * fingerprint of a chunk written describes exactly its rows.
 *
 * The server computes the two CRCs piece by piece (CRC32(crc, piece) goes on from crc), each piece a
 * column's length or its value, as the column holds its bytes: the CRCs of the row text without the
 * server building it, twice, out of a copy of every value (about 3x less of its time on the bench's
 * posts). A table of many columns hashes the text itself, which gives the same values.
 */
final class RowHash
{
    public const CRC = 'c';
    public const MD5 = 'm';

    /** The most columns hashed piece by piece: each adds two calls to the depth of the expression. */
    private const PIECEWISE_COLUMNS = 64;

    private function __construct(public readonly string $kind)
    {
    }

    public static function of(Connection $db): self
    {
        $server = ServerVersion::of($db);

        return new self($server->mariaDb && $server->atLeast('10.8.0') ? self::CRC : self::MD5);
    }

    public static function named(string $kind): self
    {
        if ($kind !== self::CRC && $kind !== self::MD5) {
            throw new \InvalidArgumentException('Unknown row hash.');
        }

        return new self($kind);
    }

    /**
     * The row's hash as selected next to the dumped columns, in the form fold() takes; NULL for a row too
     * long to hash (only where the row text is built: the MD5 kind, and tables of many columns).
     */
    public function selectExpression(TableSchema $schema): string
    {
        if ($this->kind === self::CRC) {
            [$crc32, $crc32c] = self::crcs($schema);

            return "CONCAT({$crc32},' ',{$crc32c})";
        }

        return 'LEFT(MD5(' . self::rowText($schema) . '),16)';
    }

    /** The columns of a derived table that aggregateExpressions() folds. */
    public function derivedColumns(TableSchema $schema): string
    {
        if ($this->kind === self::CRC) {
            [$crc32, $crc32c] = self::crcs($schema);

            return "{$crc32} AS a, {$crc32c} AS b";
        }

        return 'CAST(CONV(LEFT(MD5(' . self::rowText($schema) . '),16),16,10) AS UNSIGNED) AS a';
    }

    /** @return array{string, string} CRC32 and CRC32C of the row text */
    private static function crcs(TableSchema $schema): array
    {
        $columns = $schema->dumpColumns();
        if (count($columns) > self::PIECEWISE_COLUMNS) {
            $row = self::rowText($schema);

            return ["CRC32({$row})", "CRC32C({$row})"];
        }

        return [self::piecewise('CRC32', $columns), self::piecewise('CRC32C', $columns)];
    }

    /**
     * $function of the row text, carried from piece to piece. A string argument is read as the column
     * stores it, the bytes CAST(... AS BINARY) gives, and no two columns meet in one string: no
     * character set or collation is converted or mixed.
     *
     * @param list<Column> $columns
     */
    private static function piecewise(string $function, array $columns): string
    {
        $crc = null;
        foreach ($columns as $column) {
            $value = $column->selectExpression();
            foreach (["IFNULL(CONCAT(LENGTH({$value}),':'),'N')", "IFNULL({$value},'')"] as $piece) {
                $crc = null === $crc ? "{$function}({$piece})" : "{$function}({$crc},{$piece})";
            }
        }

        return $crc ?? "{$function}('')";
    }

    /** COUNT(*) AS n, how many rows could be hashed AS nh, the XOR of the row hashes AS x. */
    public function aggregateExpressions(): string
    {
        $hash = $this->kind === self::CRC ? '((a << 32) | b) ^ (a * b)' : 'a';

        return "COUNT(*) AS n, COUNT(a) AS nh, BIT_XOR({$hash}) AS x";
    }

    /** The 64 bits of one row's hash from selectExpression(), null when it is not a valid one. */
    public function fold(?string $value): ?int
    {
        if ($value === null) {
            return null;
        }
        if ($this->kind === self::MD5) {
            if (strlen($value) !== 16 || !ctype_xdigit($value)) {
                return null;
            }
            $bits = unpack('J', (string) hex2bin($value));

            return $bits === false ? null : (int) $bits[1];
        }
        $space = strpos($value, ' ');
        $first = $space === false ? '' : substr($value, 0, $space);
        $second = $space === false ? '' : substr($value, $space + 1);
        if (!ctype_digit($first) || !ctype_digit($second) || strlen($first) > 10 || strlen($second) > 10) {
            return null;
        }
        $crc32 = (int) $first;
        $crc32c = (int) $second;
        if ($crc32 > 0xFFFFFFFF || $crc32c > 0xFFFFFFFF) {
            return null;
        }

        return (($crc32 << 32) | $crc32c) ^ self::product($crc32, $crc32c);
    }

    /** A fingerprint in the form of RangeFingerprint: the kind, the row count, the XOR as an unsigned decimal. */
    public function format(int $count, int $xor): string
    {
        return $this->kind . ':' . $count . ':' . sprintf('%u', $xor);
    }

    /**
     * @param array<string, string|null> $row a row of aggregateExpressions()
     * @return string|null the fingerprint; null when the range is empty or a row could not be hashed
     */
    public function fromAggregateRow(array $row): ?string
    {
        $count = (string) ($row['n'] ?? '');
        $xor = (string) ($row['x'] ?? '');
        if ($count === '' || $count === '0' || $count !== (string) ($row['nh'] ?? '') || !ctype_digit($xor)) {
            return null;
        }

        return $this->kind . ':' . $count . ':' . $xor;
    }

    /** The row as one length-framed, NULL-safe byte string; NULL only beyond max_allowed_packet. */
    private static function rowText(TableSchema $schema): string
    {
        $terms = [];
        foreach ($schema->dumpColumns() as $column) {
            $value = 'CAST(' . $column->selectExpression() . ' AS BINARY)';
            $terms[] = "IFNULL(CONCAT(LENGTH({$value}),':',{$value}),'N')";
        }

        return 'CONCAT(' . implode(',', $terms) . ')';
    }

    /** $a * $b for two 32-bit values, as the 64 bits the server's BIGINT UNSIGNED holds (PHP integers are signed). */
    private static function product(int $a, int $b): int
    {
        $aHigh = $a >> 16;
        $aLow = $a & 0xFFFF;
        $bHigh = $b >> 16;
        $bLow = $b & 0xFFFF;
        $middle = $aHigh * $bLow + $aLow * $bHigh;
        $low = $aLow * $bLow + (($middle & 0xFFFF) << 16);
        $high = $aHigh * $bHigh + ($middle >> 16) + ($low >> 32);

        return ($high << 32) | ($low & 0xFFFFFFFF);
    }
}
