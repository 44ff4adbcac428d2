<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ObjectState;

/**
 * Brings a snapshot from the bucket into the local store, in resumable steps: every object it
 * needs and the local store lacks, each checked against its hash, then its record. After that it
 * restores and downloads like any local snapshot. Manifest pieces come before the chunks they
 * list, so the walk can read each piece as soon as it is fetched.
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
    ) {
        $this->layout = new OffsiteLayout($sealer);
        $this->transfer = new SealedTransfer($bucket, $sealer);
        $this->catalog = new OffsiteCatalog($bucket, $sealer);
    }

    /** Fetches for about $seconds (at least one object), after the first $done references. */
    public function step(string $id, int $done, float $seconds): TransferProgress
    {
        if ($this->store->snapshots()->has($id)) {
            return new TransferProgress($done, 0, 0, true);
        }
        $this->record ??= $this->catalog->load($id);
        $objects = $this->store->objects();
        $deadline = microtime(true) + $seconds;
        $index = 0;
        $moved = 0;
        $bytes = 0;
        foreach (SnapshotReferences::of($this->record, $objects) as $hash) {
            if (++$index <= $done || $objects->has($hash)) {
                continue;
            }
            if ($moved > 0 && microtime(true) >= $deadline) {
                return new TransferProgress($index - 1, $moved, $bytes, false);
            }
            $bytes += $this->fetchObject($hash);
            $moved++;
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
        $pieces = $record->filePieces;
        foreach (array_keys($record->sources) as $key) {
            $pieces = array_merge($pieces, $record->sourcePieces((string) $key));
        }
        foreach ($pieces as $hash) {
            if (!$this->store->objects()->has($hash)) {
                $this->fetchObject($hash);
            }
        }
    }

    /** Fetches one object into the local store, checked against its hash; the bytes moved. */
    public function fetchObject(string $hash): int
    {
        $objects = $this->store->objects();
        $temp = $this->store->tempDir() . '/fetch-' . bin2hex(random_bytes(8)) . '.php';
        Durable::makeDir(dirname($temp));
        $out = @fopen($temp, 'xb');
        if (false === $out) {
            throw new OffsiteException('Could not write into the local store.');
        }
        try {
            $bytes = $this->transfer->download($this->layout->objectKey($hash), $out, "object $hash");
            Durable::flush($out, $temp);
        } catch (\Throwable $e) {
            fclose($out);
            @unlink($temp);
            throw $e;
        }
        fclose($out);
        $path = $objects->pathFor($hash);
        Durable::makeDir(dirname($path));
        if (!@rename($temp, $path)) {
            @unlink($temp);
            throw new OffsiteException('Could not write into the local store.');
        }
        if (ObjectState::Ok !== $objects->check($hash)) {
            @unlink($path);
            throw new OffsiteException("The off-site copy of object $hash is corrupt: its content does not match its name.");
        }

        return $bytes;
    }
}
