<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Remote\S3\S3Client;

/**
 * Sends one large object in parts, so a cut connection costs one part and a crash costs only
 * the parts the server does not hold yet. An upload left for the same key by an earlier attempt
 * is picked up: each part it holds is kept only when its size and MD5 match these bytes (an
 * encrypted object differs at every attempt, so its old parts are sent again); other abandoned
 * uploads of the key are aborted so their parts stop taking space.
 */
final class MultipartPut
{
    /** S3 refuses parts below 5 MiB, except the last. */
    public const MIN_PART_BYTES = 5242880;

    public function __construct(private readonly S3Client $client, private readonly int $partBytes)
    {
        if ($partBytes < self::MIN_PART_BYTES) {
            throw new \InvalidArgumentException('A part must be at least 5 MiB.');
        }
    }

    /**
     * @param resource $body seekable, read from its current position, $size bytes
     * @return int the parts sent (fewer than the object's parts when an earlier attempt is resumed)
     */
    public function put(string $key, $body, int $size): int
    {
        $start = (int) ftell($body);
        [$uploadId, $held] = $this->resume($key);
        $parts = [];
        $sent = 0;
        $count = max(1, (int) ceil($size / $this->partBytes));
        for ($number = 1; $number <= $count; $number++) {
            $offset = $start + ($number - 1) * $this->partBytes;
            $length = min($this->partBytes, $size - ($number - 1) * $this->partBytes);
            $etag = isset($held[$number]) && $held[$number]['size'] === $length
                ? $this->heldEtag($body, $offset, $length, $held[$number]['etag'])
                : null;
            if (null === $etag) {
                self::seek($body, $offset);
                $etag = $this->client->uploadPart($key, $uploadId, $number, $body, $length);
                $sent++;
            }
            $parts[] = [$number, $etag];
        }
        $this->client->completeMultipartUpload($key, $uploadId, $parts);

        return $sent;
    }

    /**
     * The unfinished upload for exactly this key holding the most parts (the newest of equals) and
     * those parts, or a new upload. The others are aborted.
     *
     * @return array{0: string, 1: array<int, array{size: int, etag: string}>}
     */
    private function resume(string $key): array
    {
        $candidates = [];
        foreach ($this->client->listMultipartUploads($key) as $upload) {
            if ($upload['key'] === $key) {
                $candidates[] = $upload + ['parts' => $this->client->listParts($key, $upload['uploadId'])];
            }
        }
        if ([] === $candidates) {
            return [$this->client->createMultipartUpload($key), []];
        }
        $rank = static fn (array $upload): array => [count($upload['parts']), $upload['initiated']];
        usort($candidates, static fn (array $a, array $b): int => $rank($b) <=> $rank($a));
        $chosen = array_shift($candidates);
        foreach ($candidates as $stale) {
            $this->client->abortMultipartUpload($key, $stale['uploadId']);
        }
        $held = [];
        foreach ($chosen['parts'] as $part) {
            $held[$part['partNumber']] = ['size' => $part['size'], 'etag' => $part['etag']];
        }

        return [$chosen['uploadId'], $held];
    }

    /**
     * The held part's ETag when it is these bytes, else null.
     *
     * @param resource $body
     */
    private function heldEtag($body, int $offset, int $length, string $etag): ?string
    {
        self::seek($body, $offset);
        $hash = hash_init('md5');
        for ($left = $length; $left > 0; $left -= strlen($block)) {
            $block = fread($body, min(1048576, $left));
            if (false === $block || '' === $block) {
                throw new OffsiteException(sprintf('The object to upload ended %d bytes early.', $left));
            }
            hash_update($hash, $block);
        }

        return hash_equals(strtolower($etag), hash_final($hash)) ? $etag : null;
    }

    /** @param resource $body */
    private static function seek($body, int $offset): void
    {
        if (0 !== fseek($body, $offset)) {
            throw new OffsiteException('The object to upload cannot be read in parts: its stream cannot seek.');
        }
    }
}
