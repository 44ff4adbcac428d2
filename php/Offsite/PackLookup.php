<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;

/**
 * Where each object is among the bucket's packs. Built once from every index, into files of the
 * local store (objects sorted by name in 256 shards of 52 bytes each: name, pack number, offset,
 * length), and used again by every later step for as long as the bucket lists the same indexes:
 * a fetch in many steps reads the indexes once, and memory stays at a few shards however large
 * the bucket. An index that cannot be read or is damaged leaves its objects unfound, and the
 * reason is kept for the message.
 */
final class PackLookup
{
    /** Indexes read side by side. */
    private const SIDE_BY_SIDE = 16;
    private const RECORD = 52;
    /** Shards kept in memory at once, at most. */
    private const CACHED_BYTES = 8 * 1048576;

    private ?string $dir = null;
    /** @var list<string> pack ids by number */
    private array $packs = [];
    /** @var array<int, string> */
    private array $shards = [];
    private int $cachedBytes = 0;
    private ?string $damage = null;
    private bool $rebuilt = false;

    /** @param string $cacheDir a folder of the local store for this bucket's lookups */
    public function __construct(
        private readonly Bucket $bucket,
        private readonly SealedTransfer $transfer,
        private readonly OffsiteLayout $layout,
        private readonly string $cacheDir,
    ) {
    }

    /** @return array{string, int, int}|null the pack, offset and length of the object named $name */
    public function find(string $name): ?array
    {
        $this->dir ??= $this->open();
        $key = (string) hex2bin($name);
        if (32 !== strlen($key)) {
            return null;
        }
        $shard = $this->shard(ord($key[0]));
        $low = 0;
        $high = intdiv(strlen($shard), self::RECORD) - 1;
        while ($low <= $high) {
            $middle = ($low + $high) >> 1;
            $order = strcmp(substr($shard, $middle * self::RECORD, 32), $key);
            if (0 === $order) {
                ['pack' => $pack, 'offset' => $offset, 'length' => $length] = (array) unpack('Npack/Joffset/Jlength', $shard, $middle * self::RECORD + 32);
                $id = $this->packs[(int) $pack] ?? null;
                return null === $id ? null : [$id, (int) $offset, (int) $length];
            }
            $order < 0 ? $low = $middle + 1 : $high = $middle - 1;
        }

        return null;
    }

    /** Why some objects may not be found: the first index that could not be read, if any. */
    public function damage(): ?string
    {
        $this->dir ??= $this->open();

        return $this->damage;
    }

    /** The lookup for the indexes the bucket lists now, built if it is not there yet. */
    private function open(): string
    {
        $packs = [];
        foreach ($this->bucket->list(OffsiteLayout::INDEXES) as $key => $size) {
            $pack = OffsiteLayout::packOfIndex((string) $key);
            if (null !== $pack && $size <= PackIndex::MAX_STORED_BYTES) {
                $packs[] = $pack;
            }
        }
        sort($packs, SORT_STRING);
        $dir = $this->cacheDir . '/' . hash('sha256', implode("\n", $packs));
        try {
            $listed = GuardedFile::read($dir . '/packs' . GuardedFile::EXTENSION);
            if (null !== $listed) {
                $this->packs = '' === $listed ? [] : explode("\n", $listed);
                $this->damage = GuardedFile::read($dir . '/damage' . GuardedFile::EXTENSION);
                return $dir;
            }
        } catch (StoreException) {
            // not one of ours: built again below
        }
        $this->build($packs, $dir);

        return $dir;
    }

    /** @param list<string> $packs */
    private function build(array $packs, string $dir): void
    {
        // Lookups for other sets of indexes are out of date: one per bucket is kept.
        Durable::removeTree($this->cacheDir);
        $building = $dir . '.building';
        Durable::makeDir($building);
        $this->packs = [];
        $this->damage = null;
        $unsorted = [];
        try {
            foreach (array_chunk($packs, self::SIDE_BY_SIDE) as $batch) {
                foreach ($this->read($batch) as $index) {
                    $number = count($this->packs);
                    $this->packs[] = $index->pack;
                    foreach ($index->objects() as [$name, $offset, $length]) {
                        $key = (string) hex2bin($name);
                        $unsorted[ord($key[0])] ??= $this->append($building, ord($key[0]));
                        fwrite($unsorted[ord($key[0])], $key . pack('NJJ', $number, $offset, $length));
                    }
                }
            }
            foreach ($unsorted as $shard => $file) {
                fclose($file);
                unset($unsorted[$shard]);
                $this->sort($building, $shard);
            }
        } finally {
            array_map('fclose', $unsorted);
        }
        GuardedFile::write($building . '/packs' . GuardedFile::EXTENSION, implode("\n", $this->packs));
        if (null !== $this->damage) {
            GuardedFile::write($building . '/damage' . GuardedFile::EXTENSION, $this->damage);
        }
        if (!@rename($building, $dir)) {
            throw new OffsiteException('Could not write into the local store.');
        }
        Durable::syncDir($this->cacheDir);
    }

    /**
     * Reads indexes side by side; one that cannot be read is noted as damage and left out.
     *
     * @param list<string> $batch pack ids
     * @return list<PackIndex>
     */
    private function read(array $batch): array
    {
        $streams = [];
        $indexes = [];
        try {
            foreach ($batch as $pack) {
                $streams[] = TempStream::of();
            }
            $results = $this->transfer->downloadAll(array_map(
                fn (string $pack, $stream): array => ['key' => $this->layout->indexKey($pack), 'out' => $stream, 'what' => "the index of pack $pack"],
                $batch,
                $streams,
            ));
            foreach ($results as $i => $result) {
                try {
                    if ($result instanceof OffsiteException) {
                        throw $result;
                    }
                    $indexes[] = PackIndex::parse($batch[$i], (string) stream_get_contents($streams[$i], PackIndex::MAX_STORED_BYTES, 0));
                } catch (OffsiteException $e) {
                    $this->damage ??= $e->getMessage();
                }
            }
        } finally {
            array_map('fclose', $streams);
        }

        return $indexes;
    }

    /** @return resource a shard's unsorted records, written after its guard */
    private function append(string $building, int $shard)
    {
        $path = sprintf('%s/unsorted-%02x%s', $building, $shard, GuardedFile::EXTENSION);
        $file = Durable::open($path, 'x+b');
        if (false === $file) {
            throw new OffsiteException('Could not write into the local store.');
        }
        GuardedFile::writeGuard($file, $path);

        return $file;
    }

    /**
     * Sorts a shard's records by name; of an object in two packs (a rewrite cut short), one is
     * kept. The shard starts with its own hash: a lookup is a cache, written without waiting for
     * the disk, and one that a crash left cut is told by its hash and built again.
     */
    private function sort(string $building, int $shard): void
    {
        $path = sprintf('%s/unsorted-%02x%s', $building, $shard, GuardedFile::EXTENSION);
        $records = str_split((string) GuardedFile::read($path), self::RECORD);
        sort($records, SORT_STRING);
        $kept = [];
        $previous = '';
        foreach ($records as $record) {
            if (substr($record, 0, 32) !== $previous) {
                $kept[] = $record;
                $previous = substr($record, 0, 32);
            }
        }
        $data = implode('', $kept);
        $sorted = sprintf('%s/%02x%s', $building, $shard, GuardedFile::EXTENSION);
        $file = Durable::open($sorted, 'x+b');
        if (false === $file) {
            throw new OffsiteException('Could not write into the local store.');
        }
        try {
            Durable::writeAll($file, GuardedFile::GUARD . hash('sha256', $data, true) . $data, $sorted);
        } finally {
            fclose($file);
        }
        @unlink($path);
    }

    private function shard(int $number): string
    {
        if (isset($this->shards[$number])) {
            return $this->shards[$number];
        }
        try {
            $stored = GuardedFile::read(sprintf('%s/%02x%s', $this->dir, $number, GuardedFile::EXTENSION));
        } catch (StoreException) {
            $stored = 'damaged';
        }
        $shard = substr((string) $stored, 32);
        if (null !== $stored && substr($stored, 0, 32) !== hash('sha256', $shard, true)) {
            // Cut by a crash (or not ours): this lookup is built again, once per step at most.
            if ($this->rebuilt) {
                throw new OffsiteException('The list of what the bucket\'s packs hold cannot be kept in the local store.');
            }
            $this->rebuilt = true;
            Durable::removeTree((string) $this->dir);
            $this->shards = [];
            $this->cachedBytes = 0;
            $this->dir = $this->open();
            return $this->shard($number);
        }
        if ($this->cachedBytes + strlen($shard) > self::CACHED_BYTES) {
            $this->shards = [];
            $this->cachedBytes = 0;
        }
        $this->cachedBytes += strlen($shard);

        return $this->shards[$number] = $shard;
    }
}
