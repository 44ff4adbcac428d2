<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Retention\BloomFilter;
use SiteBackups\Engine\Retention\RetentionPass;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Retention in the bucket: records the rules no longer keep are deleted (the same rules as in the store,
 * PlanRetention, applied to the bucket's records newest first), then every object no
 * remaining record needs: on its own (format 1), or in packs (PackSweep). Needed names go into
 * a Bloom filter (a false positive only keeps an object one sweep longer). Objects uploaded for a
 * snapshot whose record never followed (a copy cut short) are swept too, and their local marks
 * dropped, so the next copy sends them again; so are the parts of uploads never finished.
 * Run it only while no copy to the same bucket is under way (the plugin runs one job at a time).
 */
final class OffsiteRetention
{
    private const BATCH = 1000;

    private readonly OffsiteLayout $layout;
    private readonly OffsiteCatalog $catalog;
    private readonly Fetcher $fetcher;
    private readonly PackSweep $packs;
    /** @var list<SnapshotRecord>|null the records forgetExpired() left */
    private ?array $remaining = null;

    public function __construct(
        private readonly BackupStore $store,
        private readonly Bucket $bucket,
        ?Sealer $sealer,
        private readonly Replicator $replicator,
    ) {
        $this->layout = new OffsiteLayout($sealer);
        // Records are read whatever their signature: what any of them needs stays, expired ones go.
        $this->catalog = new OffsiteCatalog($bucket, $sealer, null);
        $this->fetcher = new Fetcher($store, $bucket, $sealer, null);
        $this->packs = new PackSweep($bucket, $sealer, $replicator, $store->tempDir());
    }

    /**
     * Both halves: forgetExpired(), then sweepUnneeded().
     *
     * @param list<RetentionRule> $rules what stays
     * @return array{forgotten: list<string>, objects_deleted: int, packs_deleted: int, packs_rewritten: int, uploads_aborted: int}
     */
    public function apply(array $rules): array
    {
        return ['forgotten' => $this->forgetExpired($rules)] + $this->sweepUnneeded();
    }

    /**
     * The first half of apply(): the records the rules do not keep go, with their signatures, and
     * the signatures left without a record. Quick (a listing and a few deletes), so a caller may hold
     * a lock around it alone: no job can start reading a record once it is gone, and what the records
     * left need stays in the sweep.
     *
     * @param list<RetentionRule> $rules what stays
     * @return list<string> the ids forgotten
     */
    public function forgetExpired(array $rules): array
    {
        $pass = new RetentionPass($rules);
        $forgotten = [];
        $this->remaining = [];
        $ids = $this->catalog->ids(); // newest first
        foreach ($ids as $id) {
            $record = $this->catalog->loadUnverified($id);
            if ($pass->keeps($record->id, $record->environment(), null === $record->scope())) {
                $this->remaining[] = $record;
                continue;
            }
            // With its signature; one left without its record (a copy cut short) is swept below.
            $keys = [$this->layout->snapshotKey($id), $this->layout->signatureKey($id)];
            $this->bucket->delete($keys);
            $this->replicator->forgetUploads($keys);
            $forgotten[] = $id;
        }
        $this->deleteAll($this->orphanSignatures(array_diff($ids, $forgotten)));

        return $forgotten;
    }

    /**
     * The second half of apply(): every object no remaining record needs, and the parts of uploads
     * never finished. A pack it cannot sweep is left for the next time.
     *
     * @return array{objects_deleted: int, packs_deleted: int, packs_rewritten: int, uploads_aborted: int}
     * @throws OffsiteException the first failure, once the rest is swept
     */
    public function sweepUnneeded(): array
    {
        $remaining = $this->remaining ?? throw new \LogicException('The bucket is swept after forgetExpired(), which reads what stays.');
        $swept = $this->sweep($remaining);
        $aborted = $this->bucket->abortUnfinished();
        if (null !== $swept['failure']) {
            throw $swept['failure'];
        }

        return [
            'objects_deleted' => $swept['objects_deleted'],
            'packs_deleted' => $swept['packs_deleted'],
            'packs_rewritten' => $swept['packs_rewritten'],
            'uploads_aborted' => $aborted,
        ];
    }

    /**
     * Signatures whose record is not there (a copy cut between the two, or a record deleted).
     *
     * @param array<string> $ids the records the bucket keeps
     * @return list<string> their keys
     */
    private function orphanSignatures(array $ids): array
    {
        $kept = array_flip(array_map(fn (string $id): string => $this->layout->signatureKey($id), $ids));
        $orphans = [];
        foreach ($this->bucket->list(OffsiteLayout::SNAPSHOTS) as $key => $size) {
            $key = (string) $key;
            if (str_ends_with($key, OffsiteLayout::SIGNATURE) && !isset($kept[$key])) {
                $orphans[] = $key;
            }
        }

        return $orphans;
    }

    /**
     * @param list<SnapshotRecord> $remaining
     * @return array{objects_deleted: int, packs_deleted: int, packs_rewritten: int, failure: ?OffsiteException}
     */
    private function sweep(array $remaining): array
    {
        $count = $this->packs->capacity();
        foreach ($this->bucket->list(OffsiteLayout::OBJECTS) as $size) {
            $count++;
        }
        $needed = new BloomFilter($count);
        foreach ($remaining as $record) {
            $this->fetcher->fetchPieces($record);
            foreach (SnapshotReferences::of($record, $this->store->objects()) as $hash) {
                $needed->add(basename($this->layout->objectKey($hash)));
            }
        }
        // A batch at a time from a fresh listing: a listing is not changed under its own feet.
        $deleted = 0;
        do {
            $doomed = [];
            foreach ($this->bucket->list(OffsiteLayout::OBJECTS) as $key => $size) {
                if (!$needed->mightContain(basename((string) $key))) {
                    $doomed[] = (string) $key;
                    if (count($doomed) >= self::BATCH) {
                        break;
                    }
                }
            }
            $deleted += $this->deleteAll($doomed);
        } while (self::BATCH === count($doomed));
        $packs = $this->packs->sweep($needed);
        $packs['objects_deleted'] += $deleted;

        return $packs;
    }

    /** @param list<string> $keys */
    private function deleteAll(array $keys): int
    {
        if ([] !== $keys) {
            $this->bucket->delete($keys);
            $this->replicator->forgetUploads($keys);
        }

        return count($keys);
    }
}
