<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Backup;

use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\ContentHash;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoredObject;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Engine\Store\StoreWriteFailed;

/**
 * One SnapshotSource's part of a backup: asks it for chunk after chunk, stores each as an object (or takes the
 * existing object it names), lists it in the source's chunk list (JSON lines {"label","hash","size"}, plus "key"
 * and "pass" when the chunk has them) and keeps its SourceState. The runner makes one per source in each process
 * and saves the state through the checkpoint it hands to run().
 */
final class SourcePhase
{
    private const COPY_BLOCK = 1048576;
    private const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR
        | JSON_INVALID_UTF8_SUBSTITUTE;

    private readonly SourceState $state;
    private ?PieceWriter $list = null;
    /** @var array<string, array{0: string, 1: int}>|null its chunks listed so far by key, read when first asked */
    private ?array $listed = null;
    /** @var array<string, true> objects the source wanted to reuse that turned out to be gone */
    private array $missingObjects = [];

    public function __construct(
        private readonly SnapshotSource $source,
        private readonly BackupState $backup,
        private readonly BackupStore $store,
        private readonly ObjectStore $objects,
        private readonly int $pieceCapBytes,
    ) {
        $this->state = $backup->sources[$source->key()];
    }

    /**
     * Writes chunks until $deadline (at least one, and on while a chunk asks to finish in this slice), or until
     * the source is done. $checkpoint runs after each chunk.
     */
    public function run(float $deadline, \Closure $checkpoint): void
    {
        $state = $this->state;
        if (!$state->started) {
            $state->start($this->source->start($this->parentNotes()));
        }
        if ($this->source instanceof ReusesObjects) {
            $this->source->useObjects(
                fn (string $hash): bool => !isset($this->missingObjects[$hash]) && $this->objects->has($hash)
            );
        }
        if ($this->source instanceof ReadsOwnChunks) {
            $this->source->useOwnChunks(fn (): array => $this->listed ??= $this->listedChunks());
        }
        // The chunk is buffered in the store (a guarded file, like everything the store writes), not in /tmp.
        // One buffer for the slice, emptied back to its guard for each chunk: truncating a file to nothing
        // and writing it again makes ext4 flush it on close (auto_da_alloc), a disk wait per chunk.
        $temp = $this->pendingDir() . '/chunk' . GuardedFile::EXTENSION;
        $out  = Durable::open($temp, 'w+b');
        if (false === $out) {
            throw StoreWriteFailed::at($temp, 'create');
        }
        try {
            GuardedFile::writeGuard($out, $temp);
            while (!$state->done) {
                $cursor = $state->cursor ?? throw new \LogicException('A source that is not done has no cursor.');
                $this->emptyBuffer($out, $temp);
                $chunk  = $this->source->writeNextChunk($cursor, $out);
                $stored = null !== $chunk->reuseHash ? $this->reuse($chunk) : null;
                if (null === $stored && null !== $chunk->reuseHash) {
                    // The object it named is gone: the same cursor again, this time written out.
                    $this->emptyBuffer($out, $temp);
                    $chunk = $this->source->writeNextChunk($cursor, $out);
                    if (null !== $chunk->reuseHash) {
                        throw new StoreException('A source reused an object that is not in the store.');
                    }
                }
                $stored ??= $this->storeStream($out);
                $this->listChunk($chunk, $stored);
                $checkpoint();
                if (microtime(true) >= $deadline && !$chunk->finishInSlice) {
                    break;
                }
            }
        } finally {
            fclose($out);
        }
    }

    /** @param resource $out the slice's chunk buffer, left holding its guard only */
    private function emptyBuffer($out, string $temp): void
    {
        if (!ftruncate($out, GuardedFile::length()) || 0 !== fseek($out, GuardedFile::length())) {
            throw StoreWriteFailed::at($temp, 'truncate');
        }
    }

    /** Appends a stored chunk to the source's chunk list and counts it. */
    private function listChunk(SourceChunk $chunk, StoredObject $stored): void
    {
        $state = $this->state;
        $line  = ['label' => $chunk->label, 'hash' => $stored->hash, 'size' => $stored->plainBytes];
        if (null !== $chunk->contentKey) {
            // What the next backup may reuse: kept in the chunk list (an object), not in the small record.
            $line['key'] = $chunk->contentKey;
        }
        if ($chunk->pass > 0) {
            $line['pass'] = $chunk->pass;
        }
        $this->list()->append(json_encode($line, self::JSON_FLAGS), $stored->hash);
        $state->listed($chunk, $stored->plainBytes);
        $this->backup->tally->sourceChunks++;
        $this->backup->tally->sourceBytes += $stored->plainBytes;
        if ($state->done && [] !== $state->passes) {
            $this->keepLastPasses();
        }
    }

    /** The writer of the source's chunk list, opened where its state says. */
    public function list(): PieceWriter
    {
        return $this->list ??= new PieceWriter(
            $this->objects,
            $this->pendingDir() . '/' . ($this->state->listDir ?? 'source-' . $this->source->key()),
            $this->state->list,
            $this->pieceCapBytes,
            fn (StoredObject $o) => $this->backup->tally->stored($o),
        );
    }

    public function close(): void
    {
        $this->list?->close();
        $this->list = null;
    }

    /**
     * Rewrites a finished source's chunk list without the chunks a later pass wrote again (of each label,
     * only the last pass's chunks stay, in their order) and without the pass numbers. Until the state
     * names the new list, the old one and the cursor of the last chunk stand: a crash here redoes it.
     */
    private function keepLastPasses(): void
    {
        $state  = $this->state;
        $pieces = $this->list()->finish();
        $this->close();
        $this->objects->syncPending(); // the pieces just cut are read back
        $state->listDir = 'source-' . $this->source->key() . '-final';
        $state->list    = [];
        $list   = $this->list();
        $chunks = 0;
        $bytes  = 0;
        foreach ((new PieceReader($this->objects, $pieces))->lines() as $line) {
            $data  = json_decode($line, true, 4, JSON_THROW_ON_ERROR);
            $label = (string) ($data['label'] ?? '');
            if ((int) ($data['pass'] ?? 0) < ($state->passes[$label] ?? 0)) {
                continue;
            }
            unset($data['pass']);
            $list->append(json_encode($data, self::JSON_FLAGS), (string) $data['hash']);
            $chunks++;
            $bytes += (int) $data['size'];
        }
        $this->backup->tally->sourceChunks -= $state->chunks - $chunks;
        $this->backup->tally->sourceBytes  -= $state->bytes - $bytes;
        $state->chunks = $chunks;
        $state->bytes  = $bytes;
        $state->passes = [];
    }

    /**
     * The chunks the source has listed so far, by key. The open part is stored as a piece first (a cut
     * where content would not make one: the list is rewritten anyway once a source reads parts again).
     *
     * @return array<string, array{0: string, 1: int}>
     */
    private function listedChunks(): array
    {
        $chunks = [];
        $pieces = $this->list()->finish();
        $this->objects->syncPending(); // the pieces just cut are read back
        foreach ((new PieceReader($this->objects, $pieces))->lines() as $line) {
            $data = json_decode($line, true, 4);
            if (is_array($data) && is_string($data['key'] ?? null) && ContentHash::isValid($data['hash'] ?? null)) {
                $chunks[$data['key']] = [(string) $data['hash'], (int) ($data['size'] ?? 0)];
            }
        }
        return $chunks;
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
        // A source's chunks are SQL text, which always compresses: no sample to decide (a chunk is about the
        // size of a sample, so deciding would compress it twice).
        $writer = $this->objects->writer(true);
        while (!feof($in)) {
            $block = fread($in, self::COPY_BLOCK);
            if (false === $block) {
                $writer->abort();
                throw new StoreException('Could not read back a chunk buffer.');
            }
            $writer->write($block);
        }
        $stored = $writer->commit();
        $this->backup->tally->stored($stored);
        return $stored;
    }

    /**
     * The notes this source left in the parent snapshot, with the parent's chunks by key (CHUNK_OBJECTS) and
     * by label (CHUNK_LISTS) read from its chunk list.
     *
     * @return array<string, mixed>
     */
    private function parentNotes(): array
    {
        $parentId = $this->backup->parentId;
        if (null === $parentId || !$this->store->snapshots()->has($parentId)) {
            return [];
        }
        $key    = $this->source->key();
        $record = $this->store->snapshots()->load($parentId);
        $notes  = $record->sourceNotes($key);
        unset($notes[BackupRunner::CHUNK_OBJECTS], $notes[BackupRunner::CHUNK_LISTS]);
        $objects = [];
        $lists   = [];
        try {
            foreach ((new PieceReader($this->objects, $record->sourcePieces($key)))->lines() as $line) {
                $data = json_decode($line, true, 4);
                if (!is_array($data) || !ContentHash::isValid($data['hash'] ?? null)) {
                    continue;
                }
                $contentKey = is_string($data['key'] ?? null) ? $data['key'] : null;
                if (null !== $contentKey) {
                    $objects[$contentKey] = [$data['hash'], (int) ($data['size'] ?? 0)];
                }
                if (is_string($data['label'] ?? null)) {
                    $lists[$data['label']][] = [$data['hash'], (int) ($data['size'] ?? 0), $contentKey];
                }
            }
        } catch (StoreException) {
            $objects = []; // a damaged parent list: nothing is reused, everything is written
            $lists   = [];
        }
        if ([] !== $objects) {
            $notes[BackupRunner::CHUNK_OBJECTS] = $objects;
        }
        if ([] !== $lists) {
            $notes[BackupRunner::CHUNK_LISTS] = $lists;
        }
        return $notes;
    }

    private function pendingDir(): string
    {
        return $this->store->pendingDir() . '/' . $this->backup->id;
    }
}
