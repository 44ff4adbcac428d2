<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_touch, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

/**
 * Content-addressed objects: objects/ab/<sha256 of the plaintext>.php (GuardedFile), each written once
 * (temp file, fsync, rename) and shared by every snapshot that contains the same bytes.
 */
final class ObjectStore
{
    private bool $deferred = false;
    /** @var array<string, string> objects written but not yet durable: hash => temp path */
    private array $pending = [];

    public function __construct(private readonly string $objectsDir, private readonly string $tempDir)
    {
    }

    /**
     * Batch mode for a writer that syncs at its checkpoints: new objects stay in tmp/ (written, not yet
     * fsynced, not yet under their name) until syncPending() fsyncs each, renames it into place and syncs
     * each folder once. An object is never visible under its name before its bytes are durable; the caller
     * must call syncPending() before it persists anything that names these objects.
     */
    public function deferDurability(): void
    {
        $this->deferred = true;
    }

    /** @internal whether ObjectWriter may leave the fsync to syncPending() */
    public function isDeferred(): bool
    {
        return $this->deferred;
    }

    /** Makes every object written in batch mode durable under its name. */
    public function syncPending(): void
    {
        if ($this->pending === []) {
            return;
        }
        $renames = new DurableRenames();
        foreach ($this->pending as $hash => $temp) {
            $renames->add($temp, $this->pathFor($hash));
        }
        try {
            $renames->commit();
        } finally {
            // What was moved is durable under its name; the rest stays pending for another try or discardPending().
            $this->pending = array_intersect($this->pending, $renames->remaining());
        }
    }

    /** Drops the objects of a batch that will not be synced (after a failure). */
    public function discardPending(): void
    {
        foreach ($this->pending as $temp) {
            @unlink($temp);
        }
        $this->pending = [];
    }

    public function pathFor(string $hash): string
    {
        ContentHash::assertValid($hash);
        return $this->objectsDir . '/' . substr($hash, 0, 2) . '/' . $hash . GuardedFile::EXTENSION;
    }

    public function has(string $hash): bool
    {
        return is_file($this->pathFor($hash)) || isset($this->pending[$hash]);
    }

    /**
     * @param bool|null $compressible false to store raw without trying, true to compress without a sample (text
     *                                known to compress), null to let a sample of the first block decide
     */
    public function writer(?bool $compressible = null): ObjectWriter
    {
        Durable::makeDir($this->tempDir);
        $temp = TempFiles::name($this->tempDir, 'obj');
        $fp   = Durable::open($temp, 'xb');
        if (false === $fp) {
            throw StoreWriteFailed::at($temp, 'create');
        }
        return new ObjectWriter($this, $temp, $fp, $compressible);
    }

    public function put(string $plain, ?bool $compressible = null): StoredObject
    {
        $writer = $this->writer($compressible);
        $writer->write($plain);
        return $writer->commit();
    }

    /**
     * Moves a finished temp file to its content name, or drops it when the object already exists;
     * an existing object gets a fresh mtime so a concurrent sweep sees it as in use.
     * @internal called by ObjectWriter
     */
    public function adopt(string $tempPath, string $hash, int $plainBytes): StoredObject
    {
        $path = $this->pathFor($hash);
        if (isset($this->pending[$hash]) || $this->refresh($path)) {
            @unlink($tempPath);
            return new StoredObject($hash, $plainBytes, 0, false);
        }
        $size = (int) filesize($tempPath);
        if ($this->deferred) {
            $this->pending[$hash] = $tempPath;
            return new StoredObject($hash, $plainBytes, $size, true);
        }
        Durable::makeDir(dirname($path));
        if (!@rename($tempPath, $path)) {
            @unlink($tempPath);
            throw StoreWriteFailed::at($path, 'rename into');
        }
        Durable::syncDir(dirname($path));
        return new StoredObject($hash, $plainBytes, $size, true);
    }

    /** Marks an object as used now; false when it does not exist (or is not a real object). */
    public function touch(string $hash): bool
    {
        return isset($this->pending[$hash]) || $this->refresh($this->pathFor($hash));
    }

    public function reader(string $hash): ObjectReader
    {
        $path = $this->pathFor($hash);
        $fp   = @fopen($path, 'rb');
        if (false === $fp) {
            throw new ObjectMissing($hash);
        }
        return new ObjectReader($hash, $fp);
    }

    /**
     * Writes the plaintext of an object to a stream, verifying its hash on the way.
     * @param resource $out
     * @return int bytes written
     */
    public function copyTo(string $hash, $out, ?\HashContext $alsoHash = null): int
    {
        $reader = $this->reader($hash);
        $total  = 0;
        try {
            while (null !== ($block = $reader->read())) {
                Durable::writeAll($out, $block, 'output');
                if (null !== $alsoHash) {
                    hash_update($alsoHash, $block);
                }
                $total += strlen($block);
            }
        } finally {
            $reader->close();
        }
        return $total;
    }

    /** Reads a small object (a manifest piece) whole; refuses anything larger than $maxBytes. */
    public function readSmall(string $hash, int $maxBytes = 67108864): string
    {
        $reader = $this->reader($hash);
        $plain  = '';
        try {
            while (null !== ($block = $reader->read())) {
                $plain .= $block;
                if (strlen($plain) > $maxBytes) {
                    throw new ObjectCorrupt($hash, 'larger than expected');
                }
            }
        } finally {
            $reader->close();
        }
        return $plain;
    }

    public function check(string $hash): ObjectState
    {
        return $this->checkAt($this->pathFor($hash), $hash);
    }

    /** Whether the file at $path (an object not yet under its name, say) holds object $hash whole. */
    public function checkAt(string $path, string $hash): ObjectState
    {
        $fp = @fopen($path, 'rb');
        if (false === $fp) {
            return ObjectState::Missing;
        }
        try {
            $reader = new ObjectReader($hash, $fp);
        } catch (ObjectCorrupt) {
            if (is_resource($fp)) {
                fclose($fp);
            }
            return ObjectState::Corrupt;
        }
        try {
            while (null !== $reader->read()) {
                // Reading to the end re-hashes the content.
            }
        } catch (ObjectCorrupt) {
            return ObjectState::Corrupt;
        } finally {
            $reader->close();
        }
        return ObjectState::Ok;
    }

    public function delete(string $hash): void
    {
        @unlink($this->pathFor($hash));
    }

    /** @return \Generator<string, int> hash => mtime of every object, one prefix folder at a time */
    public function all(): \Generator
    {
        foreach ($this->sortedNames($this->objectsDir) as $prefix) {
            if (1 !== preg_match('/\A[0-9a-f]{2}\z/', $prefix)) {
                continue;
            }
            $dir = $this->objectsDir . '/' . $prefix;
            foreach ($this->sortedNames($dir) as $name) {
                $hash = substr($name, 0, -strlen(GuardedFile::EXTENSION));
                if (
                    str_ends_with($name, GuardedFile::EXTENSION) && ContentHash::isValid($hash)
                    && str_starts_with($hash, $prefix)
                ) {
                    $mtime = @filemtime($dir . '/' . $name);
                    if (false !== $mtime) {
                        yield $hash => $mtime;
                    }
                }
            }
        }
    }

    public function size(string $hash): int
    {
        return (int) @filesize($this->pathFor($hash));
    }

    private function refresh(string $path): bool
    {
        clearstatcache(true, $path);
        if (!is_file($path) || !@touch($path)) {
            return false;
        }
        clearstatcache(true, $path);
        // touch() creates a missing file: if the object vanished meanwhile, do not leave an empty impostor.
        if (filesize($path) < GuardedFile::length() + ObjectHeader::LENGTH) {
            @unlink($path);
            return false;
        }
        return true;
    }

    /** @return list<string> */
    private function sortedNames(string $dir): array
    {
        $names = @scandir($dir, SCANDIR_SORT_NONE);
        if (false === $names) {
            return [];
        }
        $names = array_values(array_diff($names, ['.', '..']));
        sort($names, SORT_STRING);
        return $names;
    }
}
