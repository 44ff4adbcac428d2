<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Engine\Database\LoadStatement;
use SiteBackups\Engine\Database\RefusedStatement;
use SiteBackups\Engine\Database\SqlStatementReader;
use SiteBackups\Engine\Database\StatementKind;
use SiteBackups\Engine\Database\StatementPolicy;
use SiteBackups\Engine\Database\TableNameMap;
use SiteBackups\Engine\Database\TableOwnership;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Read\SourceChunkRef;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Puts a snapshot's database in place of a site's tables without the site ever seeing half of it.
 *
 * Every table and view of the snapshot is loaded beside the live ones under a temporary name
 * (`sbtmp_` + the target's name), chunk by chunk, each chunk in one transaction that also records
 * it as done in a small progress table: a slice killed in the middle repeats no row. Then one
 * RENAME TABLE moves every live object of the target's own (see below) aside (`sbold_`) and every
 * loaded one into its place, which MariaDB does atomically.
 *
 * Objects that name other objects are loaded against the loaded tables, so that they load into
 * any target (in place, another database, an empty one, another prefix) and fail before the
 * switch if they fail at all. A loaded view reads the loaded tables; a loaded table's foreign keys reference the
 * loaded tables, under staged names (ForeignKeyNames: constraint names are unique per database).
 * Each trigger is tried on its loaded table and dropped at once (it would fire while the site's
 * address is rewritten). In the same step as the RENAME, with foreign key checks off, the switch
 * then settles what RENAME TABLE does not carry: the views again on the restored tables' names,
 * the triggers (whose names the old tables still hold), and the foreign keys' own names. A crash in
 * between leaves the phase "renamed", which the next swap() or finish() settles.
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
 *
 * With a SnapshotScope only its tables are loaded and switched, each in the same one RENAME (a
 * live table of that name set aside, none other), with the backup's triggers on them; views are
 * left as the site has them (they read tables by name, so they read the restored ones). A table of
 * the scope the snapshot does not hold is left as it is. A scope linked by a foreign key with a
 * table outside it is refused before (ScopeCheck): the keys would point at tables never loaded, or
 * follow the old tables finish() drops.
 *
 * Asked to keep unchanged tables (same table prefix, the whole database, no address to rewrite),
 * prepare() leaves out of the load every live table that already holds exactly what the backup holds
 * of it (UnchangedTable: its schema and the fingerprint of every key range), in a backup without views,
 * triggers or foreign keys (which would name loaded tables). Such a table is neither loaded nor
 * swapped, yet the restore still ends with it as the backup has it: the site may write to it while
 * the rest loads, so the one RENAME also sets it aside (`sbkeep_`), where nothing writes to it, and
 * only after it has been compared again there does it come back under its name, or else go with the
 * old tables while the backup's copy is loaded in its place. The names kept are listed in a small
 * table (`sbrst_<prefix>kept`) that the same RENAME renames (`..aside`): which of the two exists says
 * whether the RENAME happened.
 */
final class DatabaseRestore
{
    public const TMP = 'sbtmp_';
    public const OLD = 'sbold_';
    public const KEEP = 'sbkeep_';
    private const PROGRESS = 'sbrst_';
    private const MAX_NAME = 64;
    /** Whole key ranges of one table loaded in one transaction, up to about this many bytes of SQL. */
    private const GROUP_BYTES = 4194304;
    /**
     * The most one INSERT sent to the server holds (less, when max_allowed_packet is smaller). Measured
     * on the bench's site: the server loads 512 KB statements faster than 4 MB ones, and while it runs
     * one, the next is read and parsed (Connection::send()).
     */
    private const MERGE_BYTES = 524288;
    private const INSERT_HEAD = '/\AINSERT INTO ' . Identifier::PATTERN . ' \((?:' . Identifier::PATTERN . ',)*+'
        . Identifier::PATTERN . '\) VALUES\n/';

    public const LOADING = 'loading';
    public const SWAPPING = 'swapping';
    public const SWAPPED = 'swapped';
    /** The tables are switched, their views, triggers and foreign key names not settled yet (phase() says SWAPPED). */
    private const RENAMED = 'renamed';
    /** The head of a view in the dump (StatementPolicy checks it in full). */
    private const VIEW_HEAD = '/\ACREATE OR REPLACE ALGORITHM=\w+ SQL SECURITY INVOKER VIEW ('
        . Identifier::PATTERN . ') AS /';

    private readonly SnapshotReader $reader;
    private readonly string $sourcePrefix;
    private ?TableOwnership $ownership = null;
    private ?BackupNames $names = null;
    /** @var array<string, true>|null */
    private ?array $restored = null;
    /** @var array<string, true>|null the target's names of the tables kept, read once */
    private ?array $kept = null;
    /** Rows of INSERTs into one table not sent yet, as one INSERT (mergeInsert()). */
    private string $pending = '';
    private string $pendingHead = '';
    private ?int $mergeBytes = null;

    /**
     * @param list<string> $foreignTables tables and prefixes of the target the administrator says are not the site's
     * @param SnapshotScope|null $scope only its tables (the backup's names); null: the whole database
     */
    public function __construct(
        BackupStore $store,
        private readonly Connection $db,
        private readonly string $snapshotId,
        private readonly string $targetPrefix,
        private readonly array $foreignTables = [],
        private readonly ?SnapshotScope $scope = null,
        private readonly DumpOptions $dumpOptions = new DumpOptions(),
        private readonly bool $keepUnchanged = false,
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
        $this->db->execute('DROP TABLE IF EXISTS ' . $progress . ', ' . $this->keptList(false) . ', ' . $this->keptList(true));
        $this->db->execute('CREATE TABLE ' . $progress . ' (id TINYINT PRIMARY KEY, chunks INT NOT NULL, phase VARCHAR(16) NOT NULL) ENGINE=InnoDB');
        $this->db->execute('INSERT INTO ' . $progress . " VALUES (1, 0, '" . self::LOADING . "')");
        $kept = $this->keepUnchanged ? $this->unchangedTables() : [];
        if ($kept !== []) {
            $list = $this->keptList(false);
            $this->db->execute('CREATE TABLE ' . $list . ' (name VARCHAR(64) COLLATE utf8mb4_bin PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4');
            $this->db->execute('INSERT INTO ' . $list . ' VALUES (' . implode('), (', array_map([$this->db, 'quote'], $kept)) . ')');
        }
        $this->kept = array_fill_keys($kept, true);
    }

    /**
     * The target's names of the live tables that already hold what the backup holds of them; none
     * when the backup has a view, a trigger or a foreign key (they would name the loaded tables).
     *
     * @return list<string>
     */
    private function unchangedTables(): array
    {
        if ($this->scope !== null || $this->sourcePrefix !== $this->targetPrefix) {
            return [];
        }
        /** @var array<string, list<SourceChunkRef>> $byTable */
        $byTable = [];
        foreach ($this->allChunks() as $chunk) {
            if ($this->isTableChunk($chunk)) {
                $byTable[$chunk->label][] = $chunk;
            }
            // The header has no view or trigger: any is in the tail. Foreign keys are in the schema chunks,
            // which have no memo key (nor have a keyset's or a split range's rows: a word in a value only
            // makes this stricter).
            $words = $this->isTableChunk($chunk) ? 'REFERENCES' : 'VIEW|TRIGGER|REFERENCES';
            if ($chunk->key === null && $this->mentions($chunk, $words)) {
                return [];
            }
        }
        $live = array_fill_keys($this->ownObjects('')[0], true);
        $aside = array_fill_keys($this->ownObjects(self::KEEP)[0], true);
        $hints = (array) ($this->reader->record($this->snapshotId)->sourceNotes(DatabaseSource::KEY)['hints'] ?? []);
        $compare = new UnchangedTable($this->db, $this->dumpOptions);
        $kept = [];
        foreach ($byTable as $name => $chunks) {
            $target = $this->targetName($name);
            $hint = $hints[$name] ?? null;
            if (
                isset($live[$target]) && !isset($aside[self::KEEP . $target]) && strlen(self::KEEP . $target) <= self::MAX_NAME
                && $compare->matches($target, $name, $chunks, is_array($hint) ? $hint : null)
            ) {
                $kept[] = $target;
            }
        }
        if ($kept !== [] && $this->hasForeignKeys()) {
            return [];
        }

        return $kept;
    }

    /** Whether any table of this database has a foreign key (the live tables' keys name each other by name). */
    private function hasForeignKeys(): bool
    {
        return $this->db->fetchValue(
            'SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()'
        ) !== '0';
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
        $policy = $this->policy();
        $leftAlone = [];
        $index = 0;
        $worked = false;
        $group = null; // the table whose chunks the open transaction loads
        $groupBytes = 0;
        /** @var array<string, int> $lastChunkOf each table's last chunk: it is loaded once that one is */
        $lastChunkOf = [];
        try {
            foreach ($this->chunks() as $chunk) {
                $index++;
                $total++;
                if ($this->isTableChunk($chunk)) {
                    $lastChunkOf[$chunk->label] = $index;
                }
                // The header sets the session (character set, checks off): replayed on every new connection.
                if ($index === $done + 1 && $this->isKept($chunk)) {
                    $done = $index; // the live table already holds it: counted as loaded, nothing run (in order only)
                } elseif ($index > $done && ($index === 1 || !$worked || microtime(true) < $deadline)) {
                    // Whole key ranges hold rows only: several of one table share a transaction. Any other
                    // chunk (a schema's DDL commits whatever is open) has one of its own, as before.
                    $joins = $group !== null && $chunk->key !== null && $chunk->label === $group
                        && $groupBytes + $chunk->size <= self::GROUP_BYTES;
                    if ($group !== null && !$joins) {
                        $this->commitLoaded($done);
                        $group = null;
                    }
                    if ($group === null) {
                        $this->db->execute('START TRANSACTION');
                        $groupBytes = 0;
                    }
                    $group = $chunk->label;
                    $this->loadChunk($chunk, $policy, $index, $leftAlone);
                    $groupBytes += $chunk->size;
                    $bytes += $chunk->size;
                    $done = $index;
                    $worked = true;
                    if ($chunk->key === null) {
                        $this->commitLoaded($done);
                        $group = null;
                    }
                } elseif ($index === 1) {
                    $this->runStatements($chunk, $policy, false, $leftAlone);
                }
            }
            if ($group !== null) {
                $this->commitLoaded($done);
            }
        } catch (RefusedStatement $refused) {
            $this->discard();
            throw $refused->nothingChanged();
        }
        if ($done >= $total) {
            $this->db->execute('UPDATE ' . $this->progressTable() . ' SET chunks = ' . $done . ' WHERE id = 1');
            $this->setPhase(self::SWAPPING);
        }

        $tablesDone = count(array_filter($lastChunkOf, static fn (int $last): bool => $last <= $done));

        return new LoadProgress($done, $total, $bytes, $done >= $total, array_keys($leftAlone), $tablesDone, count($lastChunkOf));
    }

    /** @return list<string> the site's live tables the switch sets aside: with a scope, those of its tables the backup holds */
    public function replacedTables(): array
    {
        [$tables] = $this->ownObjects('');
        if ($this->scope === null) {
            return $tables;
        }
        return array_values(array_filter($tables, fn (string $table): bool => isset($this->restoredTables()[$this->backupName($table)])));
    }

    /** @return list<string> the loaded base tables, under their temporary names (for rewriting) */
    public function loadedTables(): array
    {
        return $this->ownObjects(self::TMP)[0];
    }

    /**
     * One RENAME TABLE: every live table and view of the target's own aside, every loaded one into
     * its place; then, in the same step, the views, triggers and foreign key names settled on the
     * restored tables. Foreign key checks are off throughout: nothing is checked against a table
     * half moved. Repeating it after a crash does no harm: if nothing is left to move in, the
     * RENAME already happened.
     */
    public function swap(): void
    {
        $phase = $this->storedPhase();
        if ($phase === self::SWAPPED) {
            return;
        }
        if ($phase !== self::SWAPPING && $phase !== self::RENAMED) {
            throw new DatabaseException('The database of the backup is not loaded yet.');
        }
        $this->withoutForeignKeyChecks(function () use ($phase): void {
            if ($phase === self::SWAPPING) {
                $this->rename();
                $this->setPhase(self::RENAMED);
            }
            $this->settle();
        });
    }

    /** After the swap: drops the old tables and the progress table. */
    public function finish(): void
    {
        $phase = $this->storedPhase();
        if ($phase === self::RENAMED) {
            $this->withoutForeignKeyChecks(fn () => $this->settle());
        } elseif ($phase !== self::SWAPPED) {
            throw new DatabaseException('The restored tables are not in place yet.');
        }
        $this->dropObjects(self::OLD);
        $this->db->execute('DROP TABLE IF EXISTS ' . $this->progressTable() . ', ' . $this->keptList(true));
    }

    /** Drops what was loaded; refused once the swap has begun (the site then needs finish()). */
    public function discard(): void
    {
        if ($this->phase() === self::SWAPPED) {
            throw new DatabaseException('The restored tables are already in place.');
        }
        $this->dropObjects(self::TMP);
        $this->db->execute('DROP TABLE IF EXISTS ' . $this->progressTable() . ', ' . $this->keptList(false));
    }

    /**
     * Where the restore stands: loading, swapping, swapped (the restored tables are in place: what
     * is left is finish()), or '' when nothing was prepared.
     */
    public function phase(): string
    {
        $phase = $this->storedPhase();

        return $phase === self::RENAMED ? self::SWAPPED : $phase;
    }

    private function storedPhase(): string
    {
        if (!$this->progressExists()) {
            return '';
        }
        $phase = (string) $this->db->fetchValue('SELECT phase FROM ' . $this->progressTable() . ' WHERE id = 1');
        if ($phase === self::SWAPPING && !$this->tableExists(self::PROGRESS . $this->targetPrefix . 'kept') && $this->countLoaded() === 0) {
            // The RENAME happened (it is atomic) but the crash came before it was recorded.
            $this->setPhase(self::RENAMED);

            return self::RENAMED;
        }

        return $phase;
    }

    private function rename(): void
    {
        [$tables, $views] = $this->ownObjects(self::TMP);
        $incoming = array_merge($tables, $views);
        $kept = array_keys($this->kept());
        if ($incoming === [] && $kept === []) {
            return;
        }
        [$liveTables, $liveViews] = $this->ownObjects('');
        $outgoing = array_values(array_diff(array_merge($liveTables, $liveViews), $kept));
        if ($this->scope !== null) {
            // Only what comes back goes aside: the live tables of the names loaded.
            $loaded = array_map(fn (string $name): string => substr($name, strlen(self::TMP)), $incoming);
            $outgoing = array_values(array_intersect($liveTables, $loaded));
        }
        $pairs = [];
        foreach ($outgoing as $name) {
            $pairs[] = Identifier::quote($name) . ' TO ' . Identifier::quote(self::OLD . $name);
        }
        foreach ($incoming as $name) {
            $pairs[] = Identifier::quote($name) . ' TO ' . Identifier::quote(substr($name, strlen(self::TMP)));
        }
        if ($kept !== []) {
            // Set aside where nothing writes to them, to be compared again (bringBackKept()); the list
            // is renamed with them, so whether this RENAME happened is known after a crash.
            foreach ($kept as $name) {
                $pairs[] = Identifier::quote($name) . ' TO ' . Identifier::quote(self::KEEP . $name);
            }
            $pairs[] = $this->keptList(false) . ' TO ' . $this->keptList(true);
        }
        $this->db->execute('RENAME TABLE ' . implode(', ', $pairs));
    }

    /**
     * After the RENAME: each table set aside comes back under its name when it still holds what the
     * backup holds; one written to in the meantime goes with the old tables, and the backup's copy of
     * it is loaded and put in its place. Safe to repeat: a table back in place is not set aside any more.
     */
    private function bringBackKept(): void
    {
        if (!$this->tableExists(self::PROGRESS . $this->targetPrefix . 'aside')) {
            return;
        }
        $aside = array_fill_keys($this->ownObjects(self::KEEP)[0], true);
        $names = array_column($this->db->fetchAll('SELECT name FROM ' . $this->keptList(true)), 'name');
        $hints = (array) ($this->reader->record($this->snapshotId)->sourceNotes(DatabaseSource::KEY)['hints'] ?? []);
        $compare = new UnchangedTable($this->db, $this->dumpOptions);
        foreach ($names as $target) {
            $target = (string) $target;
            if (!isset($aside[self::KEEP . $target])) {
                continue;
            }
            $name = $this->backupName($target);
            $chunks = array_values(array_filter(iterator_to_array($this->chunks(), false), static fn (SourceChunkRef $c): bool => $c->label === $name));
            $hint = $hints[$name] ?? null;
            if ($compare->matches(self::KEEP . $target, $name, $chunks, is_array($hint) ? $hint : null)) {
                $this->db->execute('RENAME TABLE ' . Identifier::quote(self::KEEP . $target) . ' TO ' . Identifier::quote($target));
                continue;
            }
            $this->loadAfterAll($chunks);
            $this->db->execute(
                'RENAME TABLE ' . Identifier::quote(self::KEEP . $target) . ' TO ' . Identifier::quote(self::OLD . $target)
                . ', ' . Identifier::quote($this->loadName($name)) . ' TO ' . Identifier::quote($target)
            );
        }
    }

    /**
     * Loads one table's chunks beside the live tables after all (from its schema chunk, whose DROP
     * TABLE undoes any earlier attempt), under the script's session settings.
     *
     * @param list<SourceChunkRef> $chunks
     */
    private function loadAfterAll(array $chunks): void
    {
        $policy = $this->policy();
        $leftAlone = [];
        foreach ($this->chunks() as $header) {
            $this->runStatements($header, $policy, true, $leftAlone); // the session settings
            break;
        }
        foreach ($chunks as $chunk) {
            $this->db->execute('START TRANSACTION');
            $this->runStatements($chunk, $policy, false, $leftAlone);
            $this->flushInsert();
            $this->db->execute('COMMIT');
        }
    }

    /** @return array<string, true> the target's names of the tables kept, as prepare() listed them */
    private function kept(): array
    {
        if ($this->kept === null) {
            $list = self::PROGRESS . $this->targetPrefix . 'kept';
            $names = $this->tableExists($list) ? array_column($this->db->fetchAll('SELECT name FROM ' . Identifier::quote($list)), 'name') : [];
            $this->kept = array_fill_keys(array_map('strval', $names), true);
        }

        return $this->kept;
    }

    private function isKept(SourceChunkRef $chunk): bool
    {
        return $this->isTableChunk($chunk) && isset($this->kept()[$this->targetName($chunk->label)]);
    }

    /** The list of the tables kept: before the RENAME (`kept`) or after it (`aside`). */
    private function keptList(bool $aside): string
    {
        return Identifier::quote(self::PROGRESS . $this->targetPrefix . ($aside ? 'aside' : 'kept'));
    }

    private function tableExists(string $name): bool
    {
        return $this->db->fetchValue(
            'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ' . $this->db->quote($name)
        ) === '1';
    }

    /** Whether a chunk holds one of $words (alternatives of a regular expression) as a word, in any case. */
    private function mentions(SourceChunkRef $chunk, string $words): bool
    {
        $buffer = $this->read($chunk);
        try {
            $tail = '';
            while (!feof($buffer)) {
                $block = $tail . (string) fread($buffer, 65536);
                if (preg_match('/\b(?:' . $words . ')\b/i', $block) === 1) {
                    return true;
                }
                $tail = substr($block, -16); // a word cut between two blocks
            }

            return false;
        } finally {
            fclose($buffer);
        }
    }

    /**
     * After the RENAME: the views again, reading the restored tables under their own names (the
     * moved ones still read the loaded names), the triggers in place of the old ones, and the
     * foreign keys under their own names.
     */
    private function settle(): void
    {
        $this->bringBackKept();
        $this->dropTriggers();
        $policy = $this->policy();
        $leftAlone = [];
        foreach ($this->chunks() as $chunk) {
            // Views and triggers are in the tail; table chunks (labelled with their table) need no second read.
            if (!$this->isTableChunk($chunk)) {
                $this->runStatements($chunk, $policy, true, $leftAlone);
            }
        }
        (new ForeignKeyNames($this->db))->settle(
            fn (string $table): bool => $this->isOwn(self::OLD, $table),
            fn (string $table): bool => $this->isOwn('', $table),
        );
        $this->setPhase(self::SWAPPED);
    }

    /** Drops the triggers of the site's own tables, old and restored: the backup's take their names. */
    private function dropTriggers(): void
    {
        $rows = $this->db->fetchAll(
            'SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'
        );
        foreach ($rows as $row) {
            $table = (string) $row['EVENT_OBJECT_TABLE'];
            $live = str_starts_with($table, self::OLD) ? substr($table, strlen(self::OLD)) : $table;
            if ($this->scope !== null && !isset($this->restoredTables()[$this->backupName($live)])) {
                continue; // a table the restore leaves as it is keeps its triggers
            }
            if ($this->isOwn(self::OLD, $table) || $this->isOwn('', $table)) {
                $this->db->execute('DROP TRIGGER IF EXISTS ' . Identifier::quote((string) $row['TRIGGER_NAME']));
            }
        }
    }

    /** @return \Generator<int, SourceChunkRef> the chunks the restore runs: with a scope, only its tables' and the rest of the script */
    private function chunks(): \Generator
    {
        foreach ($this->allChunks() as $chunk) {
            if ($this->scope === null || !$this->isTableChunk($chunk) || $this->scope->hasTable($chunk->label)) {
                yield $chunk;
            }
        }
    }

    /** @return \Generator<int, SourceChunkRef> */
    private function allChunks(): \Generator
    {
        return $this->reader->sourceChunks($this->snapshotId, DatabaseSource::KEY);
    }

    /** @return array<string, true> the backup's tables of the scope that it holds (by the backup's name) */
    private function restoredTables(): array
    {
        if ($this->restored === null) {
            $this->restored = [];
            foreach ($this->chunks() as $chunk) {
                if ($this->isTableChunk($chunk)) {
                    $this->restored[$chunk->label] = true;
                }
            }
        }
        return $this->restored;
    }

    /** Whether a statement of the script is left out by the scope: views, and triggers of tables not restored. */
    private function outOfScope(LoadStatement $allowed): bool
    {
        if ($this->scope === null) {
            return false;
        }
        return $allowed->kind === StatementKind::CreateView
            || ($allowed->kind === StatementKind::CreateTrigger && !$this->scope->hasTable($allowed->table));
    }

    /**
     * Runs one chunk in the open transaction; on failure rolls it back (with the chunks loaded in it).
     * @param array<string, true> $leftAlone
     */
    private function loadChunk(SourceChunkRef $chunk, StatementPolicy $policy, int $index, array &$leftAlone): void
    {
        try {
            $this->runStatements($chunk, $policy, false, $leftAlone);
        } catch (RefusedStatement $refused) {
            $this->rollBack();
            throw $refused;
        } catch (\Throwable $e) {
            $this->rollBack();
            throw new DatabaseException(sprintf('Loading part %d (%s) of the database failed: %s', $index, $chunk->label, $e->getMessage()), 0, $e);
        }
    }

    /** Commits the open transaction with the chunks loaded in it, recorded as done up to $done. */
    private function commitLoaded(int $done): void
    {
        try {
            $this->flushInsert();
            $this->db->execute('UPDATE ' . $this->progressTable() . ' SET chunks = ' . $done . ' WHERE id = 1');
            $this->db->execute('COMMIT');
        } catch (\Throwable $e) {
            $this->rollBack();
            throw new DatabaseException(sprintf('Loading the database failed at part %d: %s', $done, $e->getMessage()), 0, $e);
        }
    }

    private function rollBack(): void
    {
        $this->pending = '';
        $this->pendingHead = '';
        // No other work on the way out of a failure: its own failure would hide this one.
        $this->db->whileWaiting(null);
        try {
            $this->db->settle();
        } catch (DatabaseException) {
            // Rows sent before the failure: they go with the transaction.
        }
        $this->db->execute('ROLLBACK');
    }

    /**
     * Sends the rows of consecutive INSERTs into one table as one INSERT, up to MERGE_BYTES (and well
     * under max_allowed_packet): fewer round trips, and the server parses one statement instead of many.
     */
    private function mergeInsert(string $staged): void
    {
        if (preg_match(self::INSERT_HEAD, $staged, $m) !== 1) {
            $this->flushInsert();
            $this->db->execute($staged);
            return;
        }
        $head = $m[0];
        $this->mergeBytes ??= max(65536, min(self::MERGE_BYTES, (int) $this->db->fetchValue('SELECT @@max_allowed_packet') - 65536));
        if ($this->pending !== '' && ($head !== $this->pendingHead || strlen($this->pending) + strlen($staged) - strlen($head) + 2 > $this->mergeBytes)) {
            $this->flushInsert();
        }
        if ($this->pending === '') {
            $this->pending = $staged;
            $this->pendingHead = $head;
            return;
        }
        $this->pending .= ",\n" . substr($staged, strlen($head));
    }

    private function flushInsert(): void
    {
        if ($this->pending === '') {
            return;
        }
        $sql = $this->pending;
        $this->pending = '';
        $this->pendingHead = '';
        // The server inserts these rows while the next ones are read and parsed: its answer is read
        // (and its error thrown) by the next statement on the connection, at the latest the COMMIT.
        $this->db->send($sql);
    }

    /**
     * Runs a chunk's statements. Before the swap: tables, rows and views on the loaded tables, each
     * trigger tried (tryTrigger()). After it: only the views and triggers on the restored tables
     * (and the session settings around them). Every statement is checked first, also those that
     * wait for the swap: a refusal comes before it. What the backup holds of another install's
     * tables is left alone.
     *
     * @param array<string, true> $leftAlone receives the target's names left alone
     */
    private function runStatements(
        SourceChunkRef $chunk,
        StatementPolicy $policy,
        bool $afterSwap,
        array &$leftAlone,
    ): void {
        $buffer = $this->read($chunk);
        try {
            $foreign = fn (string $table): bool => !$this->ownership()->owns($this->targetName($table));
            foreach ((new SqlStatementReader($buffer))->statements() as $statement) {
                $allowed = $policy->check($statement, $foreign);
                if ($allowed->leftAlone) {
                    $leftAlone[$this->targetName($allowed->table)] = true;
                    continue;
                }
                $kind = $allowed->kind;
                if ($this->outOfScope($allowed)) {
                    continue;
                }
                if (!$afterSwap && $kind === StatementKind::Insert) {
                    $this->mergeInsert($this->staged($statement, $allowed));
                    continue;
                }
                $this->flushInsert();
                if ($kind === StatementKind::Session) {
                    $this->db->execute($statement);
                } elseif ($afterSwap) {
                    if ($kind === StatementKind::CreateView || $kind === StatementKind::CreateTrigger) {
                        $this->db->execute($this->moved($statement, $allowed, false));
                    }
                } else {
                    if ($kind === StatementKind::CreateTrigger) {
                        $this->tryTrigger($statement, $allowed);
                    } else {
                        $this->db->execute($this->staged($statement, $allowed));
                    }
                    // DDL committed the transaction: open the next one for the rest of the chunk.
                    $this->db->execute('START TRANSACTION');
                }
            }
        } finally {
            fclose($buffer);
        }
    }

    /** @return resource the chunk's SQL, from its start */
    private function read(SourceChunkRef $chunk)
    {
        $buffer = fopen('php://temp/maxmemory:4194304', 'w+b');
        if ($buffer === false) {
            throw new DatabaseException('Could not open a buffer for the database restore.');
        }
        try {
            $this->reader->streamObjects([$chunk->hash], $buffer);
        } catch (\Throwable $e) {
            fclose($buffer);
            throw $e;
        }
        rewind($buffer);

        return $buffer;
    }

    /**
     * The statement on the loaded name of its table, which it must name first; a view reads the
     * loaded tables and views, a table's foreign keys reference the loaded tables under staged names.
     */
    private function staged(string $statement, LoadStatement $allowed): string
    {
        if ($allowed->body !== null && $allowed->kind === StatementKind::CreateView) {
            $statement = $this->names()->bodies(true)->applyToBody($statement, $allowed->body, $allowed->bodyAt);
        } elseif ($allowed->body !== null && $allowed->kind === StatementKind::CreateTable) {
            $keys = new ForeignKeyNames($this->db);
            $statement = $this->names()->bodies(true)->applyToForeignKeys(
                $statement,
                $allowed->body,
                $allowed->bodyAt,
                fn (string $name): string => $keys->staged(
                    $this->names()->constraint($name),
                    fn (string $table): bool => $this->isOwn('', $table)
                ),
            );
        }
        $renamed = $this->heads(true)->apply($statement);
        $expected = Identifier::quote($this->loadName($allowed->name));
        $at = strpos(substr($renamed, 0, 128 + strlen($expected)), ' ' . $expected . ' ');
        if ($at === false && !str_ends_with($renamed, ' ' . $expected)) {
            throw new DatabaseException(
                sprintf('A statement of the backup for `%s` could not be moved beside the live table.', $allowed->name)
            );
        }

        return $renamed;
    }

    /** A view or trigger on the target's names of the backup's objects, in its head and its body. */
    private function moved(string $statement, LoadStatement $allowed, bool $staged): string
    {
        if ($allowed->body !== null) {
            $statement = $this->names()->bodies($staged)->applyToBody($statement, $allowed->body, $allowed->bodyAt);
        }

        return $this->heads($staged)->apply($statement);
    }

    /**
     * Before the switch, a trigger's name must be free (or held by one of the site's live tables,
     * whose triggers go with them) and the server must take it: it is created on its loaded table
     * under a passing name and dropped at once.
     */
    private function tryTrigger(string $statement, LoadStatement $allowed): void
    {
        $name = $this->heads(false)->map($allowed->name);
        $holders = $this->db->fetchAll(
            'SELECT EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'
            . ' AND TRIGGER_NAME = ' . $this->db->quote($name)
        );
        foreach ($holders as $row) {
            if (!$this->isOwn('', (string) $row['EVENT_OBJECT_TABLE'])) {
                throw new DatabaseException(sprintf(
                    'The trigger `%s` of the backup has the name of a trigger on `%s`, which is not the site\'s.',
                    $name,
                    (string) $row['EVENT_OBJECT_TABLE'],
                ));
            }
        }
        $staged = $this->moved($statement, $allowed, true);
        $head = 'CREATE TRIGGER ' . Identifier::quote($this->heads(true)->map($allowed->name));
        $passing = Identifier::quote(self::TMP . substr(hash('sha256', $this->targetPrefix . ' ' . $name), 0, 24));
        $this->db->execute('DROP TRIGGER IF EXISTS ' . $passing);
        $this->db->execute('CREATE TRIGGER ' . $passing . substr($staged, strlen($head)));
        $this->db->execute('DROP TRIGGER ' . $passing);
    }

    /** Names at the head of a statement: every name of the backup's prefix, loaded beside the live ones or not. */
    private function heads(bool $staged): TableNameMap
    {
        return TableNameMap::retarget($this->sourcePrefix, ($staged ? self::TMP : '') . $this->targetPrefix);
    }

    /**
     * The backup's own tables (its table chunks) and views (in the tail) that the target takes,
     * read once: which names move inside bodies and foreign keys.
     */
    private function names(): BackupNames
    {
        if ($this->names !== null) {
            return $this->names;
        }
        $objects = [];
        foreach ($this->allChunks() as $chunk) {
            if ($this->isTableChunk($chunk)) {
                $objects[] = $chunk->label;
                continue;
            }
            $buffer = $this->read($chunk);
            try {
                foreach ((new SqlStatementReader($buffer))->statements() as $statement) {
                    if (preg_match(self::VIEW_HEAD, $statement, $m) === 1) {
                        $objects[] = Identifier::unquote($m[1]);
                    }
                }
            } finally {
                fclose($buffer);
            }
        }
        $own = array_filter(
            array_unique($objects),
            fn (string $name): bool => str_starts_with($name, $this->sourcePrefix)
                && $this->ownership()->owns($this->targetName($name))
        );

        return $this->names = new BackupNames($this->sourcePrefix, $this->targetPrefix, array_values($own));
    }

    private function isTableChunk(SourceChunkRef $chunk): bool
    {
        return str_starts_with($chunk->label, $this->sourcePrefix);
    }

    /** @param \Closure(): void $work */
    private function withoutForeignKeyChecks(\Closure $work): void
    {
        $checks = (int) $this->db->fetchValue('SELECT @@SESSION.FOREIGN_KEY_CHECKS');
        $this->db->execute('SET SESSION FOREIGN_KEY_CHECKS = 0');
        try {
            $work();
        } finally {
            $this->db->execute('SET SESSION FOREIGN_KEY_CHECKS = ' . $checks);
        }
    }

    private function policy(): StatementPolicy
    {
        [$databases, $outside] = StatementPolicy::surroundings(
            $this->db,
            fn (string $name): bool => $this->ownership()->owns($name)
        );

        return new StatementPolicy($this->sourcePrefix, $databases, $outside, $this->names()->bodies(false));
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
            $this->withoutForeignKeyChecks(fn () => $this->db->execute(
                'DROP TABLE IF EXISTS ' . implode(', ', array_map([Identifier::class, 'quote'], $tables))
            ));
        }
    }

    /** The target's name for a name of the backup. */
    private function targetName(string $name): string
    {
        return $this->targetPrefix . substr($name, strlen($this->sourcePrefix));
    }

    /** The backup's name for a name of the target. */
    private function backupName(string $name): string
    {
        return $this->sourcePrefix . substr($name, strlen($this->targetPrefix));
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
