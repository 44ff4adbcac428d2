<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Read\ManifestPathGuard;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectCorrupt;
use SiteBackups\Engine\Store\ObjectHeader;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoreException;

/**
 * One run of a snapshot through a ZipWriter, in the archive's order: manifest.json (stored),
 * database.sql (deflated beforehand, DeflatedDatabase), files/... (stored). With a window (the
 * bytes wanted), the pass reads only what it must:
 *   - the compressed database is read from the window's first byte in it, a seek;
 *   - of a file's chunks (each an object of the store), those in the window are streamed and
 *     verified against their hash; those before it are passed over by their size, unless the
 *     file's CRC is needed (its data descriptor or the central directory lies in the window) and
 *     the chunk's CRC is not in ChunkChecksums: then it is read, and not sent. A chunk before the
 *     window whose size is not known either (neither remembered nor the size of a raw object) is read.
 * Files entirely outside the window are passed over by the size the manifest gives them.
 * Once the window has been written, the pass stops.
 */
final class ArchivePass
{
    private int $chunk = 0;
    private ?int $manifestBytes = null;
    private ?int $manifestCrc = null;
    private readonly bool $directoryWanted;

    /**
     * @param ByteRange|null $window the bytes the writer sends; null for all of them
     * @param ArchiveLayout|null $layout where things lie; null while the layout itself is worked out
     * @param DeflatedDatabase|null $database compressed; null when the snapshot has no database
     */
    public function __construct(
        private readonly ObjectStore $objects,
        private readonly SnapshotRecord $record,
        private readonly ZipWriter $zip,
        private readonly ?ByteRange $window,
        private readonly ?ArchiveLayout $layout,
        private readonly ChunkChecksums $checksums,
        private readonly ?DeflatedDatabase $database,
        private readonly ArchiveReport $report = new ArchiveReport(),
    ) {
        $this->directoryWanted = null === $window
            || (null !== $layout && $window->overlaps($layout->centralOffset, $layout->centralEnd));
    }

    /** @return \Generator<int, Entry> the entries of a snapshot's manifest, in order */
    public static function entries(ObjectStore $objects, SnapshotRecord $record): \Generator
    {
        foreach ((new PieceReader($objects, $record->filePieces))->lines() as $line) {
            yield Entry::fromJson($line);
        }
    }

    /** @return bool true when the archive was written to its end, false when it stopped after the window */
    public function run(): bool
    {
        $sink = ZipEntryStream::open([$this->zip, 'write']);
        try {
            $complete = $this->manifest() && $this->database() && $this->files($sink);
        } finally {
            fclose($sink);
        }
        if (!$complete) {
            $this->zip->completeWindow();
            return false;
        }
        $this->report->archiveBytes = $this->zip->finish();
        return true;
    }

    public function manifestBytes(): ?int
    {
        return $this->manifestBytes;
    }

    public function manifestCrc(): ?int
    {
        return $this->manifestCrc;
    }

    /** How many chunks of the site's files the archive holds (ChunkChecksums numbers them). */
    public function chunks(): int
    {
        return $this->chunk;
    }

    private function manifest(): bool
    {
        $this->zip->beginFile(SnapshotArchive::MANIFEST, 0644, $this->mtime(), ZipWriter::STORE);
        $start = $this->zip->bytesWritten();
        if (null !== $this->layout && !$this->zip->wants($start, $start + $this->layout->manifestBytes)) {
            $this->zip->skipData($this->layout->manifestBytes);
            $this->zip->endFile($this->layout->manifestCrc);
            return !$this->zip->isPastWindow();
        }
        $fragments = ArchiveManifest::fragments(
            $this->record,
            ManifestPathGuard::checked(self::entries($this->objects, $this->record)),
            SnapshotArchive::FILES,
            null === $this->database ? null : SnapshotArchive::DATABASE
        );
        foreach ($fragments as $fragment) {
            $this->zip->write($fragment);
        }
        $this->manifestBytes = $this->zip->bytesWritten() - $start;
        $this->manifestCrc   = $this->zip->endFile();
        if (null !== $this->layout && $this->manifestBytes !== $this->layout->manifestBytes) {
            throw new StoreException("The manifest of snapshot {$this->record->id} changed while it was being sent.");
        }
        return !$this->zip->isPastWindow();
    }

    private function database(): bool
    {
        $database = $this->database;
        if (null === $database) {
            return true;
        }
        $packed = $database->packedBytes();
        $this->zip->beginPacked(SnapshotArchive::DATABASE, 0644, $this->mtime(), $database->plainBytes(), $packed);
        $start = $this->zip->bytesWritten();
        $from  = null === $this->window ? 0 : max(0, min($packed, $this->window->first - $start));
        $to    = null === $this->window ? $packed : max($from, min($packed, $this->window->last + 1 - $start));
        if ($from > 0) {
            $this->zip->skipData($from);
        }
        $database->copy($from, $to - $from, [$this->zip, 'writePacked']);
        if ($to < $packed) {
            if ($this->zip->isPastWindow()) {
                return false;
            }
            $this->zip->skipData($packed - $to);
        }
        $this->zip->endFile($database->plainCrc());
        $this->report->databaseBytes = $database->plainBytes();
        return !$this->zip->isPastWindow();
    }

    /** @param resource $sink the writer's stream for an entry's content */
    private function files($sink): bool
    {
        foreach (ManifestPathGuard::checked(self::entries($this->objects, $this->record)) as $entry) {
            if (!$entry->isBackedUp()) {
                continue;
            }
            // A checked path: relative, plain parts, in a folder of the backup.
            $name = SnapshotArchive::FILES . $entry->path;
            switch ($entry->type) {
                case Entry::DIR:
                    $this->zip->addDirectory($name, $entry->mode, $entry->mtime);
                    $this->report->dirs++;
                    break;
                case Entry::SYMLINK:
                    $this->zip->addSymlink($name, (string) $entry->target, $entry->mtime, $entry->mode);
                    $this->report->symlinks++;
                    break;
                case Entry::FILE:
                    if (!$this->content($entry, $sink)) {
                        return false;
                    }
                    $this->report->files++;
                    $this->report->fileBytes += $entry->size;
                    break;
            }
            if ($this->zip->isPastWindow()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A file entry: its header, the content from the store's objects (what the window needs of
     * it), its data descriptor.
     * @param resource $sink
     * @return bool false when the pass stopped inside it, the window written
     */
    private function content(Entry $entry, $sink): bool
    {
        $hashes       = array_values($entry->chunks);
        $first        = $this->chunk;
        $this->chunk += count($hashes);
        $name         = SnapshotArchive::FILES . $entry->path;
        $zip64        = $this->zip->beginFile($name, $entry->mode, $entry->mtime, ZipWriter::STORE, $entry->size);
        $start        = $this->zip->bytesWritten();
        $end          = $start + $entry->size;
        $descriptor   = ZipRecords::dataDescriptorLength($zip64);
        $crcWanted    = $this->directoryWanted || $this->zip->wants($end, $end + $descriptor);
        if (null !== $this->window && !$this->zip->wants($start, $end)) {
            // Nothing of it is sent: its size is the manifest's, its CRC the chunks' when needed.
            $crc = $crcWanted ? $this->crcOf($first, $hashes, $entry->size, $entry->path) : null;
            $this->zip->skipData($entry->size);
            $this->zip->endFile($crc);
            return true;
        }
        $parts = [];
        $total = 0;
        foreach ($hashes as $i => $hash) {
            if ($this->zip->isPastWindow()) {
                return false;
            }
            $at    = $this->zip->bytesWritten();
            $known = $this->checksums->get($first + $i, $hash);
            if (null !== $this->window && $at < $this->window->first && (null !== $known || !$crcWanted)) {
                $size = null !== $known ? $known[1] : $this->rawSize($hash);
                if (null !== $size && $at + $size <= $this->window->first) {
                    $this->zip->skipData($size);
                    $parts[] = $known;
                    $total  += $size;
                    continue;
                }
            }
            $context = hash_init('crc32b');
            $size    = $this->objects->copyTo($hash, $sink, $context);
            $crc     = Crc32::value($context);
            $parts[] = [$crc, $size];
            $total  += $size;
            $this->checksums->put($first + $i, $hash, $crc, $size);
        }
        if ($total !== $entry->size) {
            throw new StoreException("Stored size differs for {$entry->path}.");
        }
        $this->zip->endFile(self::combined($parts));
        return true;
    }

    /**
     * A file's CRC-32 from its chunks': remembered ones, the others read (and remembered).
     * @param list<string> $hashes
     */
    private function crcOf(int $first, array $hashes, int $size, string $path): int
    {
        $parts = [];
        $total = 0;
        foreach ($hashes as $i => $hash) {
            $known = $this->checksums->get($first + $i, $hash);
            if (null === $known) {
                $known = $this->readChecksum($hash);
                $this->checksums->put($first + $i, $hash, ...$known);
            }
            $parts[] = $known;
            $total  += $known[1];
        }
        if ($total !== $size) {
            throw new StoreException("Stored size differs for $path.");
        }
        return (int) self::combined($parts);
    }

    /** @return array{int, int} the CRC-32 and size of an object's content, read and verified */
    private function readChecksum(string $hash): array
    {
        $reader = $this->objects->reader($hash);
        $crc    = hash_init('crc32b');
        $size   = 0;
        try {
            while (null !== ($block = $reader->read())) {
                hash_update($crc, $block);
                $size += strlen($block);
            }
        } finally {
            $reader->close();
        }
        return [Crc32::value($crc), $size];
    }

    /**
     * An entry's CRC-32 from its chunks', in order; null when one of them is not known.
     * @param list<array{int, int}|null> $parts
     */
    private static function combined(array $parts): ?int
    {
        $crc = null;
        foreach ($parts as $part) {
            if (null === $part) {
                return null;
            }
            $crc = null === $crc ? $part[0] : Crc32::combine($crc, $part[0], $part[1]);
        }
        return $crc ?? 0;
    }

    /** The content size of an object the store kept uncompressed (its file less guard and header); null otherwise. */
    private function rawSize(string $hash): ?int
    {
        $fp = @fopen($this->objects->pathFor($hash), 'rb');
        if (false === $fp) {
            return null; // reading it says what is wrong
        }
        try {
            $header = GuardedFile::hasGuard($fp) ? (string) fread($fp, ObjectHeader::LENGTH) : '';
            $stat   = fstat($fp);
            $raw    = false !== $stat && ObjectHeader::RAW === ObjectHeader::decode($header, $hash);
            return $raw ? $stat['size'] - GuardedFile::length() - ObjectHeader::LENGTH : null;
        } catch (ObjectCorrupt) {
            return null;
        } finally {
            fclose($fp);
        }
    }

    /** The time the backup began, for the entries that are not site files. */
    private function mtime(): int
    {
        return (int) $this->record->startedAt();
    }
}
