<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Read\ManifestPathGuard;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\StoreException;

/**
 * A published snapshot as one zip, streamed:
 *   manifest.json  the snapshot's id, metadata and list of paths (ArchiveManifest), stored
 *   database.sql   the database as one SQL script, for the mariadb client, deflated
 *   files/...      every file, folder and symlink the backup holds, with modes and mtimes, stored
 * Every byte is verified against its hash on the way out; a missing or corrupt object ends the
 * archive with an exception and an output that no unzip takes for complete. Entry names are built
 * only from manifest paths that ManifestPathGuard passed: a manifest with an unsafe path (which
 * an extractor could write outside its folder or through a link) fails at open(), before the
 * first byte, and again should the record change before the archive is written.
 *
 * The same snapshot always gives the same bytes, so that a download cut off can be finished by a
 * request for the rest (an HTTP range): files are stored (most of a site's bytes are images and
 * archives that do not shrink, and a stored file's place in the archive follows from the manifest),
 * the database is deflated once into the store's tmp/ (DeflatedDatabase), times are written in UTC
 * and the metadata's numbers alike in every process. The size is then known before the first byte,
 * and a part of the archive is sent without producing the bytes before it (ArchivePass,
 * ChunkChecksums).
 */
final class SnapshotArchive
{
    public const MANIFEST = 'manifest.json';
    public const DATABASE = 'database.sql';
    public const FILES    = 'files/';

    /** Names the archive's byte layout: change it whenever the same snapshot would give other bytes. */
    private const LAYOUT = 'site-backups-zip-2';

    private const RECORD_JSON = JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE;

    private readonly ?DeflatedDatabase $database;
    private ?ArchiveLayout $layout = null;

    private function __construct(
        private readonly BackupStore $store,
        private readonly SnapshotRecord $record,
    ) {
        $this->database = isset($record->sources[DatabaseSource::KEY]) ? new DeflatedDatabase($store, $record) : null;
    }

    /**
     * Checks the id, reads the snapshot's record and checks every path of its manifest, so that an
     * unknown id, an unreadable store or an unsafe manifest fails before the first byte of the archive.
     * @throws \SiteBackups\Engine\Snapshot\InvalidSnapshotId for a malformed id
     * @throws StoreException when the snapshot does not exist or cannot be read
     * @throws UnsafePath naming the first unsafe path of the manifest and why
     */
    public static function open(BackupStore $store, string $id): self
    {
        $record = $store->snapshots()->load(SnapshotId::assertValid($id));
        ManifestPathGuard::assertAll(ArchivePass::entries($store->objects(), $record));
        return new self($store, $record);
    }

    public function record(): SnapshotRecord
    {
        return $this->record;
    }

    /**
     * Makes what the archive needs before its first byte (the compressed database), going on from
     * where an earlier request stopped, for about $seconds.
     * @return bool true once the archive can be sent; false when more requests must go on with it
     * @throws StoreException when the store cannot be read or written
     */
    public function prepare(float $seconds): bool
    {
        return null === $this->database || $this->database->prepare($seconds);
    }

    /** How much of prepare()'s work is done, from 0 to 1. */
    public function preparedShare(): float
    {
        return null === $this->database ? 1.0 : $this->database->share();
    }

    /**
     * A strong HTTP validator, quoted: equal for two requests exactly when they get the same bytes
     * (the same record, layout, zlib build and level, and compressed database). After prepare().
     */
    public function etag(): string
    {
        $parts    = [self::LAYOUT, StableJson::encode($this->record->toArray(), self::RECORD_JSON)];
        $database = $this->readyDatabase();
        if (null !== $database) {
            $parts[] = implode(' ', [
                $database->key(),
                $database->plainBytes(),
                $database->plainCrc(),
                $database->packedBytes(),
                $database->packedCrc(),
            ]);
        }
        return '"' . substr(hash('sha256', implode("\n", $parts)), 0, 40) . '"';
    }

    /**
     * The archive's exact size, worked out without reading any file. After prepare().
     * @throws StoreException when a manifest piece is missing or damaged
     * @throws UnsafePath when the manifest holds an unsafe path
     */
    public function size(): int
    {
        return $this->layout()->size;
    }

    /**
     * Writes the whole archive to $out, which need not be seekable, compressing the database
     * first if no download has yet (however long that takes).
     * @param resource $out
     */
    public function writeTo($out): ArchiveReport
    {
        $this->assertUnchanged();
        $this->prepare(INF);
        $zip    = new ZipWriter($out);
        $report = new ArchiveReport();
        $pass   = new ArchivePass(
            $this->store->objects(),
            $this->record,
            $zip,
            null,
            null,
            ChunkChecksums::none(),
            $this->readyDatabase(),
            $report
        );
        try {
            $pass->run();
        } catch (\Throwable $e) {
            $zip->abort();
            throw $e;
        }
        return $report;
    }

    /**
     * Writes bytes $range->first to $range->last of the archive to $out (all of them for a whole
     * download). Only what the range needs is read: the objects whose bytes it holds, the part of
     * the compressed database in it, and, when it reaches the central directory, the chunks whose
     * CRC is not yet in ChunkChecksums. After prepare(). A failure part-way stops the output at
     * least one byte short of the range, which its reader was promised.
     * @param resource $out
     */
    public function writeRange($out, ByteRange $range): void
    {
        $this->assertUnchanged();
        $layout = $this->layout();
        if ($range->isEmpty() || $range->last >= $layout->size) {
            throw new \InvalidArgumentException("Bytes {$range->first}-{$range->last} are not in an archive of {$layout->size} bytes.");
        }
        $directory = $range->overlaps($layout->centralOffset, $layout->centralEnd)
            ? new CentralDirectory()
            : CentralDirectory::sizeOnly();
        $checksums = ChunkChecksums::open($this->store, $this->record->id, $layout->chunks);
        $zip       = new ZipWriter($out, ZipWriter::DEFAULT_LEVEL, $directory, $range);
        $pass      = new ArchivePass(
            $this->store->objects(),
            $this->record,
            $zip,
            $range,
            $layout,
            $checksums,
            $this->readyDatabase()
        );
        try {
            if ($pass->run() && $zip->bytesWritten() !== $layout->size) {
                throw new StoreException(sprintf(
                    'The archive of snapshot %s came out at %d bytes, not %d.',
                    $this->record->id,
                    $zip->bytesWritten(),
                    $layout->size
                ));
            }
        } catch (\Throwable $e) {
            $zip->abort();
            throw $e;
        } finally {
            $checksums->close();
        }
    }

    private function layout(): ArchiveLayout
    {
        if (null !== $this->layout) {
            return $this->layout;
        }
        $nowhere = fopen('php://memory', 'wb'); // an empty window: nothing is written to it
        if (false === $nowhere) {
            throw new ZipException('Could not open a stream to lay the archive out.');
        }
        try {
            $zip  = new ZipWriter($nowhere, ZipWriter::DEFAULT_LEVEL, CentralDirectory::sizeOnly(), ByteRange::none());
            $pass = new ArchivePass(
                $this->store->objects(),
                $this->record,
                $zip,
                ByteRange::none(),
                null,
                ChunkChecksums::none(),
                $this->readyDatabase()
            );
            $pass->run();
        } finally {
            fclose($nowhere);
        }
        [$centralOffset, $centralEnd] = $zip->centralSpan() ?? [0, 0];
        return $this->layout = new ArchiveLayout(
            $zip->bytesWritten(),
            $centralOffset,
            $centralEnd,
            (int) $pass->manifestBytes(),
            (int) $pass->manifestCrc(),
            $pass->chunks()
        );
    }

    private function readyDatabase(): ?DeflatedDatabase
    {
        if (null !== $this->database && !$this->database->isReady()) {
            throw new \LogicException('The database is not compressed yet: prepare() the archive first.');
        }
        return $this->database;
    }

    /**
     * The archive is the record read at open(), which its size and ETag describe. Should the store
     * hold another record under that id by now, nothing is written: one with an unsafe manifest is
     * refused as such, any other as a change.
     */
    private function assertUnchanged(): void
    {
        $current = $this->store->snapshots()->load($this->record->id);
        $opened  = StableJson::encode($this->record->toArray(), self::RECORD_JSON);
        if (StableJson::encode($current->toArray(), self::RECORD_JSON) === $opened) {
            return;
        }
        ManifestPathGuard::assertAll(ArchivePass::entries($this->store->objects(), $current));
        throw new StoreException("Snapshot {$this->record->id} changed while it was being downloaded; download it again.");
    }
}
