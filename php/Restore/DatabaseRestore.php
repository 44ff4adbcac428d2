<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Engine\Database\LoadStatement;
use SiteBackups\Engine\Database\RefusedStatement;
use SiteBackups\Engine\Database\SqlStatementReader;
use SiteBackups\Engine\Database\StatementKind;
use SiteBackups\Engine\Database\StatementPolicy;
use SiteBackups\Engine\Database\TableNameMap;
use SiteBackups\Engine\Database\TableOwnership;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Puts a snapshot's database in place of a site's tables without the site ever seeing half of it.
 *
 * Every table and view of the snapshot is loaded beside the live ones under a temporary name
 * (`sbtmp_` + the target's name), chunk by chunk, each chunk in one transaction that also records
 * it as done in a small progress table: a slice killed in the middle repeats no row. Then one
 * RENAME TABLE moves every live object of the target's own (see below) aside (`sbold_`) and every
 * loaded one into its place, which MariaDB does atomically. Triggers are created after the swap
 * (their names are unique per database and cannot be renamed), once the old tables are gone.
 *
 * A backup is untrusted input: every statement passes StatementPolicy before it runs, and the first
 * one a dump never holds stops the restore before the swap, with what was loaded dropped again.
 *
 * A site's tables are its own (TableOwnership): the target's tables that belong to another install
 * sharing its prefix, or that the administrator lists as foreign, are never renamed or dropped, and
 * what the backup holds of them is left alone. The `sbtmp_`/`sbold_` tables considered are only
 * those of the target's own names: another install's restore in the same database is not touched.
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
    private ?TableOwnership $ownership = null;

    /** @param list<string> $foreignTables tables and prefixes of the target the administrator says are not the site's */
    public function __construct(
        BackupStore $store,
        private readonly Connection $db,
        private readonly string $snapshotId,
        private readonly string $targetPrefix,
        private readonly array $foreignTables = [],
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
        $this->dropObjects(self::TMP);
        $this->dropObjects(self::OLD);
        $progress = $this->progressTable();
        $this->db->execute('DROP TABLE IF EXISTS ' . $progress);
        $this->db->execute('CREATE TABLE ' . $progress . ' (id TINYINT PRIMARY KEY, chunks INT NOT NULL, phase VARCHAR(16) NOT NULL) ENGINE=InnoDB');
        $this->db->execute('INSERT INTO ' . $progress . " VALUES (1, 0, '" . self::LOADING . "')");
    }

    /**
     * Loads chunks for about $seconds (at least one).
     *
     * @throws RefusedStatement when the backup holds a statement a dump never holds; what was loaded is dropped
     */
    public function load(float $seconds): LoadProgress
    {
        $deadline = microtime(true) + $seconds;
        $done = $this->chunksDone();
        $total = 0;
        $bytes = 0;
        $map = TableNameMap::retarget($this->sourcePrefix, self::TMP . $this->targetPrefix);
        $policy = $this->policy();
        $leftAlone = [];
        $index = 0;
        $worked = false;
        try {
            foreach ($this->chunks() as $chunk) {
                $index++;
                $total++;
                // The header sets the session (character set, checks off): replayed on every new connection.
                if ($index > $done && ($index === 1 || !$worked || microtime(true) < $deadline)) {
                    $this->loadChunk($chunk, $map, $policy, $index, $leftAlone);
                    $bytes += $chunk->size;
                    $done = $index;
                    $worked = true;
                } elseif ($index === 1) {
                    $this->runStatements($chunk, $map, $policy, false, $leftAlone);
                }
            }
        } catch (RefusedStatement $refused) {
            $this->discard();
            throw $refused->nothingChanged();
        }
        if ($done >= $total) {
            $this->setPhase(self::SWAPPING);
        }

        return new LoadProgress($done, $total, $bytes, $done >= $total, array_keys($leftAlone));
    }

    /** @return list<string> the loaded base tables, under their temporary names (for rewriting) */
    public function loadedTables(): array
    {
        return $this->ownObjects(self::TMP)[0];
    }

    /**
     * One RENAME TABLE: every live table and view of the target's own aside, every loaded one into
     * its place. Repeating it after a crash does no harm: if nothing is left to move in, it already
     * happened.
     */
    public function swap(): void
    {
        if ($this->phase() === self::SWAPPED) {
            return;
        }
        if ($this->phase() !== self::SWAPPING) {
            throw new DatabaseException('The database of the backup is not loaded yet.');
        }
        [$tables, $views] = $this->ownObjects(self::TMP);
        $incoming = array_merge($tables, $views);
        if ($incoming !== []) {
            [$liveTables, $liveViews] = $this->ownObjects('');
            $pairs = [];
            foreach (array_merge($liveTables, $liveViews) as $name) {
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
        $this->dropObjects(self::OLD);
        $map = TableNameMap::retarget($this->sourcePrefix, $this->targetPrefix);
        $policy = $this->policy();
        $leftAlone = [];
        foreach ($this->chunks() as $chunk) {
            // Triggers are in the tail; table chunks (labelled with their table) need no second read.
            if (!str_starts_with($chunk->label, $this->sourcePrefix)) {
                $this->runStatements($chunk, $map, $policy, true, $leftAlone);
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
        $this->dropObjects(self::TMP);
        $this->db->execute('DROP TABLE IF EXISTS ' . $this->progressTable());
    }

    /** Where the restore stands: loading, swapping, swapped, or '' when nothing was prepared. */
    public function phase(): string
    {
        if (!$this->progressExists()) {
            return '';
        }
        $phase = (string) $this->db->fetchValue('SELECT phase FROM ' . $this->progressTable() . ' WHERE id = 1');
        if ($phase === self::SWAPPING && $this->countLoaded() === 0) {
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

    /** @param array<string, true> $leftAlone */
    private function loadChunk(
        SourceChunkRef $chunk,
        TableNameMap $map,
        StatementPolicy $policy,
        int $index,
        array &$leftAlone,
    ): void {
        $this->db->execute('START TRANSACTION');
        try {
            $this->runStatements($chunk, $map, $policy, false, $leftAlone);
            $this->db->execute('UPDATE ' . $this->progressTable() . ' SET chunks = ' . $index . ' WHERE id = 1');
            $this->db->execute('COMMIT');
        } catch (RefusedStatement $refused) {
            $this->db->execute('ROLLBACK');
            throw $refused;
        } catch (\Throwable $e) {
            $this->db->execute('ROLLBACK');
            throw new DatabaseException(sprintf('Loading part %d (%s) of the database failed: %s', $index, $chunk->label, $e->getMessage()), 0, $e);
        }
    }

    /**
     * Runs a chunk's statements: all but the triggers before the swap, only the triggers (and the
     * session settings around them) after it. Views are loaded with the tables, except when the
     * table prefix changes: their bodies then name tables that only exist after the swap. Every
     * statement is checked first, also those that wait for the swap: a refusal comes before it.
     * What the backup holds of another install's tables is left alone.
     *
     * @param array<string, true> $leftAlone receives the target's names left alone
     */
    private function runStatements(
        SourceChunkRef $chunk,
        TableNameMap $map,
        StatementPolicy $policy,
        bool $afterSwap,
        array &$leftAlone,
    ): void {
        $buffer = fopen('php://temp/maxmemory:4194304', 'w+b');
        if ($buffer === false) {
            throw new DatabaseException('Could not open a buffer for the database restore.');
        }
        $viewsLater = $this->sourcePrefix !== $this->targetPrefix;
        try {
            $this->reader->streamObjects([$chunk->hash], $buffer);
            rewind($buffer);
            $foreign = fn (string $table): bool => !$this->ownership()->owns($this->targetName($table));
            foreach ((new SqlStatementReader($buffer))->statements() as $statement) {
                $allowed = $policy->check($statement, $foreign);
                if ($allowed->leftAlone) {
                    $leftAlone[$this->targetName($allowed->table)] = true;
                    continue;
                }
                $isSession = $allowed->kind === StatementKind::Session;
                $isView = $viewsLater && $allowed->kind === StatementKind::CreateView;
                $isLater = $isView || $allowed->kind === StatementKind::CreateTrigger;
                if ($afterSwap && ($isLater || $isSession)) {
                    $this->db->execute($isView ? $map->applyToIdentifiers($statement) : $map->apply($statement));
                } elseif (!$afterSwap && !$isLater) {
                    $this->db->execute($isSession ? $statement : $this->renamed($map, $statement, $allowed));
                    if (!$isSession && $allowed->kind !== StatementKind::Insert) {
                        // DDL committed the transaction: open the next one for the rest of the chunk.
                        $this->db->execute('START TRANSACTION');
                    }
                }
            }
        } finally {
            fclose($buffer);
        }
    }

    /** The statement on the temporary name of its table, which it must name first. */
    private function renamed(TableNameMap $map, string $statement, LoadStatement $allowed): string
    {
        $renamed = $map->apply($statement);
        $expected = Identifier::quote($this->loadName($allowed->name));
        $at = strpos(substr($renamed, 0, 128 + strlen($expected)), ' ' . $expected . ' ');
        if ($at === false && !str_ends_with($renamed, ' ' . $expected)) {
            throw new DatabaseException(
                sprintf('A statement of the backup for `%s` could not be moved beside the live table.', $allowed->name)
            );
        }

        return $renamed;
    }

    private function policy(): StatementPolicy
    {
        [$databases, $outside] = StatementPolicy::surroundings(
            $this->db,
            fn (string $name): bool => $this->ownership()->owns($name)
        );
        // View bodies are renamed with the tables when the prefix changes (see runStatements()).
        $bodyNames = $this->sourcePrefix === $this->targetPrefix
            ? null
            : TableNameMap::retarget($this->sourcePrefix, $this->targetPrefix);

        return new StatementPolicy($this->sourcePrefix, $databases, $outside, $bodyNames);
    }

    /** Which of the target's tables are its own, read once from the live tables. */
    private function ownership(): TableOwnership
    {
        return $this->ownership ??= TableOwnership::detect($this->db, $this->targetPrefix, $this->foreignTables);
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

    private function countLoaded(): int
    {
        $rows = $this->db->fetchAll(
            'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '
            . $this->db->quote(InventoryReader::likePattern(self::TMP . $this->targetPrefix))
        );

        $own = array_filter($rows, fn (array $row): bool => $this->isOwn(self::TMP, (string) $row['TABLE_NAME']));

        return count($own);
    }

    /**
     * The tables and views of the target's own names, live ('') or under a restore's prefix
     * (TMP, OLD); never another install's, nor one the administrator lists as foreign.
     *
     * @return array{list<string>, list<string>} tables, views (in creation order)
     */
    private function ownObjects(string $namespace): array
    {
        $objects = (new InventoryReader($this->db))->read($namespace . $this->targetPrefix);
        $own = fn (string $name): bool => $this->isOwn($namespace, $name);

        return [array_values(array_filter($objects->tables, $own)), array_values(array_filter($objects->views, $own))];
    }

    private function isOwn(string $namespace, string $name): bool
    {
        return str_starts_with($name, $namespace) && $this->ownership()->owns(substr($name, strlen($namespace)));
    }

    /** Drops the target's own tables and views under a restore's prefix (views first: they read tables). */
    private function dropObjects(string $namespace): void
    {
        [$tables, $views] = $this->ownObjects($namespace);
        foreach (array_reverse($views) as $view) {
            $this->db->execute('DROP VIEW IF EXISTS ' . Identifier::quote($view));
        }
        if ($tables !== []) {
            $this->db->execute('SET SESSION FOREIGN_KEY_CHECKS = 0');
            $this->db->execute('DROP TABLE IF EXISTS ' . implode(', ', array_map([Identifier::class, 'quote'], $tables)));
            $this->db->execute('SET SESSION FOREIGN_KEY_CHECKS = 1');
        }
    }

    /** The target's name for a name of the backup. */
    private function targetName(string $name): string
    {
        return $this->targetPrefix . substr($name, strlen($this->sourcePrefix));
    }

    private function loadName(string $name): string
    {
        return self::TMP . $this->targetName($name);
    }

    private function progressTable(): string
    {
        return Identifier::quote(self::PROGRESS . $this->targetPrefix . 'progress');
    }
}
