<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ObjectState;
use SiteBackups\Engine\Store\TempFiles;

/**
 * Brings a snapshot from the bucket into the local store, in resumable steps: every object it
 * needs and the local store lacks, each checked against its hash, then its record. After that it
 * restores and downloads like any local snapshot. Manifest pieces come before the chunks they
 * list, so the walk can read each piece as soon as it is fetched.
 *
 * The record is checked against its signature first, in every step: one this site's recovery key
 * does not vouch for is refused before a byte reaches the local store.
 */
final class Fetcher
{
    private readonly OffsiteLayout $layout;
    private readonly SealedTransfer $transfer;
    private readonly OffsiteCatalog $catalog;
    private ?SnapshotRecord $record = null;

    public function __construct(
        private readonly BackupStore $store,
        Bucket $bucket,
        ?Sealer $sealer,
        ?RecoveryKey $recoveryKey,
    ) {
        $this->layout = new OffsiteLayout($sealer);
        $this->transfer = new SealedTransfer($bucket, $sealer);
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
        foreach (SnapshotReferences::of($this->record, $objects) as $hash) {
            // An object shared by several entries may already wait in this batch.
            if (++$index <= $done || $objects->has($hash) || in_array($hash, $batch, true)) {
                continue;
            }
            // Every reference before this one is now here: a step may end here.
            if ([] === $batch && $moved > 0 && microtime(true) >= $deadline) {
                return new TransferProgress($index - 1, $moved, $bytes, false);
            }
            $batch[] = $hash;
            // The walk reads a manifest piece before it lists what follows: it must be here first.
            if (count($batch) === Replicator::SIDE_BY_SIDE || isset($pieces[$hash])) {
                $bytes += $this->fetchObjects($batch);
                $moved += count($batch);
                $batch = [];
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
        return $this->fetchObjects([$hash]);
    }

    /**
     * Fetches objects side by side into the local store, each checked against its hash; the bytes
     * moved. Those that arrive whole are kept; the first failure is thrown after.
     *
     * @param list<string> $hashes
     */
    private function fetchObjects(array $hashes): int
    {
        $temps = [];
        $downloads = [];
        try {
            foreach ($hashes as $hash) {
                $temp = TempFiles::name($this->store->tempDir(), 'fetch');
                Durable::makeDir(dirname($temp));
                $out = Durable::open($temp, 'x+b');
                if (false === $out) {
                    throw new OffsiteException('Could not write into the local store.');
                }
                $temps[] = [$temp, $out];
                $downloads[] = ['key' => $this->layout->objectKey($hash), 'out' => $out, 'what' => "object $hash"];
            }
            $results = $this->transfer->downloadAll($downloads);
            $bytes = 0;
            $failure = null;
            foreach ($results as $i => $result) {
                try {
                    if ($result instanceof OffsiteException) {
                        throw $result;
                    }
                    Durable::flush($temps[$i][1], $temps[$i][0]);
                    $this->keep($temps[$i][0], $hashes[$i]);
                    $bytes += $result;
                } catch (OffsiteException $e) {
                    $failure ??= $e;
                }
            }
        } finally {
            foreach ($temps as [$temp, $out]) {
                fclose($out);
                @unlink($temp);
            }
        }
        if (null !== $failure) {
            throw $failure;
        }

        return $bytes;
    }

    /** Moves a fetched object into place, and keeps it only if its content matches its name. */
    private function keep(string $temp, string $hash): void
    {
        $objects = $this->store->objects();
        $path = $objects->pathFor($hash);
        Durable::makeDir(dirname($path));
        if (!@rename($temp, $path)) {
            throw new OffsiteException('Could not write into the local store.');
        }
        if (ObjectState::Ok !== $objects->check($hash)) {
            @unlink($path);
            throw new OffsiteException(
                "The off-site copy of object $hash is corrupt: its content does not match its name."
            );
        }
    }
}
