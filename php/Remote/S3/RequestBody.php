<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Remote\S3;

use InvalidArgumentException;

/**
 * The $size bytes of a stream from its current position, to be sent as a
 * request body. A seekable stream is read once beforehand for its SHA-256
 * (signed) and MD5 (Content-MD5, checked by the server), and can be sent again
 * on a retry; any other stream is sent once, as UNSIGNED-PAYLOAD.
 */
final class RequestBody
{
    private const READ_BYTES = 262144;

    /** @param resource $stream */
    private function __construct(
        public readonly mixed $stream,
        public readonly int $size,
        private readonly ?int $start,
        public readonly string $sha256,
        public readonly ?string $md5Base64,
        private readonly bool $owned = false,
    ) {
    }

    /** @param resource $stream */
    public static function fromStream(mixed $stream, int $size): self
    {
        if (!is_resource($stream)) {
            throw new InvalidArgumentException('The body must be an open stream.');
        }
        if ($size < 0) {
            throw new InvalidArgumentException('The body size must not be negative.');
        }
        $start = self::seekablePosition($stream);
        if ($start === null) {
            return new self($stream, $size, null, SigV4Signer::UNSIGNED_PAYLOAD, null);
        }
        $sha256 = hash_init('sha256');
        $md5 = hash_init('md5');
        $left = $size;
        while ($left > 0) {
            $data = fread($stream, min(self::READ_BYTES, $left));
            if ($data === false || $data === '') {
                break;
            }
            hash_update($sha256, $data);
            hash_update($md5, $data);
            $left -= strlen($data);
        }
        fseek($stream, $start);
        if ($left > 0) {
            throw new InvalidArgumentException(
                sprintf('The body stream holds %d bytes, not the %d announced.', $size - $left, $size)
            );
        }

        return new self($stream, $size, $start, hash_final($sha256), base64_encode(hash_final($md5, true)));
    }

    public static function fromString(string $data): self
    {
        $stream = fopen('php://temp', 'w+b');
        if ($stream === false) {
            throw new \RuntimeException('Could not open a temporary stream.');
        }
        fwrite($stream, $data);
        rewind($stream);

        return new self($stream, strlen($data), 0, hash('sha256', $data), base64_encode(md5($data, true)), true);
    }

    public static function empty(): self
    {
        return self::fromString('');
    }

    /** Whether the body can be sent again (for a retry). */
    public function canReplay(): bool
    {
        return $this->start !== null;
    }

    /** Moves back to the first byte of the body before a retry. */
    public function rewind(): bool
    {
        return $this->start !== null && fseek($this->stream, $this->start) === 0;
    }

    public function close(): void
    {
        if ($this->owned && is_resource($this->stream)) {
            fclose($this->stream);
        }
    }

    /** @param resource $stream */
    private static function seekablePosition(mixed $stream): ?int
    {
        $position = ftell($stream);
        if (stream_get_meta_data($stream)['seekable'] !== true || $position === false) {
            return null;
        }

        // Some wrappers claim to be seekable and then refuse: ask for real.
        return fseek($stream, $position) === 0 ? $position : null;
    }
}
