<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Backup;

use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Files\FileOpener;
use SiteBackups\Engine\Files\FilesCursor;
use SiteBackups\Engine\Files\FilesPhase;
use SiteBackups\Engine\Files\LocalFileOpener;
use SiteBackups\Engine\Files\SecretRedaction;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoredObject;
use SiteBackups\Engine\Store\StoreFormat;

/**
 * Runs one backup in small resumable slices: begin(), then step() until the progress is ready
 * (in as many processes as it takes), then publish(). State is persisted to pending/<id>/ between
 * units of work; a killed process loses at most the work since the last checkpoint, and objects
 * it wrote are simply found again. Nothing is listed until publish() renames the record into place.
 *
 * Phases: files, then each SnapshotSource in the order given (e.g. the database), then ready.
 */
final class BackupRunner
{
    private const SOURCE_PHASE = 'source:';
    /** The parent note under which a source gets the parent's chunks by key (SourceChunk::$contentKey => [hash, size]). */
    public const CHUNK_OBJECTS = 'chunk_objects';
    /** The parent note under which a source gets all the parent's chunks by label, in order: [hash, size, key or null]. */
    public const CHUNK_LISTS = 'chunk_lists';

    /** @var array<string, SnapshotSource> */
    private array $sources = [];
    private FileOpener $opener;
    private ?BackupState $state = null;
    private ?PieceWriter $manifest = null;
    private ?FilesPhase $files = null;
    /** @var array<string, SourcePhase> the sources worked on in this process, by key */
    private array $sourcePhases = [];
    private float $lastSave = 0.0;
    /** The runner's own view of the objects, in batch mode: made durable before every state save and publish. */
    private ObjectStore $objects;

    /**
     * @param list<SnapshotSource> $sources pass the same sources when resuming in a new process
     * @param float $checkpointSeconds how often state is persisted while working (0: after every unit)
     */
    public function __construct(
        private readonly BackupStore $store,
        array $sources = [],
        ?FileOpener $opener = null,
        private readonly float $checkpointSeconds = 1.0,
        private readonly int $pieceCapBytes = PieceWriter::DEFAULT_CAP,
    ) {
        foreach ($sources as $source) {
            if (1 !== preg_match('/\A[a-z0-9_-]{1,40}\z/', $source->key()) || isset($this->sources[$source->key()])) {
                throw new \InvalidArgumentException('Sources need distinct keys of [a-z0-9_-].');
            }
            $this->sources[$source->key()] = $source;
        }
        $this->opener = $opener ?? new LocalFileOpener();
        $this->objects = $store->objects();
        $this->objects->deferDurability();
    }

    /** Starts a backup and persists its first state. @return string the snapshot id it will publish under */
    public function begin(BackupRequest $request): string
    {
        $this->store->assertWritable();
        $root = realpath($request->root);
        if (false === $root || !is_dir($root)) {
            throw new \InvalidArgumentException('The site root is not a folder.');
        }
        $parent = $this->chooseParent($request, $root);
        $id     = SnapshotId::generate();
        Durable::makeDir($this->pendingPath($id));
        $this->state = new BackupState(
            $id,
            $parent?->id,
            $request,
            $root,
            microtime(true),
            // The last backup's file count hints at this one's, unless this one holds only part of the site.
            null === $request->scope && isset($parent?->meta['counts']['entries']) ? (int) $parent->meta['counts']['entries'] : null,
            Progress::PHASE_FILES,
            new FilesCursor(),
            [],
            array_map(static fn (): SourceState => new SourceState(), $this->sources),
            new Tally(),
        );
        $this->state->save($this->statePath());
        $this->lastSave = microtime(true);
        return $id;
    }

    /** Picks up a backup begun earlier, possibly by a process that died. */
    public function resume(string $id): void
    {
        $this->store->assertWritable();
        $this->state = BackupState::load($this->pendingPath(SnapshotId::assertValid($id)) . '/' . BackupState::FILE);
        foreach (array_keys($this->state->sources) as $key) {
            if (!isset($this->sources[$key])) {
                throw new \LogicException("This backup needs its source \"$key\" to continue.");
            }
        }
    }

    public function id(): ?string
    {
        return $this->state?->id;
    }

    /**
     * Works for about $seconds (at least one unit), persists the cursor, and reports progress.
     * If it throws (a full disk, say), the in-memory state is dropped: resume($id) continues
     * from the last persisted cursor.
     */
    public function step(float $seconds): Progress
    {
        try {
            return $this->work($seconds);
        } catch (\Throwable $e) {
            $this->releaseSources();
            $this->closeWriters();
            // Nothing persisted names the objects of the unfinished batch: resume() writes them again.
            $this->objects->discardPending();
            $this->state = null;
            throw $e;
        }
    }

    private function work(float $seconds): Progress
    {
        $state    = $this->requireState();
        $deadline = microtime(true) + $seconds;
        $save     = fn () => $this->checkpoint(false);
        if (Progress::PHASE_FILES === $state->phase) {
            $this->filesPhase()->run($deadline, $save);
            if ($state->files->done) {
                $state->phase = $this->nextSourcePhase(null);
            }
        }
        while (str_starts_with($state->phase, self::SOURCE_PHASE) && microtime(true) < $deadline) {
            $key = substr($state->phase, strlen(self::SOURCE_PHASE));
            $this->sourcePhase($key)->run($deadline, $save);
            if ($state->sources[$key]->done) {
                $state->phase = $this->nextSourcePhase($key);
            }
        }
        $this->checkpoint(true);
        return $this->progress();
    }

    public function progress(): Progress
    {
        $state = $this->requireState();
        $done  = $state->tally->entries;
        $total = $state->filesTotalHint;
        if (str_starts_with($state->phase, self::SOURCE_PHASE)) {
            $source = $state->sources[substr($state->phase, strlen(self::SOURCE_PHASE))];
            $done   = $source->units;
            $total  = $source->total;
        }
        $files = $state->tally->entries;
        // Once the files are walked, their count is known; before, the last backup's is a hint.
        $filesHint = null === $state->filesTotalHint ? null : max($state->filesTotalHint, $files);
        return new Progress(
            $state->id,
            $state->phase,
            $done,
            null === $total ? null : max($total, $done),
            $state->tally->bytesRead + $state->tally->sourceBytes,
            $state->tally->newBytes,
            null !== $this->files ? $this->files->currentFolder() : dirname((string) $state->files->lastDone),
            $files,
            $state->files->done ? $files : $filesHint,
            // Each started source's units.
            array_filter(array_map(static fn (SourceState $s): ?SourceProgress => $s->progress(), $state->sources)),
        );
    }

    /** Stores the last pieces, then publishes the snapshot record atomically. Safe to call again after a crash. */
    public function publish(): SnapshotRecord
    {
        $state   = $this->requireState();
        $catalog = $this->store->snapshots();
        if (!$catalog->has($state->id)) {
            if (Progress::PHASE_READY !== $state->phase) {
                throw new \LogicException('The backup is not finished: call step() until its progress is ready.');
            }
            $record = $this->buildRecord($state);
            $this->objects->syncPending();
            $catalog->publish($record);
        }
        $this->releaseSources();
        $this->closeWriters();
        Durable::removeTree($this->pendingPath($state->id));
        $this->state = null;
        return $catalog->load($state->id);
    }

    /** Abandons the backup: nothing is published; its new objects go at the next sweep. */
    public function cancel(): void
    {
        $state = $this->requireState();
        $this->releaseSources();
        $this->closeWriters();
        $this->objects->discardPending();
        Durable::removeTree($this->pendingPath($state->id));
        $this->state = null;
    }

    private function buildRecord(BackupState $state): SnapshotRecord
    {
        $filePieces = $this->manifestWriter()->finish();
        $sources    = [];
        $skipped    = $state->tally->skipped;
        foreach ($state->sources as $key => $source) {
            // A source lists what it had to leave out under its "skipped" note (object => reason).
            $skipped += count((array) ($source->notes['skipped'] ?? []));
            $sources[$key] = [
                'pieces' => $this->sourcePhase($key)->list()->finish(),
                'chunks' => $source->chunks,
                'bytes'  => $source->bytes,
                'notes'  => $source->notes,
            ];
        }
        $request = $state->request;
        $tally   = $state->tally;
        return new SnapshotRecord($state->id, $state->parentId, [
            'environment'    => $request->environment,
            'trigger'        => $request->trigger,
            'note'           => $request->note,
            'wp_version'     => $request->wpVersion,
            'plugin_version' => $request->pluginVersion,
            'site_url'       => $request->siteUrl,
            'table_prefix'   => $request->tablePrefix,
            'root'           => $state->root,
            'started_at'     => $state->startedAt,
            'finished_at'    => microtime(true),
            'status'         => 0 === $skipped ? 'complete' : 'partial',
            'counts'         => $tally->toMeta(),
            'logical_bytes'  => $tally->logicalBytes + $tally->sourceBytes,
            'new_bytes'      => $tally->newBytes,
            'chunk_bytes'    => $request->chunkBytes,
            'store_format'   => StoreFormat::CURRENT,
        ] + (null !== $request->scope ? ['scope' => $request->scope] : [])
          + (null !== $request->restoreOf ? ['restore_of' => $request->restoreOf] : []), $filePieces, $sources);
    }

    private function releaseSources(): void
    {
        foreach ($this->sources as $source) {
            if ($source instanceof HoldsReadView) {
                $source->release();
            }
        }
    }

    private function nextSourcePhase(?string $after): string
    {
        $keys  = array_keys($this->requireState()->sources);
        $index = null === $after ? 0 : array_search($after, $keys, true) + 1;
        return isset($keys[$index]) ? self::SOURCE_PHASE . $keys[$index] : Progress::PHASE_READY;
    }

    private function checkpoint(bool $force): void
    {
        $now = microtime(true);
        if (!$force && $now - $this->lastSave < $this->checkpointSeconds) {
            return;
        }
        $state = $this->requireState();
        // Objects and parts first, then the state that names and counts them.
        $lists   = array_map(static fn (SourcePhase $phase): PieceWriter => $phase->list(), $this->sourcePhases);
        $writers = ['' => $this->manifest] + $lists;
        foreach ($writers as $writer) {
            $writer?->sync();
        }
        $this->objects->syncPending();
        if (null !== $this->manifest) {
            $state->manifest = $this->manifest->state();
        }
        foreach ($lists as $key => $writer) {
            $state->sources[$key]->list = $writer->state();
        }
        if (null !== $this->files) {
            $state->files = $this->files->cursor();
        }
        $state->save($this->statePath());
        foreach ($writers as $writer) {
            $writer?->dropStoredParts();
        }
        $this->lastSave = $now;
    }

    private function filesPhase(): FilesPhase
    {
        if (null === $this->files) {
            $state        = $this->requireState();
            $request      = $state->request;
            $parentPieces = [];
            if (null !== $state->parentId && $this->store->snapshots()->has($state->parentId)) {
                $parentPieces = $this->store->snapshots()->load($state->parentId)->filePieces;
            }
            $this->files = new FilesPhase(
                SiteTree::withFolders($state->root, $request->folders),
                $this->objects,
                new ExclusionRules($this->store->root(), $request->extraExclusions),
                $this->opener,
                $this->manifestWriter(),
                $state->files,
                $state->tally,
                $request->chunkBytes,
                $parentPieces,
                SecretRedaction::fromArray($request->redaction),
                SnapshotScope::fromMeta($request->scope),
            );
        }
        return $this->files;
    }

    private function manifestWriter(): PieceWriter
    {
        $state = $this->requireState();
        return $this->manifest ??= new PieceWriter(
            $this->objects,
            $this->pendingPath($state->id) . '/files',
            $state->manifest,
            $this->pieceCapBytes,
            fn (StoredObject $o) => $state->tally->stored($o),
        );
    }

    private function sourcePhase(string $key): SourcePhase
    {
        return $this->sourcePhases[$key] ??= new SourcePhase(
            $this->sources[$key],
            $this->requireState(),
            $this->store,
            $this->objects,
            $this->pieceCapBytes,
        );
    }

    private function chooseParent(BackupRequest $request, string $root): ?SnapshotRecord
    {
        $catalog = $this->store->snapshots();
        if (false === $request->parentId) {
            return null;
        }
        if (null !== $request->parentId) {
            return $catalog->load(SnapshotId::assertValid($request->parentId));
        }
        foreach ($catalog->all() as $record) {
            // A backup of part of the site (a safety backup) lacks the rest: nothing of it to compare with.
            if (null !== $record->scope()) {
                continue;
            }
            if ($record->environment() === $request->environment && ($record->meta['root'] ?? null) === $root) {
                return $record;
            }
        }
        return null;
    }

    private function closeWriters(): void
    {
        $this->manifest?->close();
        foreach ($this->sourcePhases as $phase) {
            $phase->close();
        }
        $this->manifest     = null;
        $this->sourcePhases = [];
        $this->files        = null;
    }

    private function requireState(): BackupState
    {
        return $this->state ?? throw new \LogicException('No backup in progress: call begin() or resume().');
    }

    private function pendingPath(string $id): string
    {
        return $this->store->pendingDir() . '/' . $id;
    }

    private function statePath(): string
    {
        return $this->pendingPath($this->requireState()->id) . '/' . BackupState::FILE;
    }
}
