<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Database;

/**
 * Dumps every object of a table prefix that is the site's own (TableOwnership) into one SQL
 * stream in a single run (WP-CLI, tests, downloads). The chunked job uses TableDumper directly.
 *
 * Each table is written to a spool first, so a table dropped half-way is
 * reported as skipped and leaves nothing half-written in the stream.
 */
final class DatabaseDumper
{
    /** @param list<string> $foreignTables tables and prefixes the administrator says are not the site's */
    public function __construct(
        private readonly Connection $connection,
        private readonly DumpOptions $options = new DumpOptions(),
        private readonly array $foreignTables = [],
    ) {
    }

    /**
     * @param resource $out
     * @param array<string, array<string, mixed>> $hints the previous DumpReport::$hints
     */
    public function dump(string $prefix, $out, array $hints = []): DumpReport
    {
        $ownership = TableOwnership::detect($this->connection, $prefix, $this->foreignTables);
        $inventory = (new InventoryReader($this->connection))->read($prefix, $ownership);
        $tables = new TableDumper($this->connection, $this->options);
        $newHints = [];
        $skipped = [];
        $chunkCounts = [];

        StreamWriter::write($out, DumpScript::header());
        foreach ($inventory->tables as $table) {
            $spool = fopen('php://temp/maxmemory:' . (2 * 1024 * 1024), 'w+b');
            if ($spool === false) {
                throw new DumpWriteException('Could not open a temporary stream.');
            }
            try {
                $cursor = $tables->start($table, $hints[$table] ?? null);
                $newHints[$table] = $cursor->hint();
                $count = 0;
                while ($cursor !== null) {
                    $cursor = $tables->writeNextChunk($cursor, $spool);
                    ++$count;
                }
                rewind($spool);
                if (stream_copy_to_stream($spool, $out) === false) {
                    throw new DumpWriteException('Writing the database dump failed.');
                }
                $chunkCounts[$table] = $count;
            } catch (TableNotFoundException) {
                $skipped[$table] = 'table no longer exists';
                unset($newHints[$table]);
            } finally {
                fclose($spool);
            }
        }
        $views = new ViewDumper($this->connection);
        foreach ($inventory->views as $view) {
            try {
                StreamWriter::write($out, $views->dump($view));
            } catch (DatabaseException $e) {
                $skipped[$view] = 'view could not be dumped: ' . $e->getMessage();
            }
        }
        $triggers = new TriggerDumper($this->connection);
        foreach ($inventory->triggers as $trigger) {
            try {
                StreamWriter::write($out, $triggers->dump($trigger));
            } catch (TableNotFoundException) {
                $skipped['trigger ' . $trigger->name] = 'trigger no longer exists';
            }
        }
        StreamWriter::write($out, DumpScript::footer());

        return new DumpReport($newHints, $skipped, $chunkCounts, $inventory->leftOut);
    }
}
