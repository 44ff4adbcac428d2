<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Backup\BackupState;
use SiteBackups\Engine\Backup\Progress;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\JournalFolder;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Restore\FilesRestore;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Restore\RestoreRefused;
use SiteBackups\Engine\Restore\RestoreRepository;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Engine\Store\TempFiles;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Engine\Verify\VerifyReport;

/**
 * What the WordPress plugin calls: one store, the environments it may back up, and thin methods
 * over the engine's classes. Every method works from what is on disk, so each can run in a new PHP
 * request (a cron slice, a loopback request, a CLI command): step() picks a backup up from its
 * persisted state, rebuilding its database source from the Environment registered under the name
 * the backup recorded. Credentials stay in memory; the store holds no password.
 *
 * A slice of a backup holds an exclusive lock on it (pending/<id>/lock.php), so two overlapping
 * slices (WP-Cron and a loopback request firing together) never work on the same state.
 */
final class Repository implements RestoreRepository
{
    public const DATABASE = DatabaseSource::KEY;
    private const LOCK_FILE = 'lock' . GuardedFile::EXTENSION;
    /** A temporary file untouched this long has no live writer, wherever it was written. */
    private const ORPHAN_MAX_AGE = 86400;

    /** @var array<string, Environment> */
    private array $environments = [];
    /** @var array<string, array{runner: BackupRunner, db: Connection}> backups this process has worked on */
    private array $running = [];
    /** Who this facade is in a backup's lock file, so it sees whether another process held the lock since. */
    private ?string $holder = null;

    /** @param list<Environment> $environments */
    private function __construct(
        private readonly BackupStore $store,
        array $environments,
        private readonly DumpOptions $dumpOptions,
        private readonly int $chunkBytes,
    ) {
        foreach ($environments as $environment) {
            $this->environments[$environment->name] = $environment;
        }
    }

    public function __destruct()
    {
        foreach ($this->running as $running) {
            $running['db']->close();
        }
    }

    /**
     * Opens the store at $storePath, creating it (with its protection files) when needed.
     * @param list<Environment> $environments those whose backups this object may begin or continue
     * @param int $chunkBytes size of the chunks large files are cut into
     */
    public static function open(
        string $storePath,
        array $environments = [],
        DumpOptions $dumpOptions = new DumpOptions(),
        int $chunkBytes = BackupRequest::DEFAULT_CHUNK,
    ): self {
        $store = is_file(rtrim($storePath, '/') . '/' . Store\StoreFormat::FILE)
            ? BackupStore::open($storePath)
            : BackupStore::create($storePath);

        return new self($store, $environments, $dumpOptions, $chunkBytes);
    }

    public function store(): BackupStore
    {
        return $this->store;
    }

    /**
     * Begins a backup of the environment's files and database; nothing is listed until publish().
     * The store itself is never backed up (it is excluded wherever it lives).
     * @param list<string> $extraExclusions patterns relative to the site root (see Files\ExclusionRules)
     * @param SnapshotScope|null $scope only these paths and tables (recorded as the snapshot's scope); null: the whole site
     * @param RestoreOrigin|null $restoreOf for a safety backup, the backup the restore puts back (recorded as "restore_of")
     * @return string the id the snapshot will have
     */
    public function beginBackup(
        Environment $environment,
        string $trigger = 'manual',
        string $note = '',
        string $wpVersion = '',
        string $pluginVersion = '',
        array $extraExclusions = [],
        ?SnapshotScope $scope = null,
        ?RestoreOrigin $restoreOf = null,
    ): string {
        $this->environments[$environment->name] = $environment;
        $request = new BackupRequest(
            root: $environment->root,
            environment: $environment->name,
            trigger: $trigger,
            note: $note,
            wpVersion: $wpVersion,
            pluginVersion: $pluginVersion,
            siteUrl: $environment->url,
            tablePrefix: $environment->tablePrefix,
            extraExclusions: $extraExclusions,
            chunkBytes: $this->chunkBytes,
            redaction: $environment->secrets?->toArray() ?? [],
            folders: array_diff_key($environment->tree()->toArray(), ['' => true]),
            scope: $scope?->toArray(),
            restoreOf: $restoreOf?->toArray(),
        );
        $db     = $environment->connect();
        $runner = new BackupRunner($this->store, [$this->databaseSource($db, $environment, $scope)]);
        try {
            $id = $runner->begin($request);
        } catch (\Throwable $e) {
            $db->close();
            throw $e;
        }
        $this->running[$id] = ['runner' => $runner, 'db' => $db];

        return $id;
    }

    /** Works on the backup for about $seconds (at least one unit of work) and reports its progress. */
    public function step(string $id, float $seconds): Progress
    {
        return $this->locked($id, fn (BackupRunner $runner): Progress => $runner->step($seconds));
    }

    /** Publishes a finished backup (its progress is ready); safe to call again after a crash. */
    public function publish(string $id): SnapshotRecord
    {
        if ($this->store->snapshots()->has(SnapshotId::assertValid($id)) && !is_dir($this->pendingPath($id))) {
            return $this->store->snapshots()->load($id);
        }
        $record = $this->locked($id, fn (BackupRunner $runner): SnapshotRecord => $runner->publish());
        $this->forgetRunner($id);
        $this->removeOrphanedTemps();

        return $record;
    }

    /** Abandons a backup in progress; what it stored goes at the next sweep. */
    public function cancel(string $id): void
    {
        $lock = $this->lock($id);
        try {
            if (isset($this->running[$id])) {
                $this->running[$id]['runner']->cancel();
            } else {
                // Needs neither the environment nor the database: the state is simply dropped.
                Durable::removeTree($this->pendingPath($id));
            }
        } finally {
            $this->forgetRunner($id);
            fclose($lock);
        }
        $this->removeOrphanedTemps();
    }

    /**
     * A backup ends with no temporary file of a killed request left behind; the files of live
     * writers (another request, another host) stay, to be swept by age.
     */
    private function removeOrphanedTemps(): void
    {
        TempFiles::removeOrphans($this->store->tempDir(), time() - self::ORPHAN_MAX_AGE);
    }

    /**
     * Published snapshots, newest first, without their piece lists.
     * @return list<array{id: string, parent: ?string, meta: array<string, mixed>}>
     */
    public function list(?Environment $environment = null): array
    {
        $summaries = $this->store->snapshots()->summaries();
        if (null === $environment) {
            return $summaries;
        }

        return array_values(array_filter(
            $summaries,
            static fn (array $s): bool => ($s['meta']['environment'] ?? null) === $environment->name
        ));
    }

    public function snapshot(string $id): SnapshotRecord
    {
        return $this->store->snapshots()->load(SnapshotId::assertValid($id));
    }

    /** Re-hashes every object of a snapshot, or a random sample of $sample of them. */
    public function verify(string $id, ?int $sample = null): VerifyReport
    {
        return (new Verifier($this->store))->verify(SnapshotId::assertValid($id), $sample);
    }

    /** Names the objects a snapshot needs that are not in the store (no hashing: a stat each). */
    public function findMissing(string $id): VerifyReport
    {
        return (new Verifier($this->store))->findMissing(SnapshotId::assertValid($id));
    }

    /**
     * Restores a snapshot's database over the tables of $tablePrefix on $db, in steps: see
     * DatabaseRestore. The caller keeps the connection open for as long as it works with it.
     * The tables listed as foreign for the environment of that database and prefix are left alone.
     * With a scope, only its tables are restored; a backup of part of the site needs one. With
     * $keepUnchanged, live tables that already hold what the backup holds are left in place.
     * @throws RestoreRefused when the backup is of part of the site and no scope is given
     */
    public function databaseRestore(
        string $id,
        Connection $db,
        string $tablePrefix,
        ?SnapshotScope $scope = null,
        bool $keepUnchanged = false,
    ): DatabaseRestore {
        $this->assertScopeGiven($id, $scope);
        $foreign = [];
        foreach ($this->environments as $environment) {
            if ($environment->tablePrefix === $tablePrefix && $environment->database->name === $db->databaseName()) {
                $foreign = $environment->database->foreignTables;
            }
        }

        return new DatabaseRestore($this->store, $db, SnapshotId::assertValid($id), $tablePrefix, $foreign, $scope, $this->dumpOptions, $keepUnchanged);
    }

    /**
     * Restores a snapshot's files over a site (its tree, or its folder when all of it lives there)
     * through the staging area $area (FilesRestore::newArea() makes one), leaving $protected alone.
     * With a scope, only its paths are restored; a backup of part of the site needs one.
     * @throws RestoreRefused when the backup is of part of the site and no scope is given
     */
    public function filesRestore(
        string $id,
        SiteTree|string $site,
        string $area,
        ProtectedPaths $protected,
        ?SnapshotScope $scope = null,
    ): FilesRestore {
        $this->assertScopeGiven($id, $scope);
        $site = $site instanceof SiteTree ? $site : SiteTree::at($site);
        return new FilesRestore($this->store, SnapshotId::assertValid($id), $site, $area, $protected, $scope);
    }

    /**
     * Runs $work on the backup's runner (resumed from disk if this process has not worked on it yet)
     * while holding the backup's lock. A failure drops the runner: the next call resumes from the
     * last persisted cursor.
     * @template T
     * @param callable(BackupRunner): T $work
     * @return T
     */
    private function locked(string $id, callable $work): mixed
    {
        $lock = $this->lock($id);
        try {
            if (!$this->heldItLast($lock, $id)) {
                // Another process worked on it meanwhile (this one's request outlived its turn): what
                // this runner holds in memory is stale, and only the state on disk is true.
                $this->forgetRunner($id);
            }
            return $work($this->runner($id));
        } catch (\Throwable $e) {
            $this->forgetRunner($id);
            throw $e;
        } finally {
            fclose($lock);
        }
    }

    private function runner(string $id): BackupRunner
    {
        if (isset($this->running[$id])) {
            return $this->running[$id]['runner'];
        }
        $state = BackupState::load($this->pendingPath($id) . '/' . BackupState::FILE);
        $name  = $state->request->environment;
        $environment = $this->environments[$name] ?? throw new \LogicException(
            "Backup $id is of the $name environment, which is not configured here."
        );
        $root = realpath($environment->root);
        if ($root !== $state->root || $environment->tablePrefix !== $state->request->tablePrefix) {
            throw new \LogicException(
                "Backup $id was begun for {$state->root} (prefix " . $state->request->tablePrefix
                . "), not for the $name environment as configured now."
            );
        }
        $db = $environment->connect();
        try {
            $scope  = SnapshotScope::fromMeta($state->request->scope);
            $runner = new BackupRunner($this->store, [$this->databaseSource($db, $environment, $scope)]);
            $runner->resume($id);
        } catch (\Throwable $e) {
            $db->close();
            throw $e;
        }
        $this->running[$id] = ['runner' => $runner, 'db' => $db];

        return $runner;
    }

    /**
     * A backup of part of the site is never restored as if it were all of it: the rest of the site
     * would be taken for missing.
     * @throws RestoreRefused
     */
    private function assertScopeGiven(string $id, ?SnapshotScope $scope): void
    {
        if (null !== $scope || !$this->store->snapshots()->has(SnapshotId::assertValid($id))) {
            return; // a backup no longer stored restores nothing: what is left to do is only discarding
        }
        if (null !== $this->snapshot($id)->scope()) {
            throw new RestoreRefused(sprintf('The backup %s holds only part of the site: restore it with its own list of paths and tables.', $id));
        }
    }

    private function databaseSource(Connection $db, Environment $environment, ?SnapshotScope $scope): DatabaseSource
    {
        return new DatabaseSource(
            $db,
            $environment->tablePrefix,
            $this->dumpOptions,
            $environment->database->foreignTables,
            JournalFolder::at($this->store->root(), $environment->database->name, $environment->tablePrefix),
            $scope?->tables,
        );
    }

    private function forgetRunner(string $id): void
    {
        if (isset($this->running[$id])) {
            $this->running[$id]['db']->close();
            unset($this->running[$id]);
        }
    }

    /** @return resource an exclusive lock on the backup, released by fclose() (or by the process dying) */
    private function lock(string $id)
    {
        $dir = $this->pendingPath($id);
        if (!is_dir($dir)) {
            throw new StoreException("No backup in progress with id $id.");
        }
        $path = $dir . '/' . self::LOCK_FILE;
        $fp   = Durable::open($path, 'c+b');
        if (false === $fp) {
            throw new StoreException("Could not open the lock of backup $id.");
        }
        if (!flock($fp, LOCK_EX | LOCK_NB)) {
            fclose($fp);
            throw new BackupBusy("Backup $id is being worked on by another process.");
        }
        $stat = fstat($fp);
        if (false !== $stat && 0 === $stat['size']) {
            GuardedFile::writeGuard($fp, $path);
        }

        return $fp;
    }

    /**
     * Whether this facade was the last to hold a backup's lock; from now on it is.
     * @param resource $lock the lock file, held
     */
    private function heldItLast($lock, string $id): bool
    {
        $this->holder ??= bin2hex(random_bytes(8));
        $mark = GuardedFile::GUARD . $this->holder;
        rewind($lock);
        if (stream_get_contents($lock) === $mark) {
            return true;
        }
        $path = $this->pendingPath($id) . '/' . self::LOCK_FILE;
        if (!ftruncate($lock, 0) || !rewind($lock)) {
            throw new StoreException("Could not write the lock of backup $id.");
        }
        Durable::writeAll($lock, $mark, $path);
        return false;
    }

    private function pendingPath(string $id): string
    {
        return $this->store->pendingDir() . '/' . SnapshotId::assertValid($id);
    }
}
