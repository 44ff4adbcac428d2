<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Rewrite;

use InvalidArgumentException;
use SiteBackups\Engine\Database\Connection;
use Throwable;

/**
 * Rewrites the site URL in a list of tables, in time slices:
 *
 *     $rewriter = new DatabaseRewriter($connection, ['sbtmp_wp_options', ...], ValueReplacer::forSiteMove($old, $new));
 *     $step = $rewriter->step(null, 10.0);            // then step($step->cursor, 10.0) until $step->isDone()
 *
 * Only rows where a rewritable column (RewriteColumn) contains a needle of the
 * replacer are read. Keyed tables are walked in key order, a window of
 * `windowRows` keys at a time (keyset, never a deep OFFSET); a table without a
 * usable key is read through its matching rows, skipping those already seen
 * that still match, and each row is updated by all its values (RewriteTable).
 * Rows are fetched at most `batchBytes` at a time, whatever the table's size.
 *
 * Repeating a step from an older cursor (after a crash before the new one was
 * saved) does no harm: updates of a batch commit together, and the replacer
 * never rewrites its own output again (TextReplacer), so the rows already
 * done are left as they are.
 */
final class DatabaseRewriter
{
    private readonly RewriteOptions $options;
    private readonly RowRewriter $rows;
    /** @var array<int, RewriteTable|null> */
    private array $tablesRead = [];

    /** @param list<string> $tables the tables to rewrite; views among them are skipped */
    public function __construct(
        private readonly Connection $connection,
        private readonly array $tables,
        private readonly ValueReplacer $replacer,
        ?RewriteOptions $options = null,
    ) {
        $this->options = $options ?? new RewriteOptions();
        $this->rows = new RowRewriter($replacer);
    }

    /**
     * Works for about $seconds (at least one window or batch) and returns where
     * it stopped. A null cursor starts at the first table.
     *
     * @param array<mixed>|null $cursor
     */
    public function step(?array $cursor, float $seconds): RewriteStep
    {
        $state = $this->resume($cursor);
        $deadline = hrtime(true) + (int) ($seconds * 1e9);
        $index = $state->table;
        $after = $state->after;
        $skip = $state->skip;
        $counts = $state->counts;
        while ($index < count($this->tables)) {
            $table = $this->table($index);
            $done = true;
            if ($table === null) {
                ++$counts->viewsSkipped;
            } elseif ($table->columns !== [] && $this->replacer->needles() !== []) {
                if ($table->isKeyed()) {
                    $after = $this->keyedWindow($table, $after, $counts);
                    $done = $after === null;
                } else {
                    $nextSkip = $this->keylessBatch($table, $skip, $counts);
                    $done = $nextSkip === null;
                    $skip = $nextSkip ?? 0;
                }
            }
            if ($done) {
                ++$index;
                $after = null;
                $skip = 0;
            }
            if (hrtime(true) >= $deadline) {
                break;
            }
        }
        if ($index >= count($this->tables)) {
            return new RewriteStep(null, $counts);
        }
        $fingerprint = $this->replacer->pairs()->fingerprint();
        $next = new RewriteCursor($fingerprint, $index, $this->tables[$index], $after, $skip, $counts);

        return new RewriteStep($next->toArray(), $counts);
    }

    /** @param array<mixed>|null $cursor */
    private function resume(?array $cursor): RewriteCursor
    {
        $fingerprint = $this->replacer->pairs()->fingerprint();
        if ($cursor === null) {
            return new RewriteCursor($fingerprint, 0, $this->tables[0] ?? '', null, 0, new RewriteCounts());
        }
        $state = RewriteCursor::fromArray($cursor);
        if ($state->pairs !== $fingerprint) {
            throw new InvalidArgumentException('The rewrite cursor was made with other replacements.');
        }
        if (($this->tables[$state->table] ?? null) !== $state->name) {
            throw new InvalidArgumentException(
                sprintf('The rewrite cursor names table "%s", which is not in the list at its place.', $state->name)
            );
        }

        return $state;
    }

    private function table(int $index): ?RewriteTable
    {
        if (!array_key_exists($index, $this->tablesRead)) {
            $this->tablesRead[$index] = (new RewriteTableReader($this->connection))->read($this->tables[$index]);
        }

        return $this->tablesRead[$index];
    }

    /**
     * Rewrites the matching rows among the next `windowRows` keys after $after.
     *
     * @param list<string>|null $after
     * @return list<string>|null the last key of the window, null when the table is done
     */
    private function keyedWindow(RewriteTable $table, ?array $after, RewriteCounts $counts): ?array
    {
        if ($after !== null && count($after) !== count($table->keyColumns)) {
            throw new InvalidArgumentException(
                sprintf('The rewrite cursor key does not fit table "%s".', $table->name)
            );
        }
        $from = $after === null ? [] : [KeysetCondition::after($table->keyColumns, $after)];
        $end = $this->connection->fetchRow(
            'SELECT ' . $table->keySelect() . ' FROM ' . $table->quotedName() . self::where($from)
            . ' ORDER BY ' . $table->keyOrder() . ' LIMIT 1 OFFSET ' . ($this->options->windowRows - 1)
        );
        $last = $end === null ? null : self::keyLiterals($table, $end);
        $window = $last === null ? $from : [...$from, KeysetCondition::atOrBefore($table->keyColumns, $last)];
        $matches = $this->connection->fetchAll(
            'SELECT ' . $table->keySelect() . ', ' . $table->sizeExpression() . ' AS n FROM ' . $table->quotedName()
            . self::where([...$window, $table->matchCondition($this->replacer->needles())])
            . ' ORDER BY ' . $table->keyOrder()
        );
        $batchStart = $after;
        $bytes = 0;
        foreach ($matches as $i => $match) {
            $bytes += (int) $match['n'];
            if ($bytes >= $this->options->batchBytes || $i === count($matches) - 1) {
                $batchEnd = self::keyLiterals($table, $match);
                $this->keyedBatch($table, $batchStart, $batchEnd, $counts);
                $batchStart = $batchEnd;
                $bytes = 0;
            }
        }

        return $last;
    }

    /**
     * @param list<string>|null $after
     * @param list<string> $upTo
     */
    private function keyedBatch(RewriteTable $table, ?array $after, array $upTo, RewriteCounts $counts): void
    {
        $conditions = $after === null ? [] : [KeysetCondition::after($table->keyColumns, $after)];
        $conditions[] = KeysetCondition::atOrBefore($table->keyColumns, $upTo);
        $conditions[] = $table->matchCondition($this->replacer->needles());
        $rows = $this->connection->fetchAll(
            'SELECT ' . $table->keySelect() . ', ' . $table->columnSelect() . ' FROM ' . $table->quotedName()
            . self::where($conditions) . ' ORDER BY ' . $table->keyOrder()
        );
        $this->inTransaction(function () use ($table, $rows, $counts): void {
            foreach ($rows as $row) {
                ++$counts->rowsExamined;
                $values = [];
                foreach (array_keys($table->columns) as $i) {
                    $values[] = $row['c' . $i];
                }
                $assignments = $this->rows->rewrite($table->columns, $values, $counts);
                if ($assignments === []) {
                    continue;
                }
                if ($this->update($table->updateByKey($assignments, self::keyLiterals($table, $row)))) {
                    ++$counts->rowsChanged;
                }
            }
        });
    }

    /**
     * The next batch of a table without a usable key: the matching rows after
     * the $skip that still matched when they were looked at. Rows rewritten drop
     * out of the match (or are counted in $skip if they still match), so the
     * OFFSET only grows by rows left as they were. The order is the table's
     * scan order (USE INDEX (): the same plan for every query), which an
     * in-place UPDATE does not change.
     *
     * @return int|null the new skip, null when no matching row is left
     */
    private function keylessBatch(RewriteTable $table, int $skip, RewriteCounts $counts): ?int
    {
        $from = ' FROM ' . $table->quotedName() . ' USE INDEX ()'
            . ' WHERE ' . $table->matchCondition($this->replacer->needles());
        $sizes = $this->connection->fetchAll(
            'SELECT ' . $table->sizeExpression() . ' AS n' . $from
            . ' LIMIT ' . $this->options->windowRows . ' OFFSET ' . $skip
        );
        if ($sizes === []) {
            return null;
        }
        $take = 0;
        $bytes = 0;
        foreach ($sizes as $size) {
            ++$take;
            $bytes += (int) $size['n'];
            if ($bytes >= $this->options->batchBytes) {
                break;
            }
        }
        $rows = $this->connection->fetchAll(
            'SELECT ' . $table->rowSelect() . $from . ' LIMIT ' . $take . ' OFFSET ' . $skip
        );
        $positions = $table->columnPositions();
        $this->inTransaction(function () use ($table, $rows, $positions, $counts, &$skip): void {
            foreach ($rows as $row) {
                ++$counts->rowsExamined;
                $stored = array_values($row);
                $values = array_map(static fn (int $position): ?string => $stored[$position], $positions);
                $assignments = $this->rows->rewrite($table->columns, $values, $counts);
                if ($assignments !== [] && $this->update($table->updateByRow($assignments, $stored))) {
                    ++$counts->rowsChanged;
                    if (!$this->rows->stillMatches($values, $assignments)) {
                        continue;
                    }
                }
                ++$skip;
            }
        });

        return $skip;
    }

    /** Runs an UPDATE; true if it changed a row. */
    private function update(string $sql): bool
    {
        $this->connection->execute($sql);

        return $this->connection->mysqli()->affected_rows > 0;
    }

    /** A batch's updates land together or not at all (on transactional tables). */
    private function inTransaction(callable $work): void
    {
        $this->connection->execute('START TRANSACTION');
        try {
            $work();
            $this->connection->execute('COMMIT');
        } catch (Throwable $e) {
            try {
                $this->connection->execute('ROLLBACK');
            } catch (Throwable) {
                // The connection is gone; the server rolls back on its own.
            }
            throw $e;
        }
    }

    /**
     * @param array<string, string|null> $row with k0, k1, ...
     * @return list<string>
     */
    private static function keyLiterals(RewriteTable $table, array $row): array
    {
        $literals = [];
        foreach ($table->keyColumns as $i => $key) {
            $literals[] = $key->kind()->encode($row['k' . $i]);
        }

        return $literals;
    }

    /** @param list<string> $conditions */
    private static function where(array $conditions): string
    {
        return $conditions === [] ? '' : ' WHERE ' . implode(' AND ', $conditions);
    }
}
