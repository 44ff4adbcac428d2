<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

/** A temporary stream (in memory, on disk past PHP's 2 MB), for bodies sent to or read from the bucket. */
final class TempStream
{
    /** @return resource holding $bytes, read from its start */
    public static function of(string $bytes = '')
    {
        $stream = fopen('php://temp', 'w+b');
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
