<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread, WordPress.WP.AlternativeFunctions.file_system_operations_touch, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink, WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Read\SourceChunkRef;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Engine\Store\StoreWriteFailed;

/**
 * database.sql of a downloaded backup, deflated once and kept (DownloadCache) for every request of
 * the download: a resumed download, a range, a second download of the same backup read the same
 * bytes, and a range inside it is a seek. The file holds the guard, a header (what it is, how far
 * it got, the sizes and CRC-32s) and the raw deflate stream.
 *
 * Compressing a large database takes longer than one request may last, so it goes in segments of
 * a few MB of SQL (whole chunks of the backup), each deflated on its own and ended with a sync
 * flush (the last one with the end of the stream): one deflate stream whose bytes depend only on
 * the SQL, zlib's version, the level and the segment size (the file's name holds a hash of those).
 * The partial file (a name of its own, under a lock) records after each segment how far it got,
 * so the next request goes on from there; once whole it is renamed into place.
 */
final class DeflatedDatabase
{
    public const LEVEL = 6;
    public const SEGMENT_BYTES = 4194304;

    private const KIND = 'site-backups-download-database';
    private const FORMAT = 1;
    private const HEADER_BYTES = 512;
    private const READ_BYTES = 1048576;
    private const WAIT_MICROS = 100000;

    /** @var resource|null the finished file, open for reading */
    private $file = null;
    /** @var array<string, mixed>|null the finished file's header */
    private ?array $done = null;
    private float $share = 0.0;

    public function __construct(
        private readonly BackupStore $store,
        private readonly SnapshotRecord $record,
        private readonly int $segmentBytes = self::SEGMENT_BYTES,
    ) {
        if ($segmentBytes < 1) {
            throw new \InvalidArgumentException('A segment holds at least one byte.');
        }
    }

    public function __destruct()
    {
        if (is_resource($this->file)) {
            fclose($this->file);
        }
    }

    /** What the compressed bytes depend on besides the SQL: the same key, the same bytes. */
    public function key(): string
    {
        $parts = [self::KIND, self::FORMAT, ZLIB_VERSION, self::LEVEL, $this->segmentBytes];
        return substr(hash('sha256', implode("\n", $parts)), 0, 16);
    }

    /**
     * Compresses the database, going on from where an earlier request stopped, for about $seconds
     * (at least one segment). Waits that long for another request that holds the partial file.
     * @return bool true once the compressed database is whole
     * @throws StoreException when the store cannot be read or written, or the database is damaged
     */
    public function prepare(float $seconds): bool
    {
        if ($this->openFinished()) {
            return true;
        }
        $deadline = microtime(true) + max(0.0, $seconds);
        $this->store->assertWritable();
        Durable::makeDir($this->store->tempDir());
        $path = $this->path('partial');
        $fp   = Durable::open($path, 'c+b');
        if (false === $fp) {
            throw StoreWriteFailed::at($path, 'create');
        }
        try {
            while (!flock($fp, LOCK_EX | LOCK_NB)) {
                // Another request is compressing it: wait while the budget lasts.
                if ($this->openFinished()) {
                    return true;
                }
                if (microtime(true) >= $deadline) {
                    $this->share = $this->shareOf(self::readHeader($fp));
                    return false;
                }
                usleep(self::WAIT_MICROS);
            }
            if ($this->openFinished()) {
                self::removeIfEmpty($fp, $path); // made just after the other request renamed its file
                return true;
            }
            $state = $this->resumable($fp) ?? $this->begin($fp);
            if (!$this->compress($fp, $state, $deadline)) {
                return false;
            }
            if (!@rename($path, $this->path('whole'))) {
                throw StoreWriteFailed::at($this->path('whole'), 'rename into');
            }
            Durable::syncDir($this->store->tempDir());
        } finally {
            flock($fp, LOCK_UN);
            fclose($fp);
        }
        if (!$this->openFinished()) {
            throw new StoreException("The compressed database of snapshot {$this->record->id} could not be read back.");
        }
        return true;
    }

    /** Whether the compressed database is whole (made by this request or an earlier one). */
    public function isReady(): bool
    {
        return $this->openFinished();
    }

    /** How much of the database is compressed, from 0 to 1. */
    public function share(): float
    {
        return null === $this->done ? $this->share : 1.0;
    }

    public function plainBytes(): int
    {
        return (int) $this->header()['plain'];
    }

    public function plainCrc(): int
    {
        return (int) $this->header()['plain_crc'];
    }

    public function packedBytes(): int
    {
        return (int) $this->header()['packed'];
    }

    public function packedCrc(): int
    {
        return (int) $this->header()['packed_crc'];
    }

    /**
     * Hands the compressed bytes from $from, $length of them, to $emit, a block at a time. Read
     * whole, they are checked against their CRC-32 (a damaged file is removed, to be made again).
     * @param callable(string): void $emit
     */
    public function copy(int $from, int $length, callable $emit): void
    {
        $packed = $this->packedBytes();
        $file   = $this->file;
        if ($from < 0 || $length < 0 || $from + $length > $packed || !is_resource($file)) {
            throw new \InvalidArgumentException("Bytes $from+$length are not in a compressed database of $packed bytes.");
        }
        if (0 !== fseek($file, GuardedFile::length() + self::HEADER_BYTES + $from)) {
            throw new StoreException("The compressed database of snapshot {$this->record->id} cannot be read.");
        }
        $crc  = $from === 0 && $length === $packed ? hash_init('crc32b') : null;
        $left = $length;
        while ($left > 0) {
            $block = fread($file, min(self::READ_BYTES, $left));
            if (false === $block || '' === $block) {
                throw new StoreException("The compressed database of snapshot {$this->record->id} ends early.");
            }
            $left -= strlen($block);
            if (null !== $crc) {
                hash_update($crc, $block);
            }
            $emit($block);
        }
        if (null !== $crc && Crc32::value($crc) !== $this->packedCrc()) {
            @unlink($this->path('whole'));
            throw new StoreException("The compressed database of snapshot {$this->record->id} was damaged; the next download makes it again.");
        }
    }

    /** @return array<string, mixed> */
    private function header(): array
    {
        if (null === $this->done) {
            throw new \LogicException('The database is not compressed yet: prepare() first.');
        }
        return $this->done;
    }

    /**
     * Compresses segment after segment until the end or the deadline (at least one segment).
     * @param resource $fp the partial file, locked
     * @param array<string, mixed> $state
     * @return bool whether the stream is whole
     */
    private function compress($fp, array $state, float $deadline): bool
    {
        $refs  = $this->chunkRefs();
        $skip  = (int) $state['chunks'];
        $plain = 0;
        for ($i = 0; $i < $skip && $refs->valid(); $i++, $refs->next()) {
            $plain += $refs->current()->size;
        }
        if ($plain !== (int) $state['plain_done']) {
            // The header does not describe this backup's chunks: start again.
            $state = $this->begin($fp);
            $refs  = $this->chunkRefs();
        }
        $objects = $this->store->objects();
        $path    = $this->path('partial');
        do {
            $segment = [];
            $bytes   = 0;
            while ($refs->valid() && ($bytes < $this->segmentBytes || [] === $segment)) {
                $segment[] = $refs->current();
                $bytes    += $refs->current()->size;
                $refs->next();
            }
            $last = !$refs->valid();
            if (0 !== fseek($fp, GuardedFile::length() + self::HEADER_BYTES + (int) $state['packed'])) {
                throw StoreWriteFailed::at($path);
            }
            $plainCrc  = hash_init('crc32b');
            $packedCrc = hash_init('crc32b');
            $deflate   = deflate_init(ZLIB_ENCODING_RAW, ['level' => self::LEVEL]);
            if (false === $deflate) {
                throw new ZipException('Could not start compression.');
            }
            $packed = 0;
            $pack   = static function (string $bytes, int $flush) use ($deflate, $fp, $path, $plainCrc, $packedCrc, &$packed): void {
                hash_update($plainCrc, $bytes);
                $out = deflate_add($deflate, $bytes, $flush);
                if (false === $out) {
                    throw new ZipException('Compression failed.');
                }
                hash_update($packedCrc, $out);
                Durable::writeAll($fp, $out, $path);
                $packed += strlen($out);
            };
            // PHP's deflate_add() ignores a flush with no input, so the segment's last block carries it:
            // each block waits for the next before it is compressed.
            $held = '';
            $sink = ZipEntryStream::open(static function (string $bytes) use ($pack, &$held): void {
                $pack($held, ZLIB_NO_FLUSH);
                $held = $bytes;
            });
            try {
                foreach ($segment as $ref) {
                    $copied = $objects->copyTo($ref->hash, $sink);
                    if ($copied !== $ref->size) {
                        throw new StoreException("A chunk of the database of snapshot {$this->record->id} has $copied bytes, not {$ref->size}.");
                    }
                }
            } finally {
                fclose($sink);
            }
            $pack($held, $last ? ZLIB_FINISH : ZLIB_SYNC_FLUSH);
            Durable::flush($fp, $path);
            $state['chunks']     += count($segment);
            $state['plain_crc']   = Crc32::combine((int) $state['plain_crc'], Crc32::value($plainCrc), $bytes);
            $state['packed_crc']  = Crc32::combine((int) $state['packed_crc'], Crc32::value($packedCrc), $packed);
            $state['plain_done'] += $bytes;
            $state['packed']     += $packed;
            if ($last && $state['plain_done'] !== $state['plain']) {
                throw new StoreException("The database of snapshot {$this->record->id} has {$state['plain_done']} bytes, not {$state['plain']}.");
            }
            $state['complete'] = $last;
            $this->writeHeader($fp, $state);
            $this->share = $this->shareOf($state);
        } while (!$last && microtime(true) < $deadline);
        if ($last) {
            Durable::flush($fp, $path);
        }
        return $last;
    }

    /** @return \Generator<int, SourceChunkRef> */
    private function chunkRefs(): \Generator
    {
        $list = new PieceReader($this->store->objects(), $this->record->sourcePieces(DatabaseSource::KEY));
        yield from SnapshotReader::chunkRefs($list->lines());
    }

    /**
     * Where an earlier request stopped, when the partial file is this database's; the file is cut
     * back to the last segment it recorded.
     * @param resource $fp
     * @return array<string, mixed>|null
     */
    private function resumable($fp): ?array
    {
        $state = self::readHeader($fp);
        if (null === $state || !$this->describesThis($state) || true === $state['complete']) {
            return null;
        }
        $end  = GuardedFile::length() + self::HEADER_BYTES + max(0, (int) $state['packed']);
        $stat = fstat($fp);
        if (false === $stat || $stat['size'] < $end || !ftruncate($fp, $end)) {
            return null;
        }
        return $state;
    }

    /**
     * Starts the partial file afresh.
     * @param resource $fp
     * @return array<string, mixed>
     */
    private function begin($fp): array
    {
        $path = $this->path('partial');
        if (!ftruncate($fp, 0) || !rewind($fp)) {
            throw StoreWriteFailed::at($path);
        }
        GuardedFile::writeGuard($fp, $path);
        $state = [
            'kind'       => self::KIND,
            'format'     => self::FORMAT,
            'key'        => $this->key(),
            'snapshot'   => $this->record->id,
            'plain'      => (int) ($this->record->sources[DatabaseSource::KEY]['bytes'] ?? 0),
            'chunks'     => 0,
            'plain_done' => 0,
            'plain_crc'  => 0,
            'packed'     => 0,
            'packed_crc' => 0,
            'complete'   => false,
        ];
        $this->writeHeader($fp, $state);
        return $state;
    }

    /**
     * @param resource $fp
     * @param array<string, mixed> $state
     */
    private function writeHeader($fp, array $state): void
    {
        $path = $this->path('partial');
        $json = json_encode($state, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
        if (strlen($json) >= self::HEADER_BYTES || 0 !== fseek($fp, GuardedFile::length())) {
            throw StoreWriteFailed::at($path);
        }
        Durable::writeAll($fp, str_pad($json, self::HEADER_BYTES - 1) . "\n", $path);
    }

    /**
     * @param resource $fp at any position
     * @return array<string, mixed>|null
     */
    private static function readHeader($fp): ?array
    {
        if (!rewind($fp) || !GuardedFile::hasGuard($fp)) {
            return null;
        }
        $head  = fread($fp, self::HEADER_BYTES);
        $state = false === $head || self::HEADER_BYTES !== strlen($head) ? null : json_decode($head, true);
        return is_array($state) ? $state : null;
    }

    /** @param array<string, mixed> $state */
    private function describesThis(array $state): bool
    {
        foreach (['chunks', 'plain', 'plain_done', 'plain_crc', 'packed', 'packed_crc'] as $number) {
            if (!is_int($state[$number] ?? null) || $state[$number] < 0) {
                return false;
            }
        }
        return self::KIND === ($state['kind'] ?? null) && self::FORMAT === ($state['format'] ?? null)
            && $this->key() === ($state['key'] ?? null) && $this->record->id === ($state['snapshot'] ?? null)
            && (int) ($this->record->sources[DatabaseSource::KEY]['bytes'] ?? 0) === $state['plain']
            && is_bool($state['complete'] ?? null);
    }

    /** @param array<string, mixed>|null $state */
    private function shareOf(?array $state): float
    {
        if (null === $state || !$this->describesThis($state)) {
            return 0.0;
        }
        return $state['plain'] > 0 ? min(1.0, $state['plain_done'] / $state['plain']) : 0.0;
    }

    /**
     * Opens the finished file once it is there and whole; one that is not is removed.
     * @phpstan-impure another request may finish it meanwhile
     */
    private function openFinished(): bool
    {
        if (null !== $this->done) {
            return true;
        }
        $path = $this->path('whole');
        $fp   = @fopen($path, 'rb');
        if (false === $fp) {
            return false;
        }
        $state = self::readHeader($fp);
        $stat  = fstat($fp);
        $whole = null !== $state && $this->describesThis($state) && true === $state['complete']
            && $state['plain_done'] === $state['plain'] && false !== $stat
            && $stat['size'] === GuardedFile::length() + self::HEADER_BYTES + $state['packed'];
        if (!$whole) {
            fclose($fp);
            @unlink($path);
            return false;
        }
        @touch($path); // in use: the sweep leaves it a day from now
        $this->file = $fp;
        $this->done = $state;
        return true;
    }

    /**
     * Removes a partial file this request has just made in vain, if no one wrote to it.
     * @param resource $fp
     */
    private static function removeIfEmpty($fp, string $path): void
    {
        $mine   = fstat($fp);
        $onDisk = @stat($path);
        if (false !== $mine && false !== $onDisk && 0 === $mine['size'] && $mine['ino'] === $onDisk['ino']) {
            @unlink($path);
        }
    }

    private function path(string $which): string
    {
        $name = $this->key() . '-database' . ('whole' === $which ? '' : '-partial');
        return DownloadCache::path($this->store, $this->record->id, $name);
    }
}
