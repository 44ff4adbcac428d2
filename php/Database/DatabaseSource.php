<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use SiteBackups\Engine\Backup\ReusesObjects;
use SiteBackups\Engine\Backup\SnapshotSource;
use SiteBackups\Engine\Backup\SourceChunk;

/**
 * The database of one site (one table prefix) as a snapshot source. The chunks, concatenated, are
 * one SQL script that SqlLoader and the `mariadb` client both import:
 *
 *   header (DumpScript) | per table: schema, then data chunks (TableDumper) | views + triggers + footer
 *
 * start() fixes the inventory (tables, views, triggers of the prefix) inside the cursor, so a backup
 * resumed in another process dumps exactly the objects it began with. The cursor is plain JSON data
 * and holds no secret: the connection is made again by whoever builds the source.
 *
 * Only the site's own tables are taken (TableOwnership): those of another install sharing the
 * prefix, and those the administrator lists as foreign, are left out and named in the note
 * "left_out" (name => why), which does not make the snapshot partial.
 *
 * Notes left in the snapshot: "hints" (per table, handed back to TableDumper::start next time so
 * chunk boundaries stay put and unchanged ranges dedupe) and "skipped" (object => reason): a table
 * dropped during the backup, or one whose columns changed twice while it was being dumped. A table
 * that changes once is dumped again from its schema chunk (which begins with DROP TABLE IF EXISTS,
 * so the rows written before are discarded on load); a table skipped after its schema was written
 * gets a DROP TABLE IF EXISTS, so the script never leaves half a table behind.
 */
final class DatabaseSource implements SnapshotSource, ReusesObjects
{
    public const KEY = 'database';
    private const VERSION = 1;
    private const STEP_HEADER = 'header';
    private const STEP_TABLE = 'table';
    private const STEP_TAIL = 'tail';

    private readonly TableDumper $tables;
    /** @var (\Closure(string): bool)|null */
    private ?\Closure $objectExists = null;
    private ?ChunkReuse $lastReuse = null;

    /** @param list<string> $foreignTables tables and prefixes the administrator says are not the site's */
    public function __construct(
        private readonly Connection $db,
        private readonly string $tablePrefix,
        private readonly DumpOptions $options = new DumpOptions(),
        private readonly array $foreignTables = [],
    ) {
        if ($tablePrefix === '') {
            throw new \InvalidArgumentException('The table prefix must not be empty.');
        }
        $this->tables = new TableDumper($db, $this->options);
    }

    public function key(): string
    {
        return self::KEY;
    }

    public function useObjects(\Closure $exists): void
    {
        $this->objectExists = $exists;
    }

    /**
     * @param array<string, mixed> $parentNotes
     * @return array<string, mixed>
     */
    public function start(array $parentNotes): array
    {
        $ownership = TableOwnership::detect($this->db, $this->tablePrefix, $this->foreignTables);
        $inventory = (new InventoryReader($this->db))->read($this->tablePrefix, $ownership);
        $parentHints = [];
        $parentObjects = [];
        foreach ((array) ($parentNotes['chunk_objects'] ?? []) as $memo => $object) {
            if (is_array($object) && count($object) === 2) {
                $parentObjects[(string) $memo] = array_values($object);
            }
        }
        foreach ($inventory->tables as $table) {
            $hint = $parentNotes['hints'][$table] ?? null;
            if (is_array($hint)) {
                $parentHints[$table] = $hint;
            }
        }

        return [
            'v' => self::VERSION,
            'database' => $this->db->databaseName(),
            'prefix' => $this->tablePrefix,
            'step' => self::STEP_HEADER,
            'tables' => $inventory->tables,
            'views' => $inventory->views,
            'triggers' => array_map(static fn (TriggerRef $t): array => [$t->name, $t->table], $inventory->triggers),
            'index' => 0,
            'table' => null,
            'started' => false,
            'restarts' => 0,
            'parent_hints' => $parentHints,
            'parent_objects' => $parentObjects,
            'hints' => [],
            'skipped' => [],
            'left_out' => $inventory->leftOut,
        ];
    }

    /**
     * @param array<string, mixed> $cursor
     * @param resource $out
     */
    public function writeNextChunk(array $cursor, $out): SourceChunk
    {
        $state = $this->check($cursor);
        $this->lastReuse = null;
        $label = match ($state['step']) {
            self::STEP_HEADER => $this->writeHeader($state, $out),
            self::STEP_TABLE => $this->writeTableChunk($state, $out),
            default => $this->writeTail($state, $out),
        };
        $reuse = $this->takeReuse();
        $tableCount = count($state['tables']);
        $unitsDone = match ($state['step']) {
            self::STEP_TABLE => 1 + $state['index'],
            self::STEP_HEADER => 0,
            default => $tableCount + 2,
        };

        return new SourceChunk(
            $label,
            $state['step'] === 'done' ? null : $state,
            ['hints' => $state['hints'], 'skipped' => $state['skipped'], 'left_out' => $state['left_out']],
            $tableCount + 2,
            $unitsDone,
            $reuse?->memo,
            $reuse?->reused[0] ?? null,
            $reuse?->reused[1] ?? 0,
        );
    }

    private function takeReuse(): ?ChunkReuse
    {
        $reuse = $this->lastReuse;
        $this->lastReuse = null;

        return $reuse;
    }

    /**
     * @param array<string, mixed> $state
     * @param resource $out
     */
    private function writeHeader(array &$state, $out): string
    {
        $this->write($out, DumpScript::header(), 'the header');
        $state['step'] = $state['tables'] === [] ? self::STEP_TAIL : self::STEP_TABLE;

        return 'header';
    }

    /**
     * One chunk of the current table. A table that is gone or keeps changing is recorded as
     * skipped; the chunk then holds at most the DROP that undoes what was written of it.
     *
     * @param array<string, mixed> $state
     * @param resource $out
     */
    private function writeTableChunk(array &$state, $out): string
    {
        $table = (string) $state['tables'][$state['index']];
        $mark = self::position($out);
        while (true) {
            try {
                if ($state['table'] === null) {
                    $hint = $state['parent_hints'][$table] ?? null;
                    $cursor = $this->tables->start($table, is_array($hint) ? $hint : null);
                    $state['hints'][$table] = $cursor->hint();
                } else {
                    $cursor = DumpCursor::fromArray($state['table']);
                }
                // Only a table the parent snapshot had (a hint) has chunks worth fingerprinting for.
                $reuse = new ChunkReuse(
                    isset($state['parent_hints'][$table]) ? $state['parent_objects'] : [],
                    $this->objectExists,
                );
                try {
                    $next = $this->tables->writeNextChunk($cursor, $out, $reuse);
                } catch (DumpWriteException $e) {
                    throw new DumpWriteException(
                        sprintf('Could not write table `%s` of the database backup: %s', $table, $e->getMessage()),
                        0,
                        $e
                    );
                }
                $state['started'] = true;
                $state['table'] = $next?->toArray();
                $this->lastReuse = $reuse;
                break;
            } catch (TableNotFoundException) {
                self::rewindTo($out, $mark);
                $this->skipTable($state, $table, 'the table was dropped during the backup', $out);
                break;
            } catch (TableChangedException) {
                self::rewindTo($out, $mark);
                if ($state['restarts'] < 1) {
                    // Dump it again from its schema: that chunk starts with DROP TABLE IF EXISTS.
                    $state['restarts']++;
                    $state['table'] = null;
                    continue;
                }
                $this->skipTable($state, $table, 'its columns changed twice while it was being backed up', $out);
                break;
            }
        }
        if ($state['table'] === null) {
            $this->nextTable($state);
        }

        return $table;
    }

    /**
     * @param array<string, mixed> $state
     * @param resource $out
     */
    private function skipTable(array &$state, string $table, string $reason, $out): void
    {
        if ($state['started']) {
            $this->write($out, 'DROP TABLE IF EXISTS ' . Identifier::quote($table) . ";\n", 'table `' . $table . '`');
        }
        $state['skipped'][$table] = $reason;
        unset($state['hints'][$table]);
        $state['table'] = null;
    }

    /** @param array<string, mixed> $state */
    private function nextTable(array &$state): void
    {
        $state['index']++;
        $state['table'] = null;
        $state['started'] = false;
        $state['restarts'] = 0;
        if ($state['index'] >= count($state['tables'])) {
            $state['step'] = self::STEP_TAIL;
        }
    }

    /**
     * Views, triggers and the footer. A view that reads a skipped table or view, and a trigger on
     * a skipped table, would not load: they are skipped too, with the reason.
     *
     * @param array<string, mixed> $state
     * @param resource $out
     */
    private function writeTail(array &$state, $out): string
    {
        $views = new ViewDumper($this->db);
        foreach ($state['views'] as $view) {
            $view = (string) $view;
            try {
                $sql = $views->dump($view);
                foreach (array_keys($state['skipped']) as $missing) {
                    if (str_contains($sql, Identifier::quote((string) $missing))) {
                        throw new DatabaseException(sprintf('it reads `%s`, which was skipped', $missing));
                    }
                }
            } catch (DatabaseException $e) {
                $state['skipped'][$view] = 'view could not be backed up: ' . $e->getMessage();
                continue;
            }
            $this->write($out, $sql, 'view `' . $view . '`');
        }
        $triggers = new TriggerDumper($this->db);
        foreach ($state['triggers'] as [$name, $table]) {
            $name = (string) $name;
            if (isset($state['skipped'][$table])) {
                $state['skipped']['trigger ' . $name] = sprintf('its table `%s` was skipped', $table);
                continue;
            }
            try {
                $sql = $triggers->dump(new TriggerRef($name, (string) $table));
            } catch (TableNotFoundException) {
                $state['skipped']['trigger ' . $name] = 'the trigger was dropped during the backup';
                continue;
            }
            $this->write($out, $sql, 'trigger `' . $name . '`');
        }
        $this->write($out, DumpScript::footer(), 'the footer');
        $state['step'] = 'done';

        return 'views, triggers';
    }

    /**
     * Checks that the cursor is ours and belongs to this database.
     *
     * @param array<string, mixed> $cursor
     * @return array<string, mixed>
     */
    private function check(array $cursor): array
    {
        if (($cursor['v'] ?? null) !== self::VERSION || !is_array($cursor['tables'] ?? null)) {
            throw new \InvalidArgumentException('Not a database cursor of this version.');
        }
        $database = $cursor['database'] ?? null;
        if ($database !== $this->db->databaseName() || ($cursor['prefix'] ?? null) !== $this->tablePrefix) {
            throw new \LogicException(sprintf(
                'This backup began on database "%s" (prefix %s) and cannot continue on "%s" (prefix %s).',
                (string) ($cursor['database'] ?? ''),
                (string) ($cursor['prefix'] ?? ''),
                $this->db->databaseName(),
                $this->tablePrefix,
            ));
        }
        foreach (['parent_hints', 'parent_objects', 'hints', 'skipped', 'left_out'] as $map) {
            $cursor[$map] = (array) ($cursor[$map] ?? []);
        }

        return $cursor;
    }

    /** @param resource $out */
    private function write($out, string $sql, string $what): void
    {
        try {
            StreamWriter::write($out, $sql);
        } catch (DumpWriteException $e) {
            $message = sprintf('Could not write %s of the database backup: %s', $what, $e->getMessage());
            throw new DumpWriteException($message, 0, $e);
        }
    }

    /** @param resource $out */
    private static function position($out): int
    {
        $position = ftell($out);
        if ($position === false) {
            throw new DumpWriteException('The database chunk buffer is not seekable.');
        }

        return $position;
    }

    /**
     * Discards what a failed attempt wrote after $mark.
     *
     * @param resource $out
     */
    private static function rewindTo($out, int $mark): void
    {
        if ($mark < 0 || !ftruncate($out, $mark) || fseek($out, $mark) !== 0) {
            throw new DumpWriteException('Could not discard a half-written database chunk.');
        }
    }
}
