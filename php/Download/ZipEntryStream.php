<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Download;

/**
 * A write-only PHP stream that hands every write to a callback, so the store's own verified copy
 * (ObjectStore::copyTo, SnapshotReader::streamSource) can write straight into a zip entry.
 * Registered as a stream wrapper under a private protocol; PHP calls the stream_* methods.
 */
final class ZipEntryStream
{
    private const PROTOCOL   = 'site-backups-zip-entry';
    private const CHUNK_SIZE = 1048576;

    /** @var resource|null set by PHP before stream_open() */
    public $context;

    /** @var callable(string): void */
    private $sink;

    /**
     * @param callable(string): void $sink receives the bytes; an exception it throws reaches the writer
     * @return resource
     */
    public static function open(callable $sink)
    {
        if (!in_array(self::PROTOCOL, stream_get_wrappers(), true)) {
            stream_wrapper_register(self::PROTOCOL, self::class);
        }
        $context = stream_context_create([self::PROTOCOL => ['sink' => $sink]]);
        $stream  = fopen(self::PROTOCOL . '://entry', 'wb', false, $context);
        if (false === $stream) {
            throw new ZipException('Could not open a stream into the archive.');
        }
        // Fewer, larger calls: PHP otherwise cuts every write into 8 KiB pieces.
        stream_set_chunk_size($stream, self::CHUNK_SIZE);
        return $stream;
    }

    // phpcs:disable PSR1.Methods.CamelCapsMethodName.NotCamelCaps -- names PHP's stream wrapper protocol requires

    public function stream_open(string $path, string $mode, int $options, ?string &$openedPath): bool
    {
        $options = null === $this->context ? [] : stream_context_get_options($this->context);
        $sink    = $options[self::PROTOCOL]['sink'] ?? null;
        if (!is_callable($sink)) {
            return false;
        }
        $this->sink = $sink;
        return true;
    }

    public function stream_write(string $data): int
    {
        ($this->sink)($data);
        return strlen($data);
    }

    public function stream_flush(): bool
    {
        return true;
    }

    public function stream_eof(): bool
    {
        return true;
    }

    // phpcs:enable PSR1.Methods.CamelCapsMethodName.NotCamelCaps
}
