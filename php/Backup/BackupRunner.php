<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Backup;

use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Files\FileOpener;
use SiteBackups\Engine\Files\FilesCursor;
use SiteBackups\Engine\Files\FilesPhase;
use SiteBackups\Engine\Files\LocalFileOpener;
use SiteBackups\Engine\Files\SecretRedaction;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\ContentHash;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Engine\Store\StoreFormat;
use SiteBackups\Engine\Store\StoredObject;
use SiteBackups\Engine\Store\StoreWriteFailed;

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
    private const COPY_BLOCK   = 1048576;
    /** The parent note under which a source gets the parent's chunks by key (SourceChunk::$contentKey => [hash, size]). */
    public const CHUNK_OBJECTS = 'chunk_objects';
    /** The parent note under which a source gets all the parent's chunks by label, in order: [hash, size, key or null]. */
    public const CHUNK_LISTS = 'chunk_lists';
    private const JSON_FLAGS   = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR
        | JSON_INVALID_UTF8_SUBSTITUTE;

    /** @var array<string, SnapshotSource> */
    private array $sources = [];
    private FileOpener $opener;
    private ?BackupState $state = null;
    private ?PieceWriter $manifest = null;
    private ?FilesPhase $files = null;
    /** @var array<string, PieceWriter> */
    private array $sourceLists = [];
    private float $lastSave = 0.0;
    /** The runner's own view of the objects, in batch mode: made durable before every state save and publish. */
    private ObjectStore $objects;
    /** @var array<string, true> objects a source wanted to reuse that turned out to be gone */
    private array $missingObjects = [];
    /** @var array<string, array<string, array{0: string, 1: int}>> per source, its chunks listed so far by key */
    private array $listedChunks = [];

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
        $sources = [];
        foreach ($this->sources as $key => $unused) {
            $sources[$key] = [
                'started' => false, 'cursor' => null, 'done' => false, 'notes' => [], 'list' => [],
                'chunks' => 0, 'units' => 0, 'bytes' => 0, 'total' => null,
            ];
        }
        $this->state = new BackupState(
            $id,
            $parent?->id,
            $request->toArray(),
            $root,
            microtime(true),
            // The last backup's file count hints at this one's, unless this one holds only part of the site.
            null === $request->scope && isset($parent?->meta['counts']['entries']) ? (int) $parent->meta['counts']['entries'] : null,
            Progress::PHASE_FILES,
            new FilesCursor(),
            [],
            $sources,
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
            $this->runSource($key, $deadline);
            if ($state->sources[$key]['done']) {
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
            $done   = (int) ($source['units'] ?? $source['chunks']);
            $total  = $source['total'];
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
            $this->sourceUnits($state),
        );
    }

    /**
     * Each started source's units done, and in all when the source knows.
     *
     * @return array<string, array{done: int, total: int|null}>
     */
    private function sourceUnits(BackupState $state): array
    {
        $units = [];
        foreach ($state->sources as $key => $source) {
            if (!$source['started'] && 0 === (int) $source['chunks']) {
                continue;
            }
            $done        = (int) ($source['units'] ?? $source['chunks']);
            $total       = $source['total'];
            $units[$key] = ['done' => $done, 'total' => null === $total ? null : max((int) $total, $done)];
        }
        return $units;
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
            $skipped += count((array) ($source['notes']['skipped'] ?? []));
            $sources[$key] = [
                'pieces' => $this->sourceList($key)->finish(),
                'chunks' => $source['chunks'],
                'bytes'  => $source['bytes'],
                'notes'  => $source['notes'],
            ];
        }
        $request = $state->request;
        $tally   = $state->tally;
        return new SnapshotRecord($state->id, $state->parentId, [
            'environment'    => $request['environment'],
            'trigger'        => $request['trigger'],
            'note'           => $request['note'],
            'wp_version'     => $request['wpVersion'],
            'plugin_version' => $request['pluginVersion'],
            'site_url'       => $request['siteUrl'],
            'table_prefix'   => $request['tablePrefix'],
            'root'           => $state->root,
            'started_at'     => $state->startedAt,
            'finished_at'    => microtime(true),
            'status'         => 0 === $skipped ? 'complete' : 'partial',
            'counts'         => $tally->toMeta(),
            'logical_bytes'  => $tally->logicalBytes + $tally->sourceBytes,
            'new_bytes'      => $tally->newBytes,
            'chunk_bytes'    => $request['chunkBytes'],
            'store_format'   => StoreFormat::CURRENT,
        ] + (is_array($request['scope'] ?? null) ? ['scope' => $request['scope']] : [])
          + (is_array($request['restoreOf'] ?? null) ? ['restore_of' => $request['restoreOf']] : []), $filePieces, $sources);
    }

    private function runSource(string $key, float $deadline): void
    {
        $state  = $this->requireState();
        $entry  = &$state->sources[$key];
        $source = $this->sources[$key];
        if (!$entry['started']) {
            $entry['cursor']  = $source->start($this->parentNotes($key));
            $entry['started'] = true;
            $entry['done']    = null === $entry['cursor'];
        }
        if ($source instanceof ReusesObjects) {
            $source->useObjects(
                fn (string $hash): bool => !isset($this->missingObjects[$hash]) && $this->objects->has($hash)
            );
        }
        if ($source instanceof ReadsOwnChunks) {
            $source->useOwnChunks(fn (): array => $this->listedChunks[$key] ??= $this->listedChunks($key));
        }
        $list = $this->sourceList($key);
        // The chunk is buffered in the store (a guarded file, like everything the store writes), not in /tmp.
        $temp = $this->pendingPath($state->id) . '/chunk' . GuardedFile::EXTENSION;
        do {
            if ($entry['done']) {
                return;
            }
            $out = Durable::open($temp, 'w+b');
            if (false === $out) {
                throw StoreWriteFailed::at($temp, 'create');
            }
            try {
                GuardedFile::writeGuard($out, $temp);
                $chunk = $source->writeNextChunk($entry['cursor'], $out);
                $stored = null !== $chunk->reuseHash ? $this->reuse($chunk) : null;
                if (null === $stored && null !== $chunk->reuseHash) {
                    // The object it named is gone: the same cursor again, this time written out.
                    if (!ftruncate($out, GuardedFile::length()) || 0 !== fseek($out, GuardedFile::length())) {
                        throw StoreWriteFailed::at($temp, 'truncate');
                    }
                    $chunk = $source->writeNextChunk($entry['cursor'], $out);
                    if (null !== $chunk->reuseHash) {
                        throw new StoreException('A source reused an object that is not in the store.');
                    }
                }
                $stored ??= $this->storeStream($out);
            } finally {
                fclose($out);
            }
            $line = ['label' => $chunk->label, 'hash' => $stored->hash, 'size' => $stored->plainBytes];
            if (null !== $chunk->contentKey) {
                // What the next backup may reuse: kept in the chunk list (an object), not in the small record.
                $line['key'] = $chunk->contentKey;
            }
            if ($chunk->pass > 0) {
                $line['pass']                           = $chunk->pass;
                $entry['passes'][$chunk->label] = max($chunk->pass, (int) ($entry['passes'][$chunk->label] ?? 0));
            }
            $list->append(json_encode($line, self::JSON_FLAGS), $stored->hash);
            $entry['chunks']++;
            $entry['units']  = $chunk->unitsDone ?? $entry['chunks'];
            $entry['bytes'] += $stored->plainBytes;
            $entry['notes']  = array_replace($entry['notes'], $chunk->notes);
            $entry['total']  = $chunk->unitsTotal ?? $entry['total'];
            $entry['cursor'] = $chunk->next;
            $entry['done']   = null === $chunk->next;
            $state->tally->sourceChunks++;
            $state->tally->sourceBytes += $stored->plainBytes;
            if ($entry['done'] && [] !== (array) ($entry['passes'] ?? [])) {
                $this->keepLastPasses($key);
            }
            $this->checkpoint(false);
        } while (microtime(true) < $deadline || $chunk->finishInSlice);
    }

    /**
     * Rewrites a finished source's chunk list without the chunks a later pass wrote again (of each label,
     * only the last pass's chunks stay, in their order) and without the pass numbers. Until the state
     * names the new list, the old one and the cursor of the last chunk stand: a crash here redoes it.
     *
     * The pass of each label is in the source's "passes" (label => the last pass that wrote it).
     */
    private function keepLastPasses(string $key): void
    {
        $state  = $this->requireState();
        $entry  = &$state->sources[$key];
        $passes = (array) $entry['passes'];
        $pieces = $this->sourceList($key)->finish();
        $this->sourceLists[$key]->close();
        $this->objects->syncPending(); // the pieces just cut are read back
        unset($this->sourceLists[$key]);
        $entry['list_dir'] = 'source-' . $key . '-final';
        $entry['list']     = [];
        $list   = $this->sourceList($key);
        $chunks = 0;
        $bytes  = 0;
        foreach ((new PieceReader($this->objects, $pieces))->lines() as $line) {
            $data  = json_decode($line, true, 4, JSON_THROW_ON_ERROR);
            $label = (string) ($data['label'] ?? '');
            if ((int) ($data['pass'] ?? 0) < (int) ($passes[$label] ?? 0)) {
                continue;
            }
            unset($data['pass']);
            $list->append(json_encode($data, self::JSON_FLAGS), (string) $data['hash']);
            $chunks++;
            $bytes += (int) $data['size'];
        }
        $state->tally->sourceChunks -= $entry['chunks'] - $chunks;
        $state->tally->sourceBytes  -= $entry['bytes'] - $bytes;
        $entry['chunks'] = $chunks;
        $entry['bytes']  = $bytes;
        $entry['passes'] = [];
    }

    /**
     * The chunks a source has listed so far, by key. The open part is stored as a piece first (a cut
     * where content would not make one: the list is rewritten anyway once a source reads parts again).
     *
     * @return array<string, array{0: string, 1: int}>
     */
    private function listedChunks(string $key): array
    {
        $chunks = [];
        $pieces = $this->sourceList($key)->finish();
        $this->objects->syncPending(); // the pieces just cut are read back
        foreach ((new PieceReader($this->objects, $pieces))->lines() as $line) {
            $data = json_decode($line, true, 4);
            if (is_array($data) && is_string($data['key'] ?? null) && ContentHash::isValid($data['hash'] ?? null)) {
                $chunks[$data['key']] = [(string) $data['hash'], (int) ($data['size'] ?? 0)];
            }
        }
        return $chunks;
    }

    private function releaseSources(): void
    {
        foreach ($this->sources as $source) {
            if ($source instanceof HoldsReadView) {
                $source->release();
            }
        }
    }

    /** The object a source named instead of writing a chunk, confirmed and touched as reused files are; null when gone. */
    private function reuse(SourceChunk $chunk): ?StoredObject
    {
        $hash = (string) $chunk->reuseHash;
        if (!ContentHash::isValid($hash) || $chunk->reuseSize < 0 || !$this->objects->touch($hash)) {
            $this->missingObjects[$hash] = true;
            return null;
        }
        return new StoredObject($hash, $chunk->reuseSize, 0, false);
    }

    /** @param resource $in */
    private function storeStream($in): StoredObject
    {
        if (!@fflush($in) || 0 !== fseek($in, GuardedFile::length())) {
            throw StoreWriteFailed::at('the chunk buffer', 'flush');
        }
        $writer = $this->objects->writer(null);
        while (!feof($in)) {
            $block = fread($in, self::COPY_BLOCK);
            if (false === $block) {
                $writer->abort();
                throw new StoreException('Could not read back a chunk buffer.');
            }
            $writer->write($block);
        }
        $stored = $writer->commit();
        $this->requireState()->tally->stored($stored);
        return $stored;
    }

    /** @return array<string, mixed> */
    private function parentNotes(string $key): array
    {
        $parentId = $this->requireState()->parentId;
        if (null === $parentId || !$this->store->snapshots()->has($parentId)) {
            return [];
        }
        $record = $this->store->snapshots()->load($parentId);
        $notes  = $record->sourceNotes($key);
        unset($notes[self::CHUNK_OBJECTS], $notes[self::CHUNK_LISTS]);
        $objects = [];
        $lists   = [];
        try {
            foreach ((new PieceReader($this->objects, $record->sourcePieces($key)))->lines() as $line) {
                $data = json_decode($line, true, 4);
                if (is_array($data) && is_string($data['key'] ?? null) && ContentHash::isValid($data['hash'] ?? null)) {
                    $objects[$data['key']] = [$data['hash'], (int) ($data['size'] ?? 0)];
                }
                if (is_array($data) && is_string($data['label'] ?? null) && ContentHash::isValid($data['hash'] ?? null)) {
                    $lists[$data['label']][] = [$data['hash'], (int) ($data['size'] ?? 0), is_string($data['key'] ?? null) ? $data['key'] : null];
                }
            }
        } catch (StoreException) {
            $objects = []; // a damaged parent list: nothing is reused, everything is written
            $lists   = [];
        }
        if ([] !== $objects) {
            $notes[self::CHUNK_OBJECTS] = $objects;
        }
        if ([] !== $lists) {
            $notes[self::CHUNK_LISTS] = $lists;
        }
        return $notes;
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
        $writers = ['' => $this->manifest] + $this->sourceLists;
        foreach ($writers as $writer) {
            $writer?->sync();
        }
        $this->objects->syncPending();
        if (null !== $this->manifest) {
            $state->manifest = $this->manifest->state();
        }
        foreach ($this->sourceLists as $key => $writer) {
            $state->sources[$key]['list'] = $writer->state();
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
            $state       = $this->requireState();
            $request     = $state->request;
            $parentPieces = [];
            if (null !== $state->parentId && $this->store->snapshots()->has($state->parentId)) {
                $parentPieces = $this->store->snapshots()->load($state->parentId)->filePieces;
            }
            $this->files = new FilesPhase(
                SiteTree::withFolders($state->root, (array) ($request['folders'] ?? [])),
                $this->objects,
                new ExclusionRules($this->store->root(), $request['extraExclusions']),
                $this->opener,
                $this->manifestWriter(),
                $state->files,
                $state->tally,
                $request['chunkBytes'],
                $parentPieces,
                SecretRedaction::fromArray((array) ($request['redaction'] ?? [])),
                SnapshotScope::fromMeta($request['scope'] ?? null),
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

    private function sourceList(string $key): PieceWriter
    {
        $state = $this->requireState();
        return $this->sourceLists[$key] ??= new PieceWriter(
            $this->objects,
            $this->pendingPath($state->id) . '/' . ($state->sources[$key]['list_dir'] ?? 'source-' . $key),
            $state->sources[$key]['list'],
            $this->pieceCapBytes,
            fn (StoredObject $o) => $state->tally->stored($o),
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
        foreach ($this->sourceLists as $writer) {
            $writer->close();
        }
        $this->manifest    = null;
        $this->sourceLists = [];
        $this->files       = null;
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
