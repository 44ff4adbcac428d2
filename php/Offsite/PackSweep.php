<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Retention\BloomFilter;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\TempFiles;

/**
 * Retention for the bucket's packs: a pack none of whose objects is needed is deleted; one that
 * is mostly garbage is written again with only what is needed (and the old one deleted after);
 * one less than half garbage stays as it is, so a day's retention moves few bytes. Packs whose
 * index never followed (an upload cut short) go, and so do indexes left without their pack.
 *
 * The upload marks of what goes are forgotten first, so a crash in between costs at most an
 * upload again, never a mark that claims an object the bucket has lost.
 */
final class PackSweep
{
    private readonly OffsiteLayout $layout;
    private readonly PackUploader $uploader;

    public function __construct(
        private readonly Bucket $bucket,
        private readonly ?Sealer $sealer,
        private readonly Replicator $replicator,
        private readonly string $tempDir,
    ) {
        $this->layout = new OffsiteLayout($sealer);
        $this->uploader = new PackUploader($bucket, new SealedTransfer($bucket, $sealer), $this->layout);
    }

    /** How many objects the packs can hold at most, from their indexes' sizes: to size a filter. */
    public function capacity(): int
    {
        $capacity = 0;
        foreach ($this->bucket->list(OffsiteLayout::INDEXES) as $size) {
            $capacity += PackIndex::capacity((int) $size);
        }

        return $capacity;
    }

    /**
     * Packs are listed before indexes: a pack and its index uploaded between the two listings
     * would otherwise look cut short. A pack that cannot be swept now is left for the next run,
     * and the first such failure is given back after the others are swept.
     *
     * @param BloomFilter $needed the names of every object a remaining record needs
     * @return array{objects_deleted: int, packs_deleted: int, packs_rewritten: int, failure: ?OffsiteException}
     */
    public function sweep(BloomFilter $needed): array
    {
        $report = ['objects_deleted' => 0, 'packs_deleted' => 0, 'packs_rewritten' => 0, 'failure' => null];
        $packs = [];
        foreach ($this->bucket->list(OffsiteLayout::PACKS) as $key => $size) {
            $pack = OffsiteLayout::packOfKey((string) $key);
            if (null !== $pack) {
                $packs[$pack] = true;
            }
        }
        $indexed = [];
        foreach ($this->bucket->list(OffsiteLayout::INDEXES) as $key => $size) {
            $pack = OffsiteLayout::packOfIndex((string) $key);
            if (null !== $pack) {
                $indexed[$pack] = true;
            }
        }
        $cutShort = array_keys(array_diff_key($packs, $indexed));
        if ([] !== $cutShort) {
            $this->bucket->delete(array_map(fn (string $pack): string => $this->layout->packKey((string) $pack), $cutShort));
            $report['packs_deleted'] += count($cutShort);
        }
        foreach (array_keys($indexed) as $pack) {
            $pack = (string) $pack;
            try {
                $index = $this->index($pack);
                if (null === $index) {
                    continue; // unreadable now: what it holds cannot be told, so it and its pack stay
                }
                if (!isset($packs[$pack])) {
                    // Its objects are gone: so must their marks be.
                    $this->drop($pack, array_column(iterator_to_array($index->objects(), false), 0));
                    continue;
                }
                $this->sweepPack($index, $needed, $report);
            } catch (OffsiteException $e) {
                $report['failure'] ??= $e;
            }
        }

        return $report;
    }

    /** @param array{objects_deleted: int, packs_deleted: int, packs_rewritten: int, failure: ?OffsiteException} $report */
    private function sweepPack(PackIndex $index, BloomFilter $needed, array &$report): void
    {
        $live = [];
        $dead = [];
        $deadBytes = 0;
        foreach ($index->objects() as $object) {
            if ($needed->mightContain($object[0])) {
                $live[] = $object;
                continue;
            }
            $dead[] = $object[0];
            $deadBytes += $object[2];
        }
        if ([] === $dead) {
            return;
        }
        if ([] !== $live && 2 * $deadBytes <= $index->size()) {
            return; // mostly needed: rewriting it would move more than it frees
        }
        if ([] !== $live) {
            $this->rewrite($index, $live);
            $report['packs_rewritten']++;
        } else {
            $report['packs_deleted']++;
        }
        $this->drop($index->pack, $dead);
        $report['objects_deleted'] += count($dead);
    }

    /**
     * Uploads a new pack with the needed objects of $index, copied as they are (still sealed).
     *
     * @param list<array{string, int, int}> $live
     */
    private function rewrite(PackIndex $index, array $live): void
    {
        $path = TempFiles::name($this->tempDir, 'pack');
        Durable::makeDir($this->tempDir);
        $old = Durable::open($path, 'x+b');
        if (false === $old) {
            throw new OffsiteException('Could not write into the local store.');
        }
        $new = null;
        try {
            if ($this->bucket->get($this->layout->packKey($index->pack), $old) !== $index->size()) {
                throw new OffsiteException("Pack {$index->pack} in " . $this->bucket->describe() . ' is not as long as its index says.');
            }
            $new = new PackWriter($this->tempDir, null);
            foreach ($live as [$name, $offset, $length]) {
                $new->copy($name, $old, $offset, $length);
            }
            $result = $this->uploader->uploadAll([$new])[0];
            if ($result instanceof OffsiteException) {
                throw $result;
            }
        } finally {
            $new?->close();
            fclose($old);
            @unlink($path);
        }
    }

    /**
     * Deletes a pack and its index, after forgetting the marks of the objects that go with it.
     *
     * @param list<string> $names
     */
    private function drop(string $pack, array $names): void
    {
        $this->replicator->forgetUploads(array_map(OffsiteLayout::nameKey(...), $names));
        $this->bucket->delete([$this->layout->indexKey($pack), $this->layout->packKey($pack)]);
    }

    /** The pack's index; null when there is none, it is damaged, or it cannot be read now (the pack then stays). */
    private function index(string $pack): ?PackIndex
    {
        $raw = TempStream::of();
        $plain = TempStream::of();
        try {
            if ($this->bucket->get($this->layout->indexKey($pack), $raw) > PackIndex::MAX_STORED_BYTES) {
                return null; // no index is that long: not one to read into memory
            }
            rewind($raw);
            if (null === $this->sealer) {
                return PackIndex::parse($pack, (string) stream_get_contents($raw));
            }
            $this->sealer->open($raw, $plain, "the index of pack $pack");
            rewind($plain);
            return PackIndex::parse($pack, (string) stream_get_contents($plain, PackIndex::MAX_STORED_BYTES));
        } catch (OffsiteException) {
            return null; // missing (OffsiteMissing), or not an index this key opens
        } finally {
            fclose($raw);
            fclose($plain);
        }
    }
}
