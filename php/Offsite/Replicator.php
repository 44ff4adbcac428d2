<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;

/**
 * Copies published snapshots to the bucket, in resumable steps: every object the snapshot needs
 * that is not there yet, in packs (PackWriter), then its record (so a record off-site always has
 * all its objects).
 *
 * What was uploaded is remembered by an empty mark file per object in the local store
 * (offsite/<destination>/...), so the next day's snapshot uploads only what is new. The marks
 * are a cache: the bucket is the truth, and a lost mark costs one upload again.
 *
 * Each record goes with its signature under the recovery key. The signature's mark holds the id
 * of the key it was made with: a record copied before signatures, or signed with a key since
 * replaced, counts as not copied, and the next copy signs it again (with its record: small).
 */
final class Replicator
{
    /** Objects fetched side by side where the bucket holds them one by one (format 1). */
    public const SIDE_BY_SIDE = 8;
    /** Packs sent side by side: up to 60 MB of temporary files in the local store. */
    public const PACKS_SIDE_BY_SIDE = 4;

    private readonly OffsiteLayout $layout;
    private readonly SealedTransfer $transfer;
    private readonly PackUploader $uploader;
    private readonly string $marks;

    /**
     * @param string           $destination names the bucket and prefix (and key) the marks are for
     * @param RecoveryKey|null $recoveryKey signs the records; null: none yet, so nothing can be copied
     * @param int              $packBytes   how large packs grow (smaller in tests, to see several)
     */
    public function __construct(
        private readonly BackupStore $store,
        private readonly Bucket $bucket,
        private readonly ?Sealer $sealer,
        string $destination,
        private readonly ?RecoveryKey $recoveryKey,
        private readonly int $packBytes = PackWriter::TARGET_BYTES,
    ) {
        $this->layout = new OffsiteLayout($sealer);
        $this->transfer = new SealedTransfer($bucket, $sealer);
        $this->uploader = new PackUploader($bucket, $this->transfer, $this->layout);
        $this->marks = $store->root() . '/offsite/' . hash('sha256', $destination);
    }

    /**
     * Writes the bucket's format record, or checks that the copies already there were made the
     * same way: plain, or encrypted with this very key.
     */
    public function prepare(): void
    {
        (new FormatCheck($this->bucket, $this->layout))->ensure();
    }

    /**
     * Uploads for about $seconds (at least one batch of packs), after the first $done references.
     * Objects not in the bucket yet go in packs, PACKS_SIDE_BY_SIDE at a time.
     */
    public function step(string $id, int $done, float $seconds): TransferProgress
    {
        $record = $this->store->snapshots()->load(SnapshotId::assertValid($id));
        $deadline = microtime(true) + $seconds;
        $index = 0;
        $moved = 0;
        $bytes = 0;
        $pack = null;
        $full = [];
        $packed = [];
        foreach (SnapshotReferences::of($record, $this->store->objects()) as $hash) {
            if (++$index <= $done || isset($packed[$hash]) || $this->isMarked($this->objectMark($hash))) {
                continue;
            }
            $path = $this->store->objects()->pathFor($hash);
            $size = (int) @filesize($path);
            if (null !== $pack && !$pack->hasRoomFor($size)) {
                $full[] = $pack;
                $pack = null;
                // Past the step's time, what is full goes now rather than after three more packs.
                if (count($full) === self::PACKS_SIDE_BY_SIDE || microtime(true) >= $deadline) {
                    [$moved, $bytes] = $this->ship($full, $moved, $bytes);
                    $full = [];
                    $packed = [];
                }
            }
            // Every reference before this one is now uploaded: a step may end here.
            if (null === $pack && [] === $full && $moved > 0 && microtime(true) >= $deadline) {
                return new TransferProgress($index - 1, $moved, $bytes, false);
            }
            $pack ??= new PackWriter($this->store->tempDir(), $this->sealer, $this->packBytes);
            $this->addTo($pack, $hash, $path, $size);
            $packed[$hash] = true;
        }
        if (null !== $pack) {
            $full[] = $pack;
        }
        if ([] !== $full) {
            [$moved, $bytes] = $this->ship($full, $moved, $bytes);
        }
        if (!$this->isReplicated($id)) {
            $bytes += $this->uploadRecord($id, $record->toArray());
        }

        return new TransferProgress($index, $moved, $bytes, true);
    }

    /**
     * Remembers a snapshot fetched from the bucket as copied: it is there, with every object it
     * needs, so neither it nor a later snapshot sharing its objects uploads them again.
     */
    public function adopt(string $id): void
    {
        $record = $this->store->snapshots()->load(SnapshotId::assertValid($id));
        foreach (SnapshotReferences::of($record, $this->store->objects()) as $hash) {
            $this->mark($this->objectMark($hash));
        }
        $this->mark($this->layout->snapshotKey($id));
        // Fetched means verified: the bucket holds its signature under this very key.
        if (null !== $this->recoveryKey) {
            $this->markSigned($id, $this->recoveryKey);
        }
    }

    /** Whether the record is in the bucket, signed with the recovery key in force. */
    public function isReplicated(string $id): bool
    {
        return $this->isMarked($this->layout->snapshotKey(SnapshotId::assertValid($id))) && $this->isSigned($id);
    }

    /**
     * Uploads the signature, then the record it signs: a record listed with its signature missing
     * is only the moment between the two, or a copy from before signatures.
     *
     * @param array<string, mixed> $record
     * @return int bytes sent
     */
    private function uploadRecord(string $id, array $record): int
    {
        $key = $this->recoveryKey
            ?? throw new OffsiteException('No recovery key is set, so records cannot be signed for the bucket.');
        $json = json_encode($record, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
        $signature = RecordSignature::sign($key, $id, $json);
        $body = TempStream::of($signature);
        try {
            $this->bucket->put($this->layout->signatureKey($id), $body, strlen($signature));
        } finally {
            fclose($body);
        }
        $plain = TempStream::of($json);
        try {
            $bytes = $this->transfer->upload($this->layout->snapshotKey($id), $plain, strlen($json));
        } finally {
            fclose($plain);
        }
        $this->mark($this->layout->snapshotKey($id));
        $this->markSigned($id, $key);

        return strlen($signature) + $bytes;
    }

    private function isSigned(string $id): bool
    {
        if (null === $this->recoveryKey) {
            return false;
        }
        try {
            $mark = $this->marks . '/' . $this->layout->signatureKey($id) . GuardedFile::EXTENSION;
            return $this->recoveryKey->id() === GuardedFile::read($mark);
        } catch (StoreException) {
            return false; // a damaged mark: sign again
        }
    }

    private function markSigned(string $id, RecoveryKey $key): void
    {
        $path = $this->marks . '/' . $this->layout->signatureKey($id) . GuardedFile::EXTENSION;
        Durable::makeDir(dirname($path));
        GuardedFile::write($path, $key->id());
    }

    /**
     * Forgets that objects or records were uploaded (the bucket's retention deleted them). Keys
     * come from the bucket's listing: only the shapes of our own marks are taken, so a planted
     * key such as objects/../../wp-config names no file.
     *
     * @param iterable<string> $keys their keys in the bucket
     */
    public function forgetUploads(iterable $keys): void
    {
        foreach ($keys as $key) {
            if (OffsiteLayout::isMarkable((string) $key)) {
                @unlink($this->marks . '/' . $key . GuardedFile::EXTENSION);
            }
        }
    }

    /** Marks go by the name in the bucket, so the bucket's sweep can drop the marks of what it deletes. */
    private function objectMark(string $hash): string
    {
        return $this->layout->objectKey($hash);
    }

    private function addTo(PackWriter $pack, string $hash, string $path, int $size): void
    {
        $in = @fopen($path, 'rb');
        if (false === $in) {
            throw new OffsiteException("Object $hash is missing from the local store, so it cannot be copied off-site.");
        }
        try {
            $pack->add($this->layout->objectName($hash), $in, $size);
        } finally {
            fclose($in);
        }
    }

    /**
     * Uploads packs side by side and marks the objects of each that went (with its index); the
     * first failure is thrown after the others are marked.
     *
     * @param list<PackWriter> $packs
     * @return array{int, int} objects and bytes moved so far
     */
    private function ship(array $packs, int $moved, int $bytes): array
    {
        $failure = null;
        try {
            foreach ($this->uploader->uploadAll($packs) as $i => $result) {
                if ($result instanceof OffsiteException) {
                    $failure ??= $result;
                    continue;
                }
                foreach ($packs[$i]->names() as $name) {
                    $this->mark(OffsiteLayout::nameKey($name));
                    $moved++;
                }
                $bytes += $result;
            }
        } finally {
            foreach ($packs as $pack) {
                $pack->close();
            }
        }
        if (null !== $failure) {
            throw $failure;
        }

        return [$moved, $bytes];
    }

    private function isMarked(string $name): bool
    {
        return is_file($this->marks . '/' . $name . GuardedFile::EXTENSION);
    }

    private function mark(string $name): void
    {
        $path = $this->marks . '/' . $name . GuardedFile::EXTENSION;
        Durable::makeDir(dirname($path));
        if (!Durable::touch($path)) {
            throw new OffsiteException('Could not remember an upload in the local store.');
        }
    }
}
