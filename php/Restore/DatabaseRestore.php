<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Engine\Database\SqlStatementReader;
use SiteBackups\Engine\Database\TableNameMap;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Puts a snapshot's database in place of a site's tables without the site ever seeing half of it.
 *
 * Every table and view of the snapshot is loaded beside the live ones under a temporary name
 * (`sbtmp_` + the target's name), chunk by chunk, each chunk in one transaction that also records
 * it as done in a small progress table: a slice killed in the middle repeats no row. Then one
 * RENAME TABLE moves every live object of the target's prefix aside (`sbold_`) and every loaded
 * one into its place, which MariaDB does atomically. Triggers are created after the swap (their
 * names are unique per database and cannot be renamed), once the old tables are gone.
 *
 * Until swap() the live site is untouched: discard() (or the next restore's prepare()) drops what
 * was loaded. The snapshot may have another table prefix than the target: names are moved over.
 */
final class DatabaseRestore
{
    public const TMP = 'sbtmp_';
    public const OLD = 'sbold_';
    private const PROGRESS = 'sbrst_';
    private const MAX_NAME = 64;

    public const LOADING = 'loading';
    public const SWAPPING = 'swapping';
    public const SWAPPED = 'swapped';

    private readonly SnapshotReader $reader;
    private readonly string $sourcePrefix;

    public function __construct(
        BackupStore $store,
        private readonly Connection $db,
        private readonly string $snapshotId,
        private readonly string $targetPrefix,
    ) {
        $this->reader = new SnapshotReader($store);
        $this->sourcePrefix = (string) ($this->reader->record($snapshotId)->meta['table_prefix'] ?? $targetPrefix);
        if ($this->sourcePrefix === '' || $targetPrefix === '') {
            throw new DatabaseException('A restore needs the table prefix of the backup and of the target.');
        }
    }

    /** Starts afresh: drops what an earlier, unfinished restore left beside the live tables. */
    public function prepare(): void
    {
        foreach ($this->chunks() as $chunk) {
            $label = $chunk->label;
            if (str_starts_with($label, $this->sourcePrefix) && strlen($this->loadName($label)) > self::MAX_NAME) {
                throw new DatabaseException(sprintf('The table name `%s` is too long to be restored beside the live one.', $label));
            }
        }
        $this->dropObjects(self::TMP . $this->targetPrefix);
        $this->dropObjects(self::OLD . $this->targetPrefix);
        $progress = $this->progressTable();
        $this->db->execute('DROP TABLE IF EXISTS ' . $progress);
        $this->db->execute('CREATE TABLE ' . $progress . ' (id TINYINT PRIMARY KEY, chunks INT NOT NULL, phase VARCHAR(16) NOT NULL) ENGINE=InnoDB');
        $this->db->execute('INSERT INTO ' . $progress . " VALUES (1, 0, '" . self::LOADING . "')");
    }

    /** Loads chunks for about $seconds (at least one). */
    public function load(float $seconds): LoadProgress
    {
        $deadline = microtime(true) + $seconds;
        $done = $this->chunksDone();
        $total = 0;
        $bytes = 0;
        $map = TableNameMap::retarget($this->sourcePrefix, self::TMP . $this->targetPrefix);
        $index = 0;
        $worked = false;
        foreach ($this->chunks() as $chunk) {
            $index++;
            $total++;
            // The header sets the session (character set, checks off): replayed on every new connection.
            if ($index > $done && ($index === 1 || !$worked || microtime(true) < $deadline)) {
                $this->loadChunk($chunk, $map, $index);
                $bytes += $chunk->size;
                $done = $index;
                $worked = true;
            } elseif ($index === 1) {
                $this->runStatements($chunk, $map, false);
            }
        }
        if ($done >= $total) {
            $this->setPhase(self::SWAPPING);
        }

        return new LoadProgress($done, $total, $bytes, $done >= $total);
    }

    /** @return list<string> the loaded base tables, under their temporary names (for rewriting) */
    public function loadedTables(): array
    {
        return (new InventoryReader($this->db))->read(self::TMP . $this->targetPrefix)->tables;
    }

    /**
     * One RENAME TABLE: every live table and view of the target's prefix aside, every loaded one
     * into its place. Repeating it after a crash does no harm: if nothing is left to move in, it
     * already happened.
     */
    public function swap(): void
    {
        if ($this->phase() === self::SWAPPED) {
            return;
        }
        if ($this->phase() !== self::SWAPPING) {
            throw new DatabaseException('The database of the backup is not loaded yet.');
        }
        $loaded = (new InventoryReader($this->db))->read(self::TMP . $this->targetPrefix);
        $incoming = array_merge($loaded->tables, $loaded->views);
        if ($incoming !== []) {
            $live = (new InventoryReader($this->db))->read($this->targetPrefix);
            $pairs = [];
            foreach (array_merge($live->tables, $live->views) as $name) {
                $pairs[] = Identifier::quote($name) . ' TO ' . Identifier::quote(self::OLD . $name);
            }
            foreach ($incoming as $name) {
                $pairs[] = Identifier::quote($name) . ' TO ' . Identifier::quote(substr($name, strlen(self::TMP)));
            }
            $this->db->execute('RENAME TABLE ' . implode(', ', $pairs));
        }
        $this->setPhase(self::SWAPPED);
    }

    /** After the swap: drops the old tables, creates the snapshot's triggers, drops the progress table. */
    public function finish(): void
    {
        if ($this->phase() !== self::SWAPPED) {
            throw new DatabaseException('The restored tables are not in place yet.');
        }
        // The old tables carry the old triggers, whose names the restored ones take.
        $this->dropObjects(self::OLD . $this->targetPrefix);
        $map = TableNameMap::retarget($this->sourcePrefix, $this->targetPrefix);
        foreach ($this->chunks() as $chunk) {
            // Triggers are in the tail; table chunks (labelled with their table) need no second read.
            if (!str_starts_with($chunk->label, $this->sourcePrefix)) {
                $this->runStatements($chunk, $map, true);
            }
        }
        $this->db->execute('DROP TABLE IF EXISTS ' . $this->progressTable());
    }

    /** Drops what was loaded; refused once the swap has begun (the site then needs finish()). */
    public function discard(): void
    {
        if ($this->phase() === self::SWAPPED) {
            throw new DatabaseException('The restored tables are already in place.');
        }
        $this->dropObjects(self::TMP . $this->targetPrefix);
        $this->db->execute('DROP TABLE IF EXISTS ' . $this->progressTable());
    }

    /** Where the restore stands: loading, swapping, swapped, or '' when nothing was prepared. */
    public function phase(): string
    {
        if (!$this->progressExists()) {
            return '';
        }
        $phase = (string) $this->db->fetchValue('SELECT phase FROM ' . $this->progressTable() . ' WHERE id = 1');
        if ($phase === self::SWAPPING && $this->db->fetchValue($this->countLoadedSql()) === '0') {
            // The RENAME happened (it is atomic) but the crash came before it was recorded.
            $this->setPhase(self::SWAPPED);

            return self::SWAPPED;
        }

        return $phase;
    }

    /** @return \Generator<int, SourceChunkRef> */
    private function chunks(): \Generator
    {
        return $this->reader->sourceChunks($this->snapshotId, \SiteBackups\Engine\Backups::DATABASE);
    }

    private function loadChunk(SourceChunkRef $chunk, TableNameMap $map, int $index): void
    {
        $this->db->execute('START TRANSACTION');
        try {
            $this->runStatements($chunk, $map, false);
            $this->db->execute('UPDATE ' . $this->progressTable() . ' SET chunks = ' . $index . ' WHERE id = 1');
            $this->db->execute('COMMIT');
        } catch (\Throwable $e) {
            $this->db->execute('ROLLBACK');
            throw new DatabaseException(sprintf('Loading part %d (%s) of the database failed: %s', $index, $chunk->label, $e->getMessage()), 0, $e);
        }
    }

    /**
     * Runs a chunk's statements: all but the triggers before the swap, only the triggers (and the
     * session settings around them) after it. Views are loaded with the tables, except when the
     * table prefix changes: their bodies then name tables that only exist after the swap.
     */
    private function runStatements(SourceChunkRef $chunk, TableNameMap $map, bool $afterSwap): void
    {
        $buffer = fopen('php://temp/maxmemory:4194304', 'w+b');
        if ($buffer === false) {
            throw new DatabaseException('Could not open a buffer for the database restore.');
        }
        $viewsLater = $this->sourcePrefix !== $this->targetPrefix;
        try {
            $this->reader->streamObjects([$chunk->hash], $buffer);
            rewind($buffer);
            foreach ((new SqlStatementReader($buffer))->statements() as $statement) {
                $isView = $viewsLater && (bool) preg_match('/\ACREATE OR REPLACE ALGORITHM=\w+ SQL SECURITY INVOKER VIEW /', $statement);
                $isLater = $isView || (bool) preg_match('/\A(?:CREATE|DROP) TRIGGER /', $statement);
                $isSession = str_starts_with($statement, 'SET ');
                if ($afterSwap && ($isLater || $isSession)) {
                    $this->db->execute($isView ? $map->applyToIdentifiers($statement) : $map->apply($statement));
                } elseif (!$afterSwap && !$isLater) {
                    $this->db->execute($map->apply($statement));
                    if (!$isSession && (bool) preg_match('/\A(?:CREATE|DROP|ALTER) /', $statement)) {
                        // DDL committed the transaction: open the next one for the rest of the chunk.
                        $this->db->execute('START TRANSACTION');
                    }
                }
            }
        } finally {
            fclose($buffer);
        }
    }

    private function chunksDone(): int
    {
        if (!$this->progressExists()) {
            throw new DatabaseException('The database restore was not prepared.');
        }

        return (int) $this->db->fetchValue('SELECT chunks FROM ' . $this->progressTable() . ' WHERE id = 1');
    }

    private function setPhase(string $phase): void
    {
        $this->db->execute('UPDATE ' . $this->progressTable() . ' SET phase = ' . $this->db->quote($phase) . ' WHERE id = 1');
    }

    private function progressExists(): bool
    {
        return $this->db->fetchValue(
            'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '
            . $this->db->quote(self::PROGRESS . $this->targetPrefix . 'progress')
        ) === '1';
    }

    private function countLoadedSql(): string
    {
        return 'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '
            . $this->db->quote(InventoryReader::likePattern(self::TMP . $this->targetPrefix));
    }

    /** Drops every table and view whose name starts with $prefix (views first: they read tables). */
    private function dropObjects(string $prefix): void
    {
        $objects = (new InventoryReader($this->db))->read($prefix);
        foreach (array_reverse($objects->views) as $view) {
            $this->db->execute('DROP VIEW IF EXISTS ' . Identifier::quote($view));
        }
        if ($objects->tables !== []) {
            $this->db->execute('SET SESSION FOREIGN_KEY_CHECKS = 0');
            $this->db->execute('DROP TABLE IF EXISTS ' . implode(', ', array_map([Identifier::class, 'quote'], $objects->tables)));
            $this->db->execute('SET SESSION FOREIGN_KEY_CHECKS = 1');
        }
    }

    private function loadName(string $name): string
    {
        return self::TMP . $this->targetPrefix . substr($name, strlen($this->sourcePrefix));
    }

    private function progressTable(): string
    {
        return Identifier::quote(self::PROGRESS . $this->targetPrefix . 'progress');
    }
}
