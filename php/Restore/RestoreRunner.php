<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Rewrite\DatabaseRewriter;
use SiteBackups\Engine\Rewrite\ValueReplacer;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Snapshot\SnapshotScope;

/**
 * Runs one restore in small resumable slices: begin(), then step() until the step is finished, in
 * as many processes as it takes. The runner keeps nothing between calls: each step is given the
 * RestoreState the last one returned (the caller stores it), and a slice killed half-way repeats
 * at most its own work.
 *
 * Phases (RestorePhase): (fetching, for a backup kept only off-site) → safety_backup → checking →
 * database → rewriting → files → switching → cleanup. Until switching the target is untouched and
 * discard() leaves it as it was; switching is the point of no return: the state is then committed,
 * the restore can only go forward (a step that failed is simply run again), and discard() only
 * takes away temporary leftovers (the safety backup is the way back).
 *
 * What only the target's own software knows comes in through TargetSite; exceptions go out as they
 * are (RestoreRefused and BackupDamaged say the restore will not go on, and why).
 *
 * A restore of part of the site (the request's scope, or else the backup's own when it is of part of
 * the site) checks what it was asked for first (ScopeCheck, ScopeRefused), takes a safety backup of
 * just that, and goes through the same phases with only those paths and tables: the rest of the site
 * is never touched. A backup of part of the site never restores as if it were all of it.
 */
final class RestoreRunner
{
    private const CHECK_AREA = '/.site-backups-restore-check';

    /**
     * Slices at least this long stage files while the database loads. Staging picks up where it
     * stopped by reading the manifest from its start: in shorter slices that read costs more than
     * the wait it fills.
     */
    private const STAGING_WHILE_LOADING_SECONDS = 2.0;

    private ?SnapshotScope $scope = null;
    private bool $scopeKnown = false;

    public function __construct(
        private readonly RestoreRepository $engine,
        private readonly RestoreRequest $request,
        private readonly TargetSite $site,
        private readonly ?OffsiteBackups $offsite = null,
    ) {
    }

    /** Reads the backup's record (locally, else off-site) and gives the first state. */
    public function begin(): RestoreStep
    {
        $id     = $this->request->backupId;
        $local  = $this->engine->store()->snapshots()->has($id);
        $record = $local || null === $this->offsite ? $this->engine->snapshot($id) : $this->offsite->record($id);
        $first  = $this->request->safetyBackup ? RestorePhase::SafetyBackup : RestorePhase::Checking;
        $state  = new RestoreState($local ? $first : RestorePhase::Fetching, $first, $record->environment());
        $scope  = $this->scope($record);
        if (null === $scope) {
            return new RestoreStep($state, log: [sprintf(
                'Restoring %s (%s) into %s: %s.',
                $id,
                $record->environment(),
                $this->request->target->name,
                implode(', ', $this->request->parts)
            )]);
        }
        if (!$this->wantsFiles() && !$this->wantsDatabase()) {
            throw new RestoreRefused('Nothing to restore: no path or table of the backup was asked for.');
        }
        if ($local) {
            // What was asked for is refused before even the safety backup is taken.
            $this->checkScope($scope);
        }
        return new RestoreStep($state, log: [sprintf(
            'Restoring %s from %s (%s) into %s.',
            $scope->describe(),
            $id,
            $record->environment(),
            $this->request->target->name
        )]);
    }

    /** Works on the current phase for about $seconds. */
    public function step(RestoreState $state, float $seconds): RestoreStep
    {
        return match ($state->phase) {
            RestorePhase::Fetching     => $this->fetching($state, $seconds),
            RestorePhase::SafetyBackup => $this->safetyBackup($state, $seconds),
            RestorePhase::Checking     => $this->checking($state),
            RestorePhase::Database     => $this->database($state, $seconds),
            RestorePhase::Rewriting    => $this->rewriting($state, $seconds),
            RestorePhase::Files        => $this->files($state, $seconds),
            RestorePhase::Switching    => $this->switching($state, $seconds),
            RestorePhase::Cleanup      => $this->cleanup($state),
        };
    }

    /**
     * Throws away what was prepared (null: nothing was begun). Before the point of no return the
     * target is as it was; after it, only temporary leftovers go.
     */
    public function discard(?RestoreState $state): void
    {
        if (null !== $state?->safety && !$state->safetyDone) {
            $this->engine->cancel($state->safety);
        }
        if (null !== $state && $state->dbPrepared && !$state->isCommitted()) {
            $this->withDatabase(fn (Connection $db) => $this->databaseRestore($db)->discard());
        }
        if (null !== $state?->area) {
            $this->filesRestore($state->area)->discard();
        }
        $this->site->letVisitorsIn();
    }

    private function fetching(RestoreState $state, float $seconds): RestoreStep
    {
        if (null === $this->offsite) {
            throw new RestoreRefused('This backup is kept off-site, and off-site copies are not set up.');
        }
        $id       = $this->request->backupId;
        $progress = $this->offsite->fetch($id, $state->fetched, $seconds);
        $state    = $state->with(fetchedBytes: $state->fetchedBytes + $progress->bytesMoved);
        if (!$progress->complete) {
            $state = $state->with(fetched: $progress->done);
            return new RestoreStep($state, $progress->done, null, $state->fetchedBytes);
        }
        $this->offsite->fetched($id);
        return new RestoreStep($state->with(phase: $state->afterFetch), log: ['Fetched from off-site storage.']);
    }

    /** Backs up the target first, as a normal backup marked "safety". */
    private function safetyBackup(RestoreState $state, float $seconds): RestoreStep
    {
        if (null === $state->safety) {
            // Of what the restore changes: a restore of part of the site backs up that part.
            // It names the backup being restored, so the way back says what it undoes.
            $safety = $this->site->beginSafetyBackup(
                $this->request->backupId,
                $this->targetScope(),
                RestoreOrigin::of($this->engine->snapshot($this->request->backupId))
            );
            return new RestoreStep(
                $state->with(safety: $safety),
                log: [sprintf('Safety backup of %s begun as %s.', $this->request->target->name, $safety)]
            );
        }
        $progress = $this->engine->step($state->safety, $seconds);
        if (!$progress->isReady()) {
            return new RestoreStep($state, $progress->unitsDone, $progress->unitsTotal, $progress->bytesRead);
        }
        $this->engine->publish($state->safety);
        return new RestoreStep(
            $state->with(safetyDone: true, phase: RestorePhase::Checking),
            log: ['Safety backup published: ' . $state->safety . '.']
        );
    }

    /**
     * Refuses a backup with missing parts, one the target may not take, or one holding an unsafe
     * path, before anything is prepared; then prepares.
     * @throws BackupDamaged when stored parts are missing
     * @throws RestoreRefused when the target may not take this backup
     */
    private function checking(RestoreState $state): RestoreStep
    {
        $id      = $this->request->backupId;
        $missing = $this->engine->findMissing($id);
        if (!$missing->isOk()) {
            throw new BackupDamaged($missing);
        }
        $refusal = $this->site->refusal($id);
        if (null !== $refusal) {
            throw new RestoreRefused($refusal);
        }
        $target = $this->request->target;
        $log    = [];
        $scope  = $this->scope();
        if (null !== $scope) {
            $absent = $this->checkScope($scope);
            if ([] !== $absent) {
                $log[] = 'Not in this backup of part of the site, so left as they are: ' . implode(', ', $absent) . '.';
            }
            if (null !== $state->safety && $this->wantsDatabase()) {
                $this->assertSafetyHolds($state->safety);
            }
        }
        if ($this->wantsFiles()) {
            // A backup holding an unsafe path is refused before its database is even loaded.
            $state = $state->with(filesTotal: $this->filesRestore($target->root . self::CHECK_AREA)->checkPaths());
        }
        if ($this->wantsDatabase()) {
            // Every table is loaded, none kept as it is (DatabaseRestore's $keepUnchanged): the site's
            // keepIdentity() adjusts loaded tables only, and the tables it adjusts (options, usermeta,
            // sitemeta) are the ones its software writes while the restore runs.
            $this->withDatabase(fn (Connection $db) => $this->databaseRestore($db)->prepare());
            $state = $state->with(dbPrepared: true);
        }
        if ($this->wantsFiles()) {
            $state = $state->with(area: FilesRestore::newArea($target->root), filesDone: 0, filesStaged: 0);
        }
        $next = $this->wantsDatabase() ? RestorePhase::Database : RestorePhase::Files;
        return new RestoreStep($state->with(phase: $next), log: $log, counts: self::filesCount($state));
    }

    /**
     * The files counted so far, once the restore knows how many it stages.
     * @return array{files?: array{done: int, total: int|null}}
     */
    private static function filesCount(RestoreState $state): array
    {
        return null === $state->filesTotal ? [] : ['files' => ['done' => $state->filesStaged, 'total' => $state->filesTotal]];
    }

    /**
     * @return list<string> tables asked for that a backup of part of the site does not hold
     * @throws ScopeRefused naming what cannot be restored
     */
    private function checkScope(SnapshotScope $scope): array
    {
        $id     = $this->request->backupId;
        $check  = new ScopeCheck($this->engine->store(), $id, $this->request->target->tree(), $this->site->protectedPaths());
        $absent = $check->assert($scope, $this->engine->snapshot($id)->scope());
        $tables = array_values(array_diff($scope->tables, $absent));
        if ([] !== $tables) {
            $prefix = $this->request->target->tablePrefix;
            $this->withDatabase(fn (Connection $db) => $check->assertTablesSwitchable($tables, $db, $prefix));
        }
        return $absent;
    }

    /**
     * The safety backup holds every live table the restore sets aside: else undoing it would not
     * bring them back. Checked before anything is loaded.
     * @throws RestoreRefused naming the tables it lacks
     */
    private function assertSafetyHolds(string $safety): void
    {
        $skipped = (array) ($this->engine->snapshot($safety)->sourceNotes(DatabaseSource::KEY)['skipped'] ?? []);
        $held    = [];
        foreach ((new SnapshotReader($this->engine->store()))->sourceChunks($safety, DatabaseSource::KEY) as $chunk) {
            if (!isset($skipped[$chunk->label])) {
                $held[$chunk->label] = true;
            }
        }
        $replaced = $this->withDatabase(fn (Connection $db) => $this->databaseRestore($db)->replacedTables());
        $missing  = array_values(array_filter($replaced, static fn (string $table): bool => !isset($held[$table])));
        if ([] !== $missing) {
            throw new RestoreRefused(sprintf(
                'The safety backup %s does not hold %s, which the restore would replace: nothing was changed.',
                $safety,
                implode(', ', $missing)
            ));
        }
    }

    /** The scope with the target's names of its tables (the backup may have another table prefix): what the safety backup holds. */
    private function targetScope(): ?SnapshotScope
    {
        $scope = $this->scope();
        if (null === $scope) {
            return null;
        }
        $from = $this->sourcePrefix();
        $to   = $this->request->target->tablePrefix;
        return new SnapshotScope($scope->paths, array_map(
            static fn (string $table): string => str_starts_with($table, $from) ? $to . substr($table, strlen($from)) : $table,
            $scope->tables
        ));
    }

    /**
     * What is restored: the paths and tables asked for, else the backup's own scope when it is of
     * part of the site, less the parts not asked for; null: all of the parts asked for.
     */
    private function scope(?SnapshotRecord $record = null): ?SnapshotScope
    {
        if (!$this->scopeKnown) {
            $scope = $this->request->scope ?? ($record ?? $this->engine->snapshot($this->request->backupId))->scope();
            $this->scope = $scope?->without(!$this->request->wantsFiles(), !$this->request->wantsDatabase());
            $this->scopeKnown = true;
        }
        return $this->scope;
    }

    private function wantsFiles(): bool
    {
        return $this->request->wantsFiles() && ($this->scope()?->hasPaths() ?? true);
    }

    private function wantsDatabase(): bool
    {
        return $this->request->wantsDatabase() && ($this->scope()?->hasTables() ?? true);
    }

    /**
     * Loads the backup's database beside the live tables, and stages the backup's files while the
     * server inserts rows: the files phase after it then has little or nothing left to do.
     */
    private function database(RestoreState $state, float $seconds): RestoreStep
    {
        $deadline = microtime(true) + $seconds;
        // Once every file is staged, nothing is left to stage while the server loads.
        $files    = null === $state->area || $seconds < self::STAGING_WHILE_LOADING_SECONDS || $state->filesStaged >= (int) $state->filesTotal
            ? null : $this->filesRestore($state->area);
        $staging  = null === $files ? null : new StagingWhileLoading($files->staging($state->filesDone, true));
        $progress = $this->withDatabase(function (Connection $db) use ($staging, $seconds, $deadline): LoadProgress {
            // No entry is begun after the slice's time: a large file would stretch it.
            $db->whileWaiting(null === $staging ? null : static fn (): bool => microtime(true) < $deadline && $staging->stageOne());
            return $this->databaseRestore($db)->load($seconds);
        });
        $staged = $staging?->progress();
        $files?->syncLinked();
        if (null !== $staged) {
            $state = $state->with(filesDone: $staged->entriesDone, filesStaged: $state->filesStaged + $staged->stagedThisStep);
        }
        $counts   = ['tables' => ['done' => $progress->tablesDone, 'total' => $progress->tablesTotal]] + self::filesCount($state);
        if (!$progress->complete) {
            return new RestoreStep($state, $progress->chunksDone, $progress->chunksTotal, counts: $counts);
        }
        $next = $this->isOtherEnvironment($state) ? RestorePhase::Rewriting : $this->afterLoading();
        return new RestoreStep($state->with(phase: $next), counts: $counts);
    }

    /** Rewrites the other environment's address to the target's in the loaded tables. */
    private function rewriting(RestoreState $state, float $seconds): RestoreStep
    {
        $target = $this->request->target;
        $from   = (string) ($this->engine->snapshot($this->request->backupId)->meta['site_url'] ?? '');
        $step   = $this->withDatabase(
            fn (Connection $db) => (new DatabaseRewriter(
                $db,
                $this->databaseRestore($db)->loadedTables(),
                ValueReplacer::forSiteMove('' !== $from ? $from : $target->url, $target->url)
            ))->step($state->rewrite, $seconds)
        );
        $counts = $step->totals->toArray();
        if (null !== $step->cursor) {
            return new RestoreStep($state->with(rewrite: $step->cursor), $counts['rowsExamined']);
        }
        return new RestoreStep(
            $state->with(rewrite: null, phase: $this->afterLoading()),
            log: [sprintf('Site address rewritten to %s: %s.', $target->url, (string) json_encode($counts))]
        );
    }

    /** Writes the backup's files into the staging area, each checked against the backup. */
    private function files(RestoreState $state, float $seconds): RestoreStep
    {
        $progress = $this->filesRestore($this->area($state))->stage($state->filesDone, $seconds);
        $state    = $state->with(filesDone: $progress->entriesDone, filesStaged: $state->filesStaged + $progress->stagedThisStep);
        if (!$progress->complete) {
            return new RestoreStep($state, $progress->entriesDone, counts: self::filesCount($state));
        }
        return new RestoreStep($state->with(phase: RestorePhase::POINT_OF_NO_RETURN), counts: self::filesCount($state));
    }

    /**
     * Past the point of no return, with visitors held off: swaps the database in, then removes the files
     * added since the backup and moves the staged ones in (a file the site wrote to meanwhile included).
     * Each part is repeated safely after a crash.
     */
    private function switching(RestoreState $state, float $seconds): RestoreStep
    {
        // Renewed at every step: a restore that died stops renewing it, and it lapses.
        $this->site->holdVisitors();
        if ($state->dbPrepared && !$state->dbSwapped) {
            $this->withDatabase(function (Connection $db) use ($state): void {
                $restore = $this->databaseRestore($db);
                if (DatabaseRestore::SWAPPED !== $restore->phase()) {
                    $this->site->keepIdentity($db, $this->sourcePrefix(), $this->isOtherEnvironment($state));
                    $restore->swap();
                }
            });
            $this->site->databaseSwitched();
            return new RestoreStep($state->with(dbSwapped: true), 1, log: ['Database switched.']);
        }
        if (null !== $state->area && !$state->filesMoved) {
            $files = $this->filesRestore($state->area);
            if (!$state->pruned) {
                $prune = $files->prune($state->prune, $seconds);
                return new RestoreStep($state->with(prune: $prune, pruned: null === $prune), 2);
            }
            $moved   = $files->move($seconds);
            $written = $files->linkedRewritten();
            return new RestoreStep($state->with(filesMoved: $moved), 3, log: 0 === $written ? [] : [sprintf(
                'Files the site wrote to while the restore ran, put back as the backup has them: %d.',
                $written
            )]);
        }
        return new RestoreStep($state->with(phase: RestorePhase::Cleanup));
    }

    /** Drops the old tables and the staging area, and lets visitors in. */
    private function cleanup(RestoreState $state): RestoreStep
    {
        if ($state->dbPrepared) {
            $this->withDatabase(fn (Connection $db) => $this->databaseRestore($db)->finish());
        }
        $this->site->letVisitorsIn();
        if (null !== $state->area) {
            $this->filesRestore($state->area)->discard();
        }
        return new RestoreStep($state, log: [sprintf(
            'Restored %s into %s.',
            $this->request->backupId,
            $this->request->target->name
        )], finished: true);
    }

    /** The phase after the database is loaded (and rewritten). */
    private function afterLoading(): RestorePhase
    {
        return $this->wantsFiles() ? RestorePhase::Files : RestorePhase::POINT_OF_NO_RETURN;
    }

    private function isOtherEnvironment(RestoreState $state): bool
    {
        return $state->source !== $this->request->target->name;
    }

    private function sourcePrefix(): string
    {
        $meta = $this->engine->snapshot($this->request->backupId)->meta;
        return (string) ($meta['table_prefix'] ?? $this->request->target->tablePrefix);
    }

    private function area(RestoreState $state): string
    {
        return $state->area ?? throw new \LogicException('The restore has no staging area for its files.');
    }

    private function databaseRestore(Connection $db, bool $keepUnchanged = false): DatabaseRestore
    {
        return $this->engine->databaseRestore($this->request->backupId, $db, $this->request->target->tablePrefix, $this->scope(), $keepUnchanged);
    }

    private function filesRestore(string $area): FilesRestore
    {
        return $this->engine->filesRestore(
            $this->request->backupId,
            $this->request->target->tree(),
            $area,
            $this->site->protectedPaths(),
            $this->scope()
        );
    }

    /**
     * Runs $work on a connection to the target's database, closed afterwards whatever happens.
     * @template T
     * @param callable(Connection): T $work
     * @return T
     */
    private function withDatabase(callable $work): mixed
    {
        $db = $this->request->target->connect();
        try {
            return $work($db);
        } finally {
            $db->close();
        }
    }
}
