<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\DurableRenames;

/**
 * Brings a snapshot from the bucket into the local store, in resumable steps: every object it
 * needs and the local store lacks (from packs with ranged GETs, or on its own as format 1 kept
 * them), each checked against its hash, then its record. After that it
 * restores and downloads like any local snapshot. Manifest pieces come before the chunks they
 * list, so the walk can read each piece as soon as it is fetched.
 *
 * The record is checked against its signature first, in every step: one this site's recovery key
 * does not vouch for is refused before a byte reaches the local store.
 */
final class Fetcher
{
    /** A batch of packed objects: one GET side by side per pack run (PackReader). */
    private const BATCH_BYTES = 64 * 1048576;

    private readonly OffsiteLayout $layout;
    private readonly SealedTransfer $transfer;
    private readonly OffsiteCatalog $catalog;
    private readonly PackLookup $lookup;
    private ?SnapshotRecord $record = null;

    public function __construct(
        private readonly BackupStore $store,
        private readonly Bucket $bucket,
        private readonly ?Sealer $sealer,
        ?RecoveryKey $recoveryKey,
    ) {
        $this->layout = new OffsiteLayout($sealer);
        $this->transfer = new SealedTransfer($bucket, $sealer);
        // One lookup per bucket, prefix and key, kept in the store between steps.
        $where = $bucket->describe() . '|' . ($sealer?->keyCheck() ?? '');
        $this->lookup = new PackLookup($bucket, $this->transfer, $this->layout, $store->root() . '/offsite/lookups/' . hash('sha256', $where));
        $this->catalog = new OffsiteCatalog($bucket, $sealer, $recoveryKey);
    }

    /**
     * Fetches for about $seconds (at least one batch of objects), after the first $done references.
     *
     * @throws RecordNotVerified before anything is written, when the record is not signed with this site's key
     */
    public function step(string $id, int $done, float $seconds): TransferProgress
    {
        if ($this->store->snapshots()->has($id)) {
            return new TransferProgress($done, 0, 0, true);
        }
        $this->record ??= $this->catalog->load($id);
        $objects = $this->store->objects();
        $deadline = microtime(true) + $seconds;
        $pieces = array_flip(self::pieces($this->record));
        $index = 0;
        $moved = 0;
        $bytes = 0;
        $batch = [];
        $batchBytes = 0;
        $loose = 0;
        foreach (SnapshotReferences::of($this->record, $objects) as $hash) {
            // An object shared by several entries may already wait in this batch.
            if (++$index <= $done || array_key_exists($hash, $batch) || $objects->has($hash)) {
                continue;
            }
            // Every reference before this one is now here: a step may end here.
            if ([] === $batch && $moved > 0 && microtime(true) >= $deadline) {
                return new TransferProgress($index - 1, $moved, $bytes, false);
            }
            $batch[$hash] = $where = $this->lookup->find($this->layout->objectName($hash));
            $batchBytes += null === $where ? 0 : $where[2];
            $loose += null === $where ? 1 : 0;
            // The walk reads a manifest piece before it lists what follows: it must be here first.
            if ($loose === Replicator::SIDE_BY_SIDE || $batchBytes >= self::BATCH_BYTES || isset($pieces[$hash])) {
                $bytes += $this->fetchObjects($batch);
                $moved += count($batch);
                [$batch, $batchBytes, $loose] = [[], 0, 0];
            }
        }
        if ([] !== $batch) {
            $bytes += $this->fetchObjects($batch);
            $moved += count($batch);
        }
        $this->store->snapshots()->publish($this->record);

        return new TransferProgress($index, $moved, $bytes, true);
    }

    public function store(): BackupStore
    {
        return $this->store;
    }

    /** Brings a record's manifest pieces here (small), so the objects it needs can be listed. */
    public function fetchPieces(SnapshotRecord $record): void
    {
        foreach (self::pieces($record) as $hash) {
            if (!$this->store->objects()->has($hash)) {
                $this->fetchObject($hash);
            }
        }
    }

    /**
     * The manifest pieces of a record: the walk reads each before it lists the objects after it.
     *
     * @return list<string>
     */
    private static function pieces(SnapshotRecord $record): array
    {
        $pieces = $record->filePieces;
        foreach (array_keys($record->sources) as $key) {
            $pieces = array_merge($pieces, $record->sourcePieces((string) $key));
        }

        return $pieces;
    }

    /** Fetches one object into the local store, checked against its hash; the bytes moved. */
    public function fetchObject(string $hash): int
    {
        return $this->fetchObjects([$hash => $this->lookup->find($this->layout->objectName($hash))]);
    }

    /**
     * Fetches objects into the local store, each checked against its hash; the bytes moved.
     * Those that arrive whole are kept; the first failure is thrown after.
     *
     * @param array<string, array{string, int, int}|null> $batch hash => where its pack holds it,
     *        null for one the bucket holds on its own
     */
    private function fetchObjects(array $batch): int
    {
        $packed = array_filter($batch, static fn (?array $where): bool => null !== $where);
        $failure = null;
        $bytes = 0;
        try {
            $bytes += (new PackReader($this->bucket, $this->layout, $this->sealer, $this->store))->fetch($packed);
        } catch (OffsiteException $e) {
            $failure = $e;
        }
        try {
            $bytes += $this->fetchLoose(array_map('strval', array_keys(array_diff_key($batch, $packed))));
        } catch (OffsiteMissing $e) {
            // Not in a pack either: a damaged index may be why.
            $damage = $this->lookup->damage();
            $failure ??= null === $damage ? $e : new OffsiteMissing($e->getMessage() . ' ' . $damage, 0, $e);
        } catch (OffsiteException $e) {
            $failure ??= $e;
        }
        if (null !== $failure) {
            throw $failure;
        }

        return $bytes;
    }

    /**
     * Fetches objects the bucket holds on their own (format 1) side by side.
     *
     * @param list<string> $hashes
     */
    private function fetchLoose(array $hashes): int
    {
        if ([] === $hashes) {
            return 0;
        }
        $temps = [];
        $downloads = [];
        $arrived = new DurableRenames();
        $bytes = 0;
        $failure = null;
        try {
            try {
                foreach ($hashes as $hash) {
                    [$temp, $out] = IncomingObject::temp($this->store);
                    $temps[] = [$temp, $out];
                    $downloads[] = ['key' => $this->layout->objectKey($hash), 'out' => $out, 'what' => "object $hash"];
                }
                $results = $this->transfer->downloadAll($downloads);
            } finally {
                foreach ($temps as [, $out]) {
                    fclose($out);
                }
            }
            foreach ($results as $i => $result) {
                try {
                    if ($result instanceof OffsiteException) {
                        throw $result;
                    }
                    IncomingObject::arrive($this->store, $temps[$i][0], $hashes[$i], $arrived);
                    $bytes += $result;
                } catch (OffsiteException $e) {
                    $failure ??= $e;
                }
            }
            $arrived->commit();
        } finally {
            $arrived->discard();
            // Those that arrived have their names now; the rest go.
            foreach ($temps as [$temp]) {
                @unlink($temp);
            }
        }
        if (null !== $failure) {
            throw $failure;
        }

        return $bytes;
    }
}
