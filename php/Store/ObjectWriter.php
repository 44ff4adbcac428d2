<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Store;

/**
 * Streams one object into a temp file of the store while hashing the plaintext,
 * so the content is read once and never held whole in memory.
 */
final class ObjectWriter
{
    private WholeSha256 $hash;
    private ?\DeflateContext $deflate = null;
    private ?int $method = null;
    private int $plainBytes = 0;
    private bool $closed = false;

    /** @param resource $fp */
    public function __construct(
        private readonly ObjectStore $store,
        private readonly string $tempPath,
        private $fp,
        private readonly ?bool $compressible,
    ) {
        $this->hash = new WholeSha256();
    }

    public function write(string $plain): void
    {
        if ('' === $plain) {
            return;
        }
        if (null === $this->method) {
            $this->start($plain);
        }
        $this->plainBytes += strlen($plain);
        $this->hash->add($plain);
        $stored = null === $this->deflate ? $plain : $this->deflated($this->deflate, $plain, ZLIB_NO_FLUSH);
        if ('' !== $stored) {
            $this->put($stored);
        }
    }

    public function plainBytes(): int
    {
        return $this->plainBytes;
    }

    /** Makes the object durable under its content name and returns it. */
    public function commit(): StoredObject
    {
        if (null === $this->method) {
            $this->start('');
        }
        if (null !== $this->deflate) {
            $this->put($this->deflated($this->deflate, '', ZLIB_FINISH));
        }
        try {
            if ($this->store->isDeferred()) {
                // Batch mode: ObjectStore::syncPending() fsyncs before the object gets its name.
                if (!@fflush($this->fp)) {
                    throw StoreWriteFailed::at($this->tempPath, 'flush');
                }
            } else {
                Durable::flush($this->fp, $this->tempPath);
            }
        } catch (StoreException $e) {
            $this->abort();
            throw $e;
        }
        fclose($this->fp);
        $this->closed = true;
        return $this->store->adopt($this->tempPath, $this->hash->digest(), $this->plainBytes);
    }

    public function abort(): void
    {
        if (!$this->closed) {
            fclose($this->fp);
            $this->closed = true;
        }
        @unlink($this->tempPath);
    }

    private function start(string $firstBlock): void
    {
        $compress = true === $this->compressible
            || (null === $this->compressible && CompressionPolicy::firstBlockCompresses($firstBlock));
        if ($compress) {
            // Without a compressor the object is simply stored raw: the header says which.
            $this->deflate = deflate_init(ZLIB_ENCODING_RAW, ['level' => CompressionPolicy::LEVEL]) ?: null;
        }
        $this->method = null !== $this->deflate ? ObjectHeader::DEFLATE : ObjectHeader::RAW;
        $this->put(GuardedFile::GUARD . ObjectHeader::encode($this->method));
    }

    private function deflated(\DeflateContext $deflate, string $plain, int $mode): string
    {
        $out = deflate_add($deflate, $plain, $mode);
        if (false === $out) {
            $this->abort();
            throw new StoreException('Compression failed.');
        }
        return $out;
    }

    private function put(string $bytes): void
    {
        try {
            Durable::writeAll($this->fp, $bytes, $this->tempPath);
        } catch (StoreException $e) {
            $this->abort();
            throw $e;
        }
    }
}
