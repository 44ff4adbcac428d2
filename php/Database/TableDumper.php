<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * Dumps one table in chunks, one chunk per call, resumable from a persisted
 * DumpCursor. Chunk boundaries depend only on the keys (fixed key ranges for
 * an integer key, content-defined cuts otherwise), and the bytes of a chunk
 * only on its rows, so unchanged parts of a table dump byte-identically and
 * deduplicate from one snapshot to the next.
 *
 * Rows are streamed from unbuffered queries, so memory holds one row and a
 * small write buffer, whatever the table size. A chunk may be empty when rows
 * were deleted in between; callers store it like any other.
 */
final class TableDumper
{
    /**
     * Ranges fingerprinted in one query: few at first (a request that just began, with a new read
     * view, may have little time left), twice as many each time after, up to the most.
     */
    private const FINGERPRINT_BATCH_FIRST = 8;
    private const FINGERPRINT_BATCH = 256;

    private readonly TableSchemaReader $schemas;
    /** @var array<string, TableSchema> the schema last read (and checked against its cursor), by table */
    private array $knownSchemas = [];
    /** @var array<string, string> the read view (viewKey()) under which each table's rows were last read */
    private array $rowsReadIn = [];
    /** @var array{0: string, 1: string, 2: TableSchema}|null table, view, its schema read under that view's lock */
    private ?array $lockedSchema = null;

    public function __construct(private readonly Connection $connection, private readonly DumpOptions $options = new DumpOptions())
    {
        $this->schemas = new TableSchemaReader($connection);
    }

    /**
     * @param array<string, mixed>|null $hint the previous snapshot's DumpCursor::hint() for this table
     * @throws TableNotFoundException
     */
    public function start(string $table, ?array $hint = null): DumpCursor
    {
        $schema = $this->schemas->read($table);
        $sizer = new ChunkSizer($this->connection, $this->options->targetChunkBytes);
        $strategy = $schema->strategy;
        $width = 0;
        $modulus = 0;
        if ($strategy === ChunkStrategy::Range) {
            $width = $sizer->width($schema, self::hintValue($hint, $schema, ChunkStrategy::Range, 'width'));
            if (!$this->rangeFits($schema, $width)) {
                // BIGINT UNSIGNED ids beyond PHP's integers: page by keyset instead of doing range arithmetic.
                $strategy = ChunkStrategy::Keyset;
                $width = 0;
            }
        }
        if ($strategy === ChunkStrategy::Keyset) {
            $modulus = $sizer->modulus($schema, self::hintValue($hint, $schema, ChunkStrategy::Keyset, 'modulus'));
        }

        return new DumpCursor($table, DumpCursor::PHASE_SCHEMA, $strategy, $schema->keyColumns, $width, $modulus, $schema->fingerprint());
    }

    /**
     * Writes the chunk at $cursor to $out.
     *
     * @param resource $out
     * @param ChunkReuse|null $reuse the previous snapshot's chunks: an unchanged key range reuses its object
     *                              (nothing is written to $out); also receives the memo key of the chunk
     *                              and how many rows it holds
     * @return DumpCursor|null the cursor of the next chunk, null when the table is done
     * @throws TableNotFoundException when the table was dropped meanwhile
     * @throws TableChangedException when its columns changed meanwhile
     * @throws DumpWriteException when $out takes no more bytes
     */
    public function writeNextChunk(DumpCursor $cursor, $out, ?ChunkReuse $reuse = null): ?DumpCursor
    {
        $reuse ??= new ChunkReuse();
        $reuse->rows = 0;
        $known = $this->knownSchemas[$cursor->table] ?? null;
        if (
            $known !== null && $known->fingerprint() === $cursor->fingerprint && $reuse->hasCandidates()
            && !$cursor->isSchema() && $cursor->strategy === ChunkStrategy::Range && $cursor->after === null
            && self::batchCovers($cursor->fingerprints, (int) $cursor->rangeStart)
        ) {
            // Fingerprints fetched under this very schema: an unchanged range needs no schema query either.
            // (A change after they were fetched shows at the next chunk that is dumped.)
            [$reused, $next] = $this->tryReuse($known, $cursor, $reuse);
            if ($reused) {
                return $next;
            }
        }
        $schema = $this->schemaOf($cursor->table);
        $this->knownSchemas = [$cursor->table => $schema];
        if ($schema->fingerprint() !== $cursor->fingerprint) {
            throw new TableChangedException($cursor->table);
        }
        if ($cursor->isSchema()) {
            return $this->writeSchema($schema, $cursor, $out);
        }

        if ($cursor->strategy === ChunkStrategy::Scan) {
            $this->writeScan($schema, $out, $reuse);

            return null;
        }

        return $cursor->strategy === ChunkStrategy::Range
            ? $this->writeRange($schema, $cursor, $out, $reuse)
            : $this->writeKeyset($schema, $cursor, $out, $reuse);
    }

    /**
     * The table's schema now. Once the read view has read a table's rows, the server holds a metadata lock
     * on the table until the view ends, so no ALTER can change it meanwhile (it waits): a schema read under
     * that lock stands for the rest of the view, and the table's later chunks need no information_schema
     * round trips. Outside a view, or before its rows were read in this one, it is read each time.
     */
    private function schemaOf(string $table): TableSchema
    {
        $view = $this->viewKey();
        [$lockedTable, $lockedView, $locked] = $this->lockedSchema ?? ['', '', null];
        if ($view !== null && $locked !== null && $lockedTable === $table && $lockedView === $view) {
            return $locked;
        }
        $schema = $this->schemas->read($table);
        $this->lockedSchema = $view !== null && ($this->rowsReadIn[$table] ?? null) === $view ? [$table, $view, $schema] : null;

        return $schema;
    }

    /** Notes, after a query read the table's rows, that the view in effect now holds the table's lock. */
    private function rowsRead(string $table): void
    {
        $view = $this->viewKey();
        if ($view !== null) {
            $this->rowsReadIn[$table] = $view;
        }
    }

    /**
     * The read view in effect and, with it, how many statements that may end a transaction had run: a key
     * that stays the same only while the same view lives and nothing but plain reads ran on the connection.
     */
    private function viewKey(): ?string
    {
        $token = ConsistentSnapshot::on($this->connection)->token();

        return $token === null ? null : $token . ':' . $this->connection->mayHaveEndedTransactions();
    }

    /**
     * The MemoChain a dump of $table with this hint would give now, from server-side fingerprints only;
     * null when its ranges cannot be fingerprinted (not the range strategy, a row too long to hash).
     *
     * @param array<string, mixed>|null $hint
     * @throws TableNotFoundException
     */
    public function memoChain(string $table, ?array $hint): ?string
    {
        $cursor = $this->start($table, $hint);
        if ($cursor->strategy !== ChunkStrategy::Range) {
            return null;
        }
        $schema = $this->schemas->read($table);
        $key = Identifier::quote($schema->keyColumns[0]);
        [, $typeMax] = $schema->keyColumnObjects()[0]->integerBounds();
        $chain = MemoChain::START;
        $low = $this->connection->fetchValue("SELECT MIN({$key}) FROM " . Identifier::quote($table));
        while ($low !== null) {
            $batch = $this->fingerprintBatch($schema, $cursor->width, (int) $low, $typeMax, self::FINGERPRINT_BATCH);
            foreach ($batch['ranges'] as [$start, $fingerprint]) {
                $memo = $fingerprint === null ? null
                    : RangeFingerprint::memoKey($schema, $this->options, $cursor->width, $start, $fingerprint);
                $chain = MemoChain::add($chain, $memo);
            }
            if ($chain === null || $batch['hi'] >= $typeMax) {
                break;
            }
            $low = $this->connection->fetchValue(
                "SELECT MIN({$key}) FROM " . Identifier::quote($table) . " WHERE {$key} > " . $batch['hi']
            );
        }

        return $chain;
    }

    /**
     * The schema chunk of $table as it would be written now (DROP TABLE IF EXISTS, then its CREATE TABLE).
     *
     * @throws TableNotFoundException
     */
    public function schemaText(string $table): string
    {
        $quoted = Identifier::quote($table);
        $create = $this->connection->fetchRow('SHOW CREATE TABLE ' . $quoted)['Create Table'] ?? null;
        if ($create === null) {
            throw new DatabaseException(sprintf('`%s` is not a base table.', $table));
        }

        return 'DROP TABLE IF EXISTS ' . $quoted . ";\n" . $create . ";\n";
    }

    /** @param resource $out */
    private function writeSchema(TableSchema $schema, DumpCursor $cursor, $out): ?DumpCursor
    {
        $table = Identifier::quote($schema->table);
        StreamWriter::write($out, $this->schemaText($schema->table));

        if ($cursor->strategy === ChunkStrategy::Range) {
            $first = $this->connection->fetchValue('SELECT MIN(' . Identifier::quote($schema->keyColumns[0]) . ') FROM ' . $table);

            return $first === null ? null : $cursor->next(self::rangeStartOf((int) $first, $cursor->width), null);
        }

        return $this->hasRows($schema, null) ? $cursor->next(null, null) : null;
    }

    /** @param resource $out */
    private function writeRange(TableSchema $schema, DumpCursor $cursor, $out, ChunkReuse $reuse): ?DumpCursor
    {
        $key = Identifier::quote($schema->keyColumns[0]);
        $keyPosition = $schema->keyPositions()[0];
        [$typeMin, $typeMax] = $schema->keyColumnObjects()[0]->integerBounds();
        $start = (int) $cursor->rangeStart;
        $end = $start + $cursor->width;
        $low = max($start, $typeMin);
        $high = min($end - 1, $typeMax);
        $after = $cursor->after === null ? null : (int) $cursor->after[0];
        $whole = $after === null;
        $batch = $cursor->fingerprints;
        if ($whole && $reuse->hasCandidates()) {
            [$reused, $next, $batch] = $this->tryReuse($schema, $cursor, $reuse);
            if ($reused) {
                return $next;
            }
        }
        $writer = $this->writer($schema, $out);
        // Whole ranges are fingerprinted from the very rows written, for the next snapshot to reuse.
        $rowHash = RowHash::of($this->connection);
        $accumulator = $whole ? new FingerprintAccumulator($rowHash) : null;
        $hashColumn = count($schema->dumpColumns());
        $extra = $whole ? [$rowHash->selectExpression($schema)] : [];
        $capped = false;
        do {
            $condition = "{$key} >= {$low} AND {$key} <= {$high}" . ($after === null ? '' : " AND {$key} > {$after}");
            $rows = 0;
            foreach ($this->connection->streamRows($this->select($schema, $condition, $key, true, $extra)) as $row) {
                $writer->addRow($row);
                $accumulator?->add($row[$hashColumn] ?? null);
                $after = (int) $row[$keyPosition];
                ++$rows;
                ++$reuse->rows;
                if ($writer->bytesWritten() >= $this->options->maxChunkBytes) {
                    // An unexpectedly dense range: split it, the rest follows in the next chunk.
                    $capped = true;
                    break;
                }
            }
        } while (!$capped && $rows === $this->options->pageRows);
        $writer->finish();
        $this->rowsRead($schema->table);

        if ($capped) {
            return $cursor->next($start, [(string) $after], $batch);
        }
        $fingerprint = $accumulator?->fingerprint();
        if ($fingerprint !== null) {
            $reuse->memo = RangeFingerprint::memoKey($schema, $this->options, $cursor->width, $start, $fingerprint);
        }

        return $this->nextRange($schema, $cursor, $end, $typeMax, $batch);
    }

    /**
     * Reuses the parent's object for the whole range at $cursor when its fingerprint is unchanged.
     *
     * @return array{0: bool, 1: DumpCursor|null, 2: array<string, mixed>|null} reused?, the next cursor, the fingerprints
     */
    private function tryReuse(TableSchema $schema, DumpCursor $cursor, ChunkReuse $reuse): array
    {
        [$typeMin, $typeMax] = $schema->keyColumnObjects()[0]->integerBounds();
        $start = (int) $cursor->rangeStart;
        $batch = $cursor->fingerprints;
        if (!self::batchCovers($batch, $start)) {
            $ranges = $batch === null ? self::FINGERPRINT_BATCH_FIRST : min(self::FINGERPRINT_BATCH, 2 * (int) ($batch['size'] ?? 0));
            $batch = $this->fingerprintBatch($schema, $cursor->width, max($start, $typeMin), $typeMax, max(self::FINGERPRINT_BATCH_FIRST, $ranges));
        }
        $fingerprint = self::batchFingerprint($batch, $start);
        if ($fingerprint === null) {
            return [false, null, $batch];
        }
        $memo = RangeFingerprint::memoKey($schema, $this->options, $cursor->width, $start, $fingerprint);
        $object = $reuse->lookup($memo);
        if ($object === null) {
            return [false, null, $batch];
        }
        $reuse->memo = $memo;
        $reuse->reused = $object;
        $reuse->rows = RangeFingerprint::rows($fingerprint);

        return [true, $this->nextRange($schema, $cursor, $start + $cursor->width, $typeMax, $batch), $batch];
    }

    /** @param array<string, mixed>|null $batch */
    private function nextRange(TableSchema $schema, DumpCursor $cursor, int $end, int $typeMax, ?array $batch): ?DumpCursor
    {
        if ($end > $typeMax) {
            return null;
        }
        if ($batch !== null && self::batchCovers($batch, $end)) {
            // The fetched fingerprints list every non-empty range up to their end.
            foreach ((array) $batch['ranges'] as [$rangeStart]) {
                if ((int) $rangeStart >= $end) {
                    return $cursor->next((int) $rangeStart, null, $batch);
                }
            }
            if ((int) $batch['hi'] >= $typeMax) {
                return null;
            }
            $end = (int) $batch['hi'] + 1;
        }
        $key = Identifier::quote($schema->keyColumns[0]);
        // Skip empty ranges of sparse ids in one indexed lookup.
        $next = $this->connection->fetchValue(
            "SELECT MIN({$key}) FROM " . Identifier::quote($schema->table) . " WHERE {$key} >= {$end}"
        );

        return $next === null ? null : $cursor->next(self::rangeStartOf((int) $next, $cursor->width), null, $batch);
    }

    /**
     * Fingerprints of the next $size ranges from $low, in one grouped query: the server reads the
     * rows, none of them reach PHP.
     *
     * @return array{lo: int, hi: int, size: int, ranges: list<array{0: int, 1: string|null}>}
     */
    private function fingerprintBatch(TableSchema $schema, int $width, int $low, int $typeMax, int $size): array
    {
        $key = Identifier::quote($schema->keyColumns[0]);
        $base = self::rangeStartOf($low, $width);
        $span = intdiv(PHP_INT_MAX - max(0, $base), $width) > $size ? $size * $width : null;
        $high = $span === null ? $typeMax : min($typeMax, $base + $span - 1);
        $rowHash = RowHash::of($this->connection);
        $rows = $this->connection->fetchAll(
            'SELECT i, ' . $rowHash->aggregateExpressions() . ' FROM (SELECT ('
            . "{$key} - ({$base})) DIV {$width} AS i, " . $rowHash->derivedColumns($schema) . ' FROM '
            . Identifier::quote($schema->table) . " WHERE {$key} >= {$low} AND {$key} <= {$high}"
            // The LIMIT keeps the derived table from being merged, which would compute each row hash again per use.
            . ' LIMIT 18446744073709551615) AS d GROUP BY i ORDER BY i'
        );
        $this->rowsRead($schema->table);
        $ranges = [];
        foreach ($rows as $row) {
            $ranges[] = [$base + (int) $row['i'] * $width, $rowHash->fromAggregateRow($row)];
        }

        return ['lo' => $low, 'hi' => $high, 'size' => $size, 'ranges' => $ranges];
    }

    /** @param array<string, mixed>|null $batch */
    private static function batchCovers(?array $batch, int $start): bool
    {
        return $batch !== null && isset($batch['lo'], $batch['hi'], $batch['ranges']) && is_array($batch['ranges'])
            && $start >= (int) $batch['lo'] && $start <= (int) $batch['hi'];
    }

    /** @param array<string, mixed>|null $batch */
    private static function batchFingerprint(?array $batch, int $start): ?string
    {
        foreach ((array) ($batch['ranges'] ?? []) as $range) {
            if (is_array($range) && (int) ($range[0] ?? 0) === $start) {
                return is_string($range[1] ?? null) ? $range[1] : null;
            }
        }

        return null;
    }

    /** @param resource $out */
    private function writeKeyset(TableSchema $schema, DumpCursor $cursor, $out, ChunkReuse $reuse): ?DumpCursor
    {
        $keyColumns = $schema->keyColumnObjects();
        $keyPositions = $schema->keyPositions();
        $order = implode(',', array_map([Identifier::class, 'quote'], $schema->keyColumns));
        $after = $cursor->after;
        $writer = $this->writer($schema, $out);
        $cut = false;
        do {
            $condition = $after === null ? null : self::keysetCondition($schema->keyColumns, $after);
            $rows = 0;
            foreach ($this->connection->streamRows($this->select($schema, $condition, $order)) as $row) {
                $writer->addRow($row);
                $after = [];
                foreach ($keyColumns as $i => $column) {
                    $after[] = $column->kind()->encode($row[$keyPositions[$i]]);
                }
                ++$rows;
                ++$reuse->rows;
                // Content-defined cut: depends on this row's key only, so an insert moves no other boundary.
                if (
                    crc32(implode(',', $after)) % $cursor->modulus === 0
                    || $writer->bytesWritten() >= $this->options->maxChunkBytes
                ) {
                    $cut = true;
                    break;
                }
            }
        } while (!$cut && $rows === $this->options->pageRows);
        $writer->finish();
        $this->rowsRead($schema->table);

        return $cut && $this->hasRows($schema, $after) ? $cursor->next(null, $after) : null;
    }

    /**
     * A table without a usable key cannot be resumed mid-way, so it is one
     * chunk, in a full deterministic order (byte order of every column).
     *
     * @param resource $out
     */
    private function writeScan(TableSchema $schema, $out, ChunkReuse $reuse): void
    {
        $order = implode(',', array_map(static fn (Column $c): string => $c->orderExpression(), $schema->dumpColumns()));
        $writer = $this->writer($schema, $out);
        foreach ($this->connection->streamRows($this->select($schema, null, $order, false)) as $row) {
            $writer->addRow($row);
            ++$reuse->rows;
        }
        $writer->finish();
        $this->rowsRead($schema->table);
    }

    /** @param resource $out */
    private function writer(TableSchema $schema, $out): InsertWriter
    {
        return new InsertWriter($out, $schema->table, $schema->dumpColumns(), $this->options->maxStatementBytes);
    }

    /** @param list<string> $extra expressions selected after the dumped columns */
    private function select(TableSchema $schema, ?string $condition, string $order, bool $paged = true, array $extra = []): string
    {
        $columns = implode(',', [...array_map(static fn (Column $c): string => $c->selectExpression(), $schema->dumpColumns()), ...$extra]);

        return 'SELECT ' . $columns . ' FROM ' . Identifier::quote($schema->table)
            . ($condition === null ? '' : ' WHERE ' . $condition)
            . ' ORDER BY ' . $order
            . ($paged ? ' LIMIT ' . $this->options->pageRows : '');
    }

    /** @param list<string>|null $after */
    private function hasRows(TableSchema $schema, ?array $after): bool
    {
        $condition = $after === null ? '' : ' WHERE ' . self::keysetCondition($schema->keyColumns, $after);

        return $this->connection->fetchValue('SELECT 1 FROM ' . Identifier::quote($schema->table) . $condition . ' LIMIT 1') !== null;
    }

    /**
     * "Key after $after" for a composite key, spelled out as ORs (which the
     * range optimizer uses) rather than a row constructor comparison.
     *
     * @param list<string> $keyColumns
     * @param list<string> $after SQL literals
     */
    private static function keysetCondition(array $keyColumns, array $after): string
    {
        $disjuncts = [];
        foreach ($keyColumns as $i => $column) {
            $terms = [];
            for ($j = 0; $j < $i; ++$j) {
                $terms[] = Identifier::quote($keyColumns[$j]) . ' = ' . $after[$j];
            }
            $terms[] = Identifier::quote($column) . ' > ' . $after[$i];
            $disjuncts[] = '(' . implode(' AND ', $terms) . ')';
        }

        return '(' . implode(' OR ', $disjuncts) . ')';
    }

    private function rangeFits(TableSchema $schema, int $width): bool
    {
        $key = Identifier::quote($schema->keyColumns[0]);
        $bounds = $this->connection->fetchRow("SELECT MIN({$key}) AS lo, MAX({$key}) AS hi FROM " . Identifier::quote($schema->table));
        foreach ([$bounds['lo'] ?? null, $bounds['hi'] ?? null] as $value) {
            if ($value !== null && ((string) (int) $value !== $value || abs((int) $value) > PHP_INT_MAX - 4 * $width)) {
                return false;
            }
        }

        return true;
    }

    /** The start of the fixed range holding $key: a multiple of $width (floor, also for negative ids). */
    private static function rangeStartOf(int $key, int $width): int
    {
        return $key - ((($key % $width) + $width) % $width);
    }

    /** @param array<string, mixed>|null $hint */
    private static function hintValue(?array $hint, TableSchema $schema, ChunkStrategy $strategy, string $field): ?int
    {
        if ($hint === null || ($hint['strategy'] ?? null) !== $strategy->value || ($hint['key'] ?? null) !== $schema->keyColumns) {
            return null;
        }
        $value = $hint[$field] ?? null;

        return is_int($value) && $value > 0 ? $value : null;
    }
}
