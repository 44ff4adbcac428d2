<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\DumpScript;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Engine\Database\StreamWriter;
use SiteBackups\Engine\Database\TableDumper;
use SiteBackups\Engine\Database\TableOwnership;
use SiteBackups\Engine\Database\TriggerDumper;
use SiteBackups\Engine\Database\ViewDumper;

/**
 * Dumps every object of a table prefix that is the site's own (TableOwnership) into one SQL
 * stream in a single run, from the engine's own pieces (DumpScript, TableDumper, ViewDumper,
 * TriggerDumper): the script a backup's database source stores chunk by chunk, without a store,
 * for the tests of the dump format.
 */
final class DatabaseDumper
{
    public function __construct(
        private readonly Connection $connection,
        private readonly DumpOptions $options = new DumpOptions(),
    ) {
    }

    /** @param resource $out */
    public function dump(string $prefix, $out): void
    {
        $inventory = (new InventoryReader($this->connection))->read($prefix, TableOwnership::detect($this->connection, $prefix));
        $tables    = new TableDumper($this->connection, $this->options);
        StreamWriter::write($out, DumpScript::header());
        foreach ($inventory->tables as $table) {
            $cursor = $tables->start($table, null);
            while (null !== $cursor) {
                $cursor = $tables->writeNextChunk($cursor, $out);
            }
        }
        $views = new ViewDumper($this->connection);
        foreach ($inventory->views as $view) {
            StreamWriter::write($out, $views->dump($view));
        }
        $triggers = new TriggerDumper($this->connection);
        foreach ($inventory->triggers as $trigger) {
            StreamWriter::write($out, $triggers->dump($trigger));
        }
        StreamWriter::write($out, DumpScript::footer());
    }
}
