<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\ChunkStrategy;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\RangeFingerprint;
use SiteBackups\Engine\Database\RowHash;
use SiteBackups\Engine\Database\TableSchema;
use SiteBackups\Engine\Database\TableSchemaReader;
use SiteBackups\Engine\Read\SourceChunkRef;

/**
 * Whether a table of the target already holds exactly what a backup's chunks of one table hold, so
 * that a restore may leave it where it is instead of loading it again. It does when:
 *  - the backup's chunks are its schema chunk, then whole key ranges only, each with its memo key
 *    (RangeFingerprint::memoKey): no split range, no keyset or scan chunk, no second schema chunk;
 *  - the schema chunk is byte for byte what the table's SHOW CREATE TABLE gives now (columns, keys,
 *    options and its AUTO_INCREMENT counter);
 *  - the table's own key ranges, fingerprinted by the server the way the backup fingerprinted them
 *    (same width, same row hash, same dump options), give the very memo keys of the backup, in order.
 * The table may be under another name than the backup's (set aside by the restore): it is compared
 * as if it had the backup's name. Anything it cannot compare counts as a difference.
 */
final class UnchangedTable
{
    public function __construct(private readonly Connection $db, private readonly DumpOptions $options)
    {
    }

    /**
     * @param string $table the table of the target to compare, as it is named now
     * @param string $name the backup's name of the table
     * @param list<SourceChunkRef> $chunks the backup's chunks of that table, in order
     * @param array<string, mixed>|null $hint the backup's note "hints" for the table (DumpCursor::hint())
     */
    public function matches(string $table, string $name, array $chunks, ?array $hint): bool
    {
        $width = $hint['width'] ?? null;
        if (
            $chunks === [] || $chunks[0]->key !== null || !is_int($width) || $width <= 0
            || ($hint['strategy'] ?? null) !== ChunkStrategy::Range->value
        ) {
            return false;
        }
        $expected = [];
        foreach (array_slice($chunks, 1) as $chunk) {
            if ($chunk->key === null) {
                return false;
            }
            $expected[] = $chunk->key;
        }
        try {
            return $this->schemaHash($table, $name) === $chunks[0]->hash && $this->memoKeys($table, $name, $width) === $expected;
        } catch (DatabaseException) {
            return false; // gone, or not comparable: loaded as any other
        }
    }

    /** sha256 of the schema chunk a backup of $table under the name $name would hold now. */
    private function schemaHash(string $table, string $name): string
    {
        $create = (string) ($this->db->fetchRow('SHOW CREATE TABLE ' . Identifier::quote($table))['Create Table'] ?? '');
        $head = 'CREATE TABLE ' . Identifier::quote($table) . ' ';
        if (!str_starts_with($create, $head)) {
            return '';
        }
        $create = 'CREATE TABLE ' . Identifier::quote($name) . ' ' . substr($create, strlen($head));

        return hash('sha256', 'DROP TABLE IF EXISTS ' . Identifier::quote($name) . ";\n" . $create . ";\n");
    }

    /**
     * The memo keys of the table's non-empty key ranges, in key order, from one grouped query: the
     * server reads the rows, none of them reach PHP. Null when a range cannot be fingerprinted.
     *
     * @return list<string>|null
     */
    private function memoKeys(string $table, string $name, int $width): ?array
    {
        $read = (new TableSchemaReader($this->db))->read($table);
        if ($read->strategy !== ChunkStrategy::Range || count($read->keyColumns) !== 1) {
            return null;
        }
        $schema = new TableSchema($name, $read->columns, $read->strategy, $read->keyColumns);
        $key = Identifier::quote($schema->keyColumns[0]);
        $quoted = Identifier::quote($table);
        $low = $this->db->fetchValue("SELECT MIN({$key}) FROM {$quoted}");
        if ($low === null) {
            return [];
        }
        if ((string) (int) $low !== $low) {
            return null; // beyond PHP's integers: the backup paged such a table by keyset
        }
        $base = (int) $low - ((((int) $low % $width) + $width) % $width);
        $rowHash = RowHash::of($this->db);
        $rows = $this->db->fetchAll(
            'SELECT i, ' . $rowHash->aggregateExpressions() . " FROM (SELECT ({$key} - ({$base})) DIV {$width} AS i, "
            . $rowHash->derivedColumns($schema) . " FROM {$quoted}"
            // The LIMIT keeps the derived table from being merged, which would compute each row hash again per use.
            . ' LIMIT 18446744073709551615) AS d GROUP BY i ORDER BY i'
        );
        $keys = [];
        foreach ($rows as $row) {
            $fingerprint = $rowHash->fromAggregateRow($row);
            $index = (string) ($row['i'] ?? '');
            if ($fingerprint === null || !ctype_digit($index) || (int) $index > intdiv(PHP_INT_MAX - max(0, $base), $width)) {
                return null;
            }
            $keys[] = RangeFingerprint::memoKey($schema, $this->options, $width, $base + (int) $index * $width, $fingerprint);
        }

        return $keys;
    }
}
