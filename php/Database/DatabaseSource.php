<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

use SiteBackups\Engine\Backup\HoldsReadView;
use SiteBackups\Engine\Backup\ReadsOwnChunks;
use SiteBackups\Engine\Backup\ReusesObjects;
use SiteBackups\Engine\Backup\SnapshotSource;
use SiteBackups\Engine\Backup\SourceChunk;
use SiteBackups\Engine\Store\ContentHash;

/**
 * The database of one site (one table prefix) as a snapshot source. The chunks, concatenated, are
 * one SQL script that Restore\DatabaseRestore and the `mariadb` client both import:
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
 * gets a DROP TABLE IF EXISTS, so the script never leaves half a table behind. "rows" (table => the
 * exact rows its copy holds, with the last chunk: counted as written, a reused range by its fingerprint,
 * a table reused whole by the previous snapshot's note, else null).
 *
 * One moment in time: every chunk is read under a ConsistentSnapshot of the connection, kept from
 * chunk to chunk while the same Connection lives (one long run: one view for the whole copy). When
 * the tables were read under more than one view (a backup in many requests), catch-up passes follow:
 * under one view, every table not proved unchanged since it was read (TableActivity against the
 * WriteHorizon read before the view it was first read under, else its MemoChain against the server's
 * fingerprints now) is dumped again; a pass the view changed under is
 * begun again, at most MAX_PASSES times (once only when a pass that began with a request to itself
 * did not fit: the last pass then finishes in one long step). Chunks of a catch-up carry its pass number, and the runner
 * keeps only each table's last copy. The notes say what the copy stands for: "moment" (server
 * UNIX_TIMESTAMP()), "consistent", and "window" [from, to] when it is not one moment (no pass fitted
 * in one view, or a non-transactional table written meanwhile).
 */
final class DatabaseSource implements SnapshotSource, ReusesObjects, HoldsReadView, ReadsOwnChunks
{
    public const KEY = 'database';
    private const VERSION = 1;
    private const STEP_HEADER = 'header';
    private const STEP_TABLE = 'table';
    private const STEP_TAIL = 'tail';
    private const STEP_CATCH_UP = 'catch-up';
    /** Catch-up passes begun before the last one is finished whatever happens. */
    private const MAX_PASSES = 8;

    private readonly TableDumper $tables;
    /** @var (\Closure(string): bool)|null */
    private ?\Closure $objectExists = null;
    private ?ChunkReuse $lastReuse = null;
    /** @var (\Closure(): array<string, array{0: string, 1: int}>)|null */
    private ?\Closure $ownChunks = null;
    private readonly ConsistentSnapshot $view;

    /**
     * @param list<string> $foreignTables tables and prefixes the administrator says are not the site's
     * @param list<string>|null $onlyTables a backup of part of the site: only these tables (with their
     *                                      triggers, no view); null: every table of the site's own
     */
    public function __construct(
        private readonly Connection $db,
        private readonly string $tablePrefix,
        private readonly DumpOptions $options = new DumpOptions(),
        private readonly array $foreignTables = [],
        private readonly ?WriteJournal $journal = null,
        private readonly ?array $onlyTables = null,
    ) {
        if ($tablePrefix === '') {
            throw new \InvalidArgumentException('The table prefix must not be empty.');
        }
        $this->tables = new TableDumper($db, $this->options);
        $this->view = ConsistentSnapshot::on($db);
    }

    public function release(): void
    {
        $this->view->release();
    }

    public function key(): string
    {
        return self::KEY;
    }

    public function useObjects(\Closure $exists): void
    {
        $this->objectExists = $exists;
    }

    public function useOwnChunks(\Closure $listed): void
    {
        $this->ownChunks = $listed;
    }

    /**
     * @param array<string, mixed> $parentNotes
     * @return array<string, mixed>
     */
    public function start(array $parentNotes): array
    {
        $ownership = TableOwnership::detect($this->db, $this->tablePrefix, $this->foreignTables);
        $inventory = $this->scoped((new InventoryReader($this->db))->read($this->tablePrefix, $ownership));
        $parentHints = [];
        $parentObjects = [];
        $parentRows = [];
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
            $rows = $parentNotes['rows'][$table] ?? null;
            if (is_int($rows) && $rows >= 0) {
                $parentRows[$table] = $rows;
            }
        }
        // Taken before anything is read: the next backup compares with these.
        $horizon = WriteHorizon::read($this->db);
        $mark = $this->journal?->mark();
        $parentProof = UnchangedProof::parentRecord($parentNotes['proof'] ?? null, $this->format());

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
            'parent_rows' => $parentRows,
            'hints' => [],
            'skipped' => [],
            'left_out' => $inventory->leftOut,
            'pass' => 0,
            'view' => null,
            'moment' => null,
            'first' => null,
            'first_view' => null,
            'first_horizon' => null,
            'broken' => false,
            'fresh' => false,
            'copies' => [],
            'queue' => [],
            'redo' => null,
            'settled' => null,
            'horizon' => $horizon->toArray(),
            'mark' => $mark,
            'parent_proof' => $parentProof,
            'parent_lists' => $parentProof === null ? [] : self::parentLists($parentNotes, $parentHints, $parentProof),
            'proof' => null,
            'reusing' => null,
        ];
    }

    /** The inventory of a backup of part of the site: its tables and their triggers; views read other tables, so none. */
    private function scoped(Inventory $inventory): Inventory
    {
        if ($this->onlyTables === null) {
            return $inventory;
        }
        $wanted = array_fill_keys($this->onlyTables, true);
        return new Inventory(
            array_values(array_filter($inventory->tables, static fn (string $table): bool => isset($wanted[$table]))),
            [],
            array_values(array_filter($inventory->triggers, static fn (TriggerRef $trigger): bool => isset($wanted[$trigger->table]))),
            $inventory->leftOut,
        );
    }

    /**
     * The previous snapshot's chunks of each table it can prove unchanged: all of its chunks, in order
     * (its schema chunk first), as the runner lists them under the note "chunk_lists".
     *
     * @param array<string, mixed> $parentNotes
     * @param array<string, mixed> $parentHints
     * @param array<string, mixed> $parentProof
     * @return array<string, list<array{0: string, 1: int, 2: string|null}>>
     */
    private static function parentLists(array $parentNotes, array $parentHints, array $parentProof): array
    {
        $lists = [];
        foreach ((array) ($parentNotes['chunk_lists'] ?? []) as $table => $chunks) {
            $table = (string) $table;
            if (!isset($parentHints[$table], $parentProof['tables'][$table]) || isset($parentNotes['skipped'][$table]) || !is_array($chunks)) {
                continue;
            }
            $list = [];
            foreach ($chunks as $chunk) {
                if (!is_array($chunk) || !ContentHash::isValid($chunk[0] ?? null) || !is_int($chunk[1] ?? null) || $chunk[1] < 0) {
                    continue 2;
                }
                $key = $chunk[2] ?? null;
                $list[] = [(string) $chunk[0], $chunk[1], is_string($key) ? $key : null];
            }
            if ($list !== []) {
                $lists[$table] = $list;
            }
        }

        return $lists;
    }

    /** What the bytes of a table's chunks depend on besides its rows: a previous copy is reused only under the same. */
    private function format(): string
    {
        $identity = [
            self::VERSION,
            RangeFingerprint::FORMAT,
            $this->options->maxStatementBytes,
            $this->options->targetChunkBytes,
            $this->options->maxChunkBytes,
            $this->options->pageRows,
        ];

        return substr(hash('sha256', json_encode($identity, JSON_THROW_ON_ERROR)), 0, 16);
    }

    /**
     * @param array<string, mixed> $cursor
     * @param resource $out
     */
    public function writeNextChunk(array $cursor, $out): SourceChunk
    {
        $state = $this->check($cursor);
        $this->lastReuse = null;
        $view = null;
        if ($state['step'] !== self::STEP_HEADER) {
            $view = $this->view->hold();
            $this->follow($state, $view);
            if ($state['proof'] === null) {
                $this->decide($state);
            }
        }
        $label = match ($state['step']) {
            self::STEP_HEADER => $this->writeHeader($state, $out),
            self::STEP_TABLE => $this->writeMainTableChunk($state, $out, (array) $view),
            self::STEP_CATCH_UP => $this->writeCatchUp($state, $out, (array) $view),
            default => $this->writeTail($state, $out, (array) $view),
        };
        // The pass the chunk was written in (the tail may have begun one).
        $pass = $state['pass'];
        if ($state['step'] === 'done') {
            $this->view->release();
        }
        $reuse = $this->takeReuse();
        $tableCount = count($state['tables']);
        $unitsDone = match ($state['step']) {
            self::STEP_TABLE => 1 + $state['index'],
            self::STEP_HEADER => 0,
            self::STEP_CATCH_UP => $tableCount + 1,
            default => $tableCount + 2,
        };
        $notes = ['hints' => $state['hints'], 'skipped' => $state['skipped'], 'left_out' => $state['left_out']];
        if ($state['proof'] !== null && $state['proof'] !== []) {
            $notes['proof'] = $state['proof'];
        }
        if (is_array($state['settled'])) {
            $notes += $state['settled'];
        }
        if ($state['step'] === 'done') {
            $notes['rows'] = self::rowCounts($state);
        }

        return new SourceChunk(
            $label,
            $state['step'] === 'done' ? null : $state,
            $notes,
            $tableCount + 2,
            $unitsDone,
            $reuse?->memo,
            $reuse?->reused[0] ?? null,
            $reuse?->reused[1] ?? 0,
            $pass,
            // The last pass: better one long step than a copy that spans a window.
            $state['step'] === self::STEP_CATCH_UP && $state['pass'] >= self::MAX_PASSES && !$state['broken'],
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
     * Where the view stands: the first chunk read fixes the pass's view. A view that changed (a new
     * request, or one the connection lost) breaks the pass: fingerprints fetched ahead under the old
     * view are dropped, and a catch-up pass is begun again under the new view while passes remain.
     *
     * @param array<string, mixed> $state
     * @param array{0: string, 1: float, 2: int} $view
     */
    private function follow(array &$state, array $view): void
    {
        if ($state['view'] === null) {
            $state['view'] = $view[0];
            $state['moment'] = $view[1];
            $state['first'] = $view[1];
            $state['first_view'] = $view[0];
            $state['first_horizon'] = $view[2];

            return;
        }
        if ($state['view'] === $view[0]) {
            return;
        }
        if (is_array($state['table'])) {
            $state['table']['fingerprints'] = null;
        }
        if ($state['step'] === self::STEP_CATCH_UP && $state['pass'] < self::MAX_PASSES) {
            if (is_string($state['redo'])) {
                $state['copies'][$state['redo']]['complete'] = false;
            }
            // A pass that had a whole request to itself and still did not fit will not fit the next
            // request either: straight to the last pass, which finishes in one long step.
            $hopeless = $state['fresh'];
            $this->beginPass($state, $view, true);
            if ($hopeless) {
                $state['pass'] = self::MAX_PASSES;
            }

            return;
        }
        $state['broken'] = true;
    }

    /**
     * @param array<string, mixed> $state
     * @param array{0: string, 1: float, 2: int} $view
     */
    private function beginPass(array &$state, array $view, bool $fresh): void
    {
        $state['pass']++;
        $state['fresh'] = $fresh;
        $state['step'] = self::STEP_CATCH_UP;
        $state['view'] = $view[0];
        $state['moment'] = $view[1];
        $state['broken'] = false;
        $state['queue'] = array_values(array_filter(
            $state['tables'],
            static fn ($table): bool => !isset($state['skipped'][$table])
        ));
        $state['redo'] = null;
        $state['table'] = null;
        $state['started'] = false;
        $state['restarts'] = 0;
    }

    /**
     * @param array<string, mixed> $state
     * @param array{0: string, 1: float, 2: int}|array{} $view
     * @param resource $out
     */
    private function writeMainTableChunk(array &$state, $out, array $view): string
    {
        $table = (string) $state['tables'][$state['index']];
        if (isset($state['parent_lists'][$table]) && $this->proved($state, $table)) {
            if ($this->writeReusedChunk($state, $table, $out, $view)) {
                $this->nextTable($state);
            }

            return $table;
        }
        $this->writeTableChunk($state, $table, $out, $view);
        if ($state['table'] === null) {
            $this->nextTable($state);
        }

        return $table;
    }

    /**
     * Which tables are proved unchanged since the previous snapshot (UnchangedProof), decided once, under
     * the first read view: every fact is read after the view began, so a table proved unchanged is, at the
     * view's moment, what the previous snapshot holds.
     *
     * @param array<string, mixed> $state
     */
    private function decide(array &$state): void
    {
        $horizon = WriteHorizon::fromArray($state['horizon']);
        if ($horizon === null) {
            // A backup begun before tables were proved unchanged: it reads them all and records nothing.
            $state['proof'] = [];

            return;
        }
        $parent = is_array($state['parent_proof']) ? $state['parent_proof'] : null;
        $facts = TableFacts::read($this->db);
        $written = null;
        $parentMark = $parent['journal'] ?? null;
        if ($parent !== null && is_array($parentMark)) {
            $written = $this->journalWrites($parentMark, $state['tables']);
        }
        $proof = new UnchangedProof($parent, (array) $state['parent_lists'], $facts, $written);
        $how = $proof->decide(
            $state['tables'],
            fn (string $table): string => hash('sha256', $this->tables->schemaText($table)),
            $this->objectExists,
        );
        foreach ($proof->scrub($state['tables'], $how) as $table) {
            $how[$table] = UnchangedProof::SCRUB;
        }
        $state['proof'] = $proof->record($state['tables'], $how, $proof->round(), $this->format(), $horizon, $state['mark']);
        foreach (array_keys($state['parent_lists']) as $table) {
            if (!$this->proved($state, (string) $table)) {
                unset($state['parent_lists'][$table]);
            }
        }
        $state['parent_proof'] = null; // decided: no need to carry it from request to request
    }

    /**
     * The tables the journal says may have been written since $mark, widened to what those writes reach;
     * null when it cannot vouch for that time (or no journal is kept, or the database has stored code).
     *
     * @param array<string, mixed> $mark
     * @param list<string> $tables
     * @return array<string, true>|null
     */
    private function journalWrites(array $mark, array $tables): ?array
    {
        $reading = $this->journal?->writtenSince($mark);
        $reach = $reading === null ? null : WriteReach::read($this->db, $tables);

        return $reading === null || $reach === null ? null : $reach->written($reading, $tables);
    }

    /** @param array<string, mixed> $state */
    private function proved(array $state, string $table): bool
    {
        $how = $state['proof']['tables'][$table]['how'] ?? null;

        return $how === UnchangedProof::TIME || $how === UnchangedProof::JOURNAL;
    }

    /**
     * The next chunk of a table proved unchanged: the previous snapshot's, in its order, nothing read.
     * When one has gone from the store since, the table is read after all, from its schema chunk (whose
     * DROP TABLE undoes what was reused of it).
     *
     * @param array<string, mixed> $state
     * @param resource $out
     * @param array{0: string, 1: float, 2: int}|array{} $view
     * @return bool whether the table is done
     */
    private function writeReusedChunk(array &$state, string $table, $out, array $view): bool
    {
        $list = $state['parent_lists'][$table];
        $at = (int) ($state['reusing'] ?? 0);
        [$hash, $size, $key] = $list[$at];
        if ($this->objectExists === null || !($this->objectExists)($hash)) {
            $state['proof']['layers'][$state['proof']['tables'][$table]['how']]--;
            $state['proof']['layers'][UnchangedProof::READ]++;
            $state['proof']['tables'][$table]['how'] = 'read:objects';
            $state['proof']['tables'][$table]['v'] = $state['proof']['round'];
            unset($state['parent_lists'][$table]);
            $state['reusing'] = null;
            $state['table'] = null;
            $this->writeTableChunk($state, $table, $out, $view);

            return $state['table'] === null;
        }
        if ($at === 0) {
            $state['hints'][$table] = $state['parent_hints'][$table];
            // It stands for the table when the proof was decided, under the first view, whatever view reuses it.
            $state['copies'][$table] = [
                'view' => $state['first_view'],
                'from' => $state['first'] ?? 0.0,
                'horizon' => $state['first_horizon'],
                // Proved unchanged: as many rows as the previous snapshot counted, when it did.
                'rows' => $state['parent_rows'][$table] ?? null,
                'chain' => MemoChain::START,
                'complete' => false,
            ];
        }
        $copy = (array) $state['copies'][$table];
        if (($copy['view'] ?? null) !== ($view[0] ?? null)) {
            $copy['view'] = null;
        }
        if ($at > 0) {
            // The first chunk is the schema's; the others are its ranges, with their memo keys when whole.
            $copy['chain'] = MemoChain::add($copy['chain'] ?? null, $key);
        }
        $reuse = new ChunkReuse();
        $reuse->memo = $key;
        $reuse->reused = [$hash, $size];
        $this->lastReuse = $reuse;
        $state['started'] = true;
        $done = $at + 1 >= count($list);
        $copy['complete'] = $done;
        $state['copies'][$table] = $copy;
        $state['reusing'] = $done ? null : $at + 1;
        if ($done) {
            unset($state['parent_lists'][$table]);
        }

        return $done;
    }

    /**
     * A catch-up pass: the next table that may have changed since it was read is dumped again under
     * this pass's view; when none is left, the copy is settled and the tail written.
     *
     * @param array<string, mixed> $state
     * @param array{0: string, 1: float, 2: int}|array{} $view
     * @param resource $out
     */
    private function writeCatchUp(array &$state, $out, array $view): string
    {
        $activity = null;
        $since = null;
        while (!is_string($state['redo'])) {
            $table = array_shift($state['queue']);
            if ($table === null) {
                $state['step'] = self::STEP_TAIL;

                return $this->writeTail($state, $out, $view);
            }
            $activity ??= TableActivity::read($this->db);
            $since ??= $this->sinceStart($state);
            if ($this->mayHaveChanged($state, (string) $table, (string) $state['view'], $activity, $since)) {
                $state['redo'] = (string) $table;
                $state['table'] = null;
                // Always undo the earlier copy, even when the table is gone now.
                $state['started'] = true;
                $state['restarts'] = 0;
            }
        }
        $table = $state['redo'];
        $this->writeTableChunk($state, $table, $out, $view);
        if ($state['table'] === null) {
            $state['redo'] = null;
        }

        return $table;
    }

    /**
     * @param array<string, mixed> $state
     * @param array<string, bool> $since sinceStart()
     */
    private function mayHaveChanged(array $state, string $table, string $view, TableActivity $activity, array $since): bool
    {
        $copy = $state['copies'][$table] ?? null;
        if (!is_array($copy) || ($copy['complete'] ?? false) !== true) {
            return true;
        }
        $horizon = $copy['horizon'] ?? null;
        $unwritten = is_int($horizon) && $activity->unchangedSince($table, $horizon);
        if (($copy['view'] ?? null) === $view || ($since[$table] ?? false) || $unwritten) {
            return false;
        }
        if (!is_string($copy['chain'] ?? null)) {
            return true;
        }
        $hint = $state['hints'][$table] ?? null;
        try {
            return $this->tables->memoChain($table, is_array($hint) ? $hint : null) !== $copy['chain'];
        } catch (TableNotFoundException) {
            return true;
        }
    }

    /**
     * The tables proved to have had no write committed since this backup started (so since any copy of
     * them it read): their facts as when it decided, and UPDATE_TIME before its own horizon, or else the
     * journal since its own mark naming none.
     *
     * @param array<string, mixed> $state
     * @return array<string, bool>
     */
    private function sinceStart(array $state): array
    {
        $horizon = WriteHorizon::fromArray($state['horizon']);
        $recorded = $state['proof']['tables'] ?? null;
        if ($horizon === null || !is_array($recorded)) {
            return [];
        }
        $facts = TableFacts::read($this->db);
        $written = false;
        $unchanged = [];
        foreach ($state['tables'] as $table) {
            $now = $facts->facts($table);
            if ($now === null || TableFacts::difference($now, $recorded[$table]['f'] ?? null) !== null) {
                continue;
            }
            $updated = $facts->updated($table);
            if ($horizon->before($updated)) {
                $unchanged[$table] = true;
            } elseif ($updated === null) {
                if ($written === false) {
                    $written = is_array($state['mark']) ? $this->journalWrites($state['mark'], $state['tables']) : null;
                }
                $unchanged[$table] = is_array($written) && !isset($written[$table]);
            }
        }

        return $unchanged;
    }

    /**
     * The rows of each table copied, as the copy holds them (the note "rows"): counted as they were written,
     * a reused range's from its fingerprint, a table reused whole from the previous snapshot's note; null
     * when a part could not be counted (a table reused whole from a snapshot without the note).
     *
     * @param array<string, mixed> $state
     * @return array<string, int|null>
     */
    private static function rowCounts(array $state): array
    {
        $rows = [];
        foreach ($state['tables'] as $table) {
            $copy = $state['copies'][$table] ?? null;
            if (!isset($state['skipped'][$table]) && is_array($copy)) {
                $rows[(string) $table] = is_int($copy['rows'] ?? null) ? $copy['rows'] : null;
            }
        }

        return $rows;
    }

    /**
     * What the copy stands for, once the last pass is over: one moment when that pass read under one
     * view and no non-transactional table was written since, else the window it spans.
     *
     * @param array<string, mixed> $state
     */
    private function settle(array &$state): void
    {
        $moment = (float) $state['moment'];
        $exact = !$state['broken'];
        $activity = TableActivity::read($this->db);
        foreach ($state['tables'] as $table) {
            if (!isset($state['skipped'][$table]) && !$activity->isTransactional((string) $table)) {
                // Read as it was at each query of the pass, which all came after the view's moment.
                $exact = $exact && $activity->writtenBefore((string) $table, $moment);
            }
        }
        $state['settled'] = $exact ? ['moment' => $moment, 'consistent' => true]
            : ['moment' => $moment, 'consistent' => false, 'window' => [(float) $state['first'], $this->view->now()]];
    }

    /**
     * One chunk of $table. A table that is gone or keeps changing is recorded as skipped; the chunk
     * then holds at most the DROP that undoes what was written of it. Its copy remembers the views
     * it was read under, from when, and its MemoChain.
     *
     * @param array<string, mixed> $state
     * @param array{0: string, 1: float, 2: int}|array{} $view
     * @param resource $out
     */
    private function writeTableChunk(array &$state, string $table, $out, array $view): void
    {
        $mark = self::position($out);
        while (true) {
            try {
                if ($state['table'] === null) {
                    // Read again: with its own boundaries, so unchanged ranges come out the same.
                    $hint = $state['pass'] > 0 && isset($state['hints'][$table])
                        ? $state['hints'][$table] : $state['parent_hints'][$table] ?? null;
                    $cursor = $this->tables->start($table, is_array($hint) ? $hint : null);
                    $state['hints'][$table] = $cursor->hint();
                    $state['copies'][$table] = [
                        'view' => $view[0] ?? null,
                        'from' => $view[1] ?? 0.0,
                        'horizon' => $view[2] ?? null,
                        'rows' => 0,
                        'chain' => MemoChain::START,
                        'complete' => false,
                    ];
                } else {
                    $cursor = DumpCursor::fromArray($state['table']);
                }
                $copy = (array) ($state['copies'][$table] ?? []);
                if (($copy['view'] ?? null) !== ($view[0] ?? null)) {
                    $copy['view'] = null;
                }
                // Only a table the parent snapshot had (a hint) has chunks worth fingerprinting for; read
                // again, it has its own: only the ranges that changed since are dumped again.
                $candidates = isset($state['parent_hints'][$table]) ? $state['parent_objects'] : [];
                if ($state['pass'] > 0 && $this->ownChunks !== null) {
                    $candidates = array_replace($candidates, ($this->ownChunks)());
                }
                $reuse = new ChunkReuse($candidates, $this->objectExists);
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
                if (!$cursor->isSchema()) {
                    $copy['chain'] = MemoChain::add($copy['chain'] ?? null, $reuse->memo);
                }
                $counted = is_int($copy['rows'] ?? null) && $reuse->rows !== null;
                $copy['rows'] = $counted ? $copy['rows'] + $reuse->rows : null;
                $copy['complete'] = $next === null;
                $state['copies'][$table] = $copy;
                break;
            } catch (TableNotFoundException) {
                self::rewindTo($out, $mark);
                $this->skipTable($state, $table, 'the table was dropped during the backup', $out);
                break;
            } catch (TableChangedException) {
                self::rewindTo($out, $mark);
                if ($state['restarts'] < 1) {
                    // Dump it again from its schema (that chunk starts with DROP TABLE IF EXISTS), under a
                    // new view: the old one cannot read a table altered since it began.
                    $state['restarts']++;
                    $state['table'] = null;
                    $this->view->release();
                    $view = $this->view->hold();
                    $state['broken'] = $state['broken'] || $view[0] !== $state['view'];
                    continue;
                }
                $this->skipTable($state, $table, 'its columns changed twice while it was being backed up', $out);
                break;
            }
        }
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
        unset($state['hints'][$table], $state['copies'][$table]);
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
     * @param array{0: string, 1: float, 2: int}|array{} $view
     * @param resource $out
     */
    private function writeTail(array &$state, $out, array $view): string
    {
        if ($state['settled'] === null) {
            if ($state['broken'] && $state['pass'] < self::MAX_PASSES && $view !== []) {
                $this->beginPass($state, $view, false);

                return $this->writeCatchUp($state, $out, $view);
            }
            $this->settle($state);
        }
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
        foreach (['parent_hints', 'parent_objects', 'parent_rows', 'hints', 'skipped', 'left_out', 'copies', 'queue'] as $map) {
            $cursor[$map] = (array) ($cursor[$map] ?? []);
        }

        $cursor['pass'] = (int) ($cursor['pass'] ?? 0);
        $cursor['broken'] = (bool) ($cursor['broken'] ?? false);
        $cursor['fresh'] = (bool) ($cursor['fresh'] ?? false);
        $values = ['view', 'redo', 'settled', 'moment', 'first', 'first_view', 'first_horizon', 'horizon', 'mark'];
        foreach ([...$values, 'parent_proof', 'proof', 'reusing'] as $value) {
            $cursor[$value] ??= null;
        }
        $cursor['parent_lists'] = (array) ($cursor['parent_lists'] ?? []);

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
