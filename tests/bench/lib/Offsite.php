<?php

declare(strict_types=1);

namespace SiteBackups\Bench;

use SiteBackups\Engine\Offsite\Fetcher;
use SiteBackups\Engine\Offsite\MultipartPut;
use SiteBackups\Engine\Offsite\RecoveryKey;
use SiteBackups\Engine\Offsite\Replicator;
use SiteBackups\Engine\Offsite\S3Bucket;
use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Off-site replication for the benchmark: copies snapshots of the bench store to the bench
 * stack's own S3-compatible store, each run under a prefix of its own (bench-runs/<run>/...),
 * which is deleted at the end of the run. Copies go as the plugin makes them: through the
 * engine's Replicator, in slices of --step seconds, each slice with a new Replicator.
 */
final class Offsite
{
    /** Every run's prefixes live under this one; what a killed run left there is swept at the start. */
    public const ROOT = 'bench-runs/';

    private bool $cleaned = false;

    /** Signs the records copied, as the plugin's key does; the run's own. */
    private readonly RecoveryKey $recoveryKey;

    private function __construct(private readonly S3Client $client, private readonly string $runPrefix)
    {
        $this->recoveryKey = RecoveryKey::generate();
    }

    /** From the BENCH_S3_* variables run.sh sets; null when they are not set (the figures are then skipped). */
    public static function fromEnvironment(): ?self
    {
        $endpoint = (string) getenv('BENCH_S3_ENDPOINT');
        if ('' === $endpoint) {
            return null;
        }
        $config = new S3Config(
            $endpoint,
            getenv('BENCH_S3_REGION') ?: 'us-east-1',
            getenv('BENCH_S3_BUCKET') ?: 'site-backups-bench',
            (string) getenv('BENCH_S3_ACCESS_KEY'),
            (string) getenv('BENCH_S3_SECRET'),
        );
        $self = new self(new S3Client($config), self::ROOT . gmdate('Ymd-His') . '-' . getmypid() . '/');
        if (!$self->client->bucketExists()) {
            $self->client->createBucket();
        }
        $self->deleteUnder(self::ROOT);

        return $self;
    }

    public function describe(): string
    {
        $config = $this->client->config();

        return sprintf('bucket %s at %s, prefix %s', $config->bucket, $config->endpoint, rtrim($this->runPrefix, '/'));
    }

    /**
     * Copies snapshot $id of the store in $storeDir to <run prefix>/$name, as far as that
     * destination does not hold its objects yet (the Replicator's marks remember what went).
     *
     * @return array{seconds: float, bytes: int, objects: int, slices: int, peak_memory: int, memory_before: int}
     */
    public function replicate(string $storeDir, string $id, string $name, ?Sealer $sealer, float $step): array
    {
        $store = BackupStore::open($storeDir);
        $prefix = $this->runPrefix . $name;
        $config = $this->client->config();
        // As the plugin names a destination: its marks belong to one bucket, prefix and key.
        $keyCheck = null === $sealer ? '' : $sealer->keyCheck();
        $destination = implode('|', [$config->endpoint, $config->bucket, $prefix, $keyCheck]);
        $memoryBefore = memory_get_usage(true);
        if (function_exists('memory_reset_peak_usage')) {
            // PHP 8.2+; before it, the peak is the whole bench process's so far.
            memory_reset_peak_usage();
        }
        $t = microtime(true);
        $replicator = new Replicator($store, new S3Bucket($this->client, $prefix), $sealer, $destination, $this->recoveryKey);
        $replicator->prepare();
        $done = 0;
        $bytes = 0;
        $objects = 0;
        $slices = 0;
        do {
            if ($slices > 0) {
                // The next slice as a new request would run it.
                $replicator = new Replicator($store, new S3Bucket($this->client, $prefix), $sealer, $destination, $this->recoveryKey);
            }
            $progress = $replicator->step($id, $done, $step);
            $slices++;
            $done = $progress->done;
            $bytes += $progress->bytesMoved;
            $objects += $progress->objectsMoved;
        } while (!$progress->complete);

        return [
            'seconds' => microtime(true) - $t,
            'bytes' => $bytes,
            'objects' => $objects,
            'slices' => $slices,
            'peak_memory' => memory_get_peak_usage(true),
            'memory_before' => $memoryBefore,
        ];
    }

    /**
     * Brings snapshot $id back from <run prefix>/$name into a new, empty store at $storeDir, as a
     * new server would: in slices of $step seconds, each object checked.
     *
     * @return array{seconds: float, bytes: int, objects: int}
     */
    public function fetch(string $storeDir, string $id, string $name, ?Sealer $sealer, float $step): array
    {
        $store = BackupStore::create($storeDir);
        $t = microtime(true);
        $done = 0;
        $bytes = 0;
        $objects = 0;
        do {
            $progress = (new Fetcher($store, new S3Bucket($this->client, $this->runPrefix . $name), $sealer, $this->recoveryKey))->step($id, $done, $step);
            $done = $progress->done;
            $bytes += $progress->bytesMoved;
            $objects += $progress->objectsMoved;
        } while (!$progress->complete);

        return ['seconds' => microtime(true) - $t, 'bytes' => $bytes, 'objects' => $objects];
    }

    /**
     * The baseline for fetching: the one object bulkUpload() sent, in one GET to $file; and the
     * time until that file is on disk too (`flushed_seconds`), as a fetch's objects must be. The file
     * stays: deleting what was just flushed makes the disk discard its blocks under the next measurement.
     *
     * @return array{seconds: float, flushed_seconds: float, bytes: int}
     */
    public function bulkDownload(string $file): array
    {
        $out = fopen($file, 'xb');
        try {
            $t = microtime(true);
            $bytes = $this->client->getObject($this->runPrefix . 'bulk', $out);
            $seconds = microtime(true) - $t;
            fflush($out);
            fsync($out);

            return ['seconds' => $seconds, 'flushed_seconds' => microtime(true) - $t, 'bytes' => $bytes];
        } finally {
            fclose($out);
        }
    }

    /**
     * The baseline for the copies: as many bytes as one object sent in 8 MB parts (what the server
     * and the link give when the per-object cost is left out). The file is written before the
     * clock starts.
     *
     * @return array{seconds: float, bytes: int}
     */
    public function bulkUpload(int $bytes): array
    {
        $file = (string) tempnam(sys_get_temp_dir(), 'sb-bench-bulk-');
        $out = fopen($file, 'wb');
        $block = random_bytes(1048576);
        for ($left = $bytes; $left > 0; $left -= strlen($block)) {
            fwrite($out, substr(random_bytes(16) . substr($block, 16), 0, min(strlen($block), $left)));
        }
        fclose($out);
        $in = fopen($file, 'rb');
        try {
            $t = microtime(true);
            (new MultipartPut($this->client, S3Bucket::PART_BYTES))->put($this->runPrefix . 'bulk', $in, $bytes);

            return ['seconds' => microtime(true) - $t, 'bytes' => $bytes];
        } finally {
            fclose($in);
            unlink($file);
        }
    }

    /** What <run prefix>/$name holds in the bucket, in bytes: packs, indexes, records and signatures. */
    public function bytesUnder(string $name): int
    {
        $bytes = 0;
        foreach ($this->client->listObjects($this->runPrefix . $name . '/') as $object) {
            $bytes += $object['size'];
        }

        return $bytes;
    }

    /** Deletes this run's prefixes (once; safe to call again, e.g. from a shutdown function). */
    public function cleanup(): int
    {
        if ($this->cleaned) {
            return 0;
        }
        $this->cleaned = true;

        return $this->deleteUnder($this->runPrefix);
    }

    /** @return int how many objects were deleted */
    private function deleteUnder(string $prefix): int
    {
        $keys = [];
        foreach ($this->client->listObjects($prefix) as $object) {
            $keys[] = $object['key'];
        }
        if ([] === $keys) {
            return 0;
        }
        $failed = $this->client->deleteObjects($keys);
        if ([] !== $failed) {
            $first = (string) array_key_first($failed);
            throw new \RuntimeException(sprintf(
                '%d of %d objects under %s could not be deleted, e.g. %s: %s',
                count($failed),
                count($keys),
                $prefix,
                $first,
                $failed[$first]['message'] ?: $failed[$first]['code'],
            ));
        }

        return count($keys);
    }
}
