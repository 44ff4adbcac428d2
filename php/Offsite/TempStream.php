<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

/** A temporary stream (in memory, on disk past $inMemory bytes), for bodies sent to or read from the bucket. */
final class TempStream
{
    /** PHP's own bound for php://temp. */
    public const IN_MEMORY = 2097152;
    /** For what goes through the Sealer: one object or body, sealed or opened. */
    public const SEALED_IN_MEMORY = 1048576;

    /** @return resource holding $bytes, read from its start */
    public static function of(string $bytes = '', int $inMemory = self::IN_MEMORY)
    {
        $stream = fopen('php://temp/maxmemory:' . $inMemory, 'w+b');
        if (false === $stream) {
            throw new OffsiteException('Could not open a temporary stream.');
        }
        if ('' !== $bytes) {
            fwrite($stream, $bytes);
            rewind($stream);
        }

        return $stream;
    }
}
