<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Exception;

/**
 * The bucket as the S3 client reaches it, under a key prefix. Most objects the store writes are
 * one chunk (8 MB) or less and go in one PUT, sent again whole if it is cut. Larger ones (a row
 * bigger than a chunk, a snapshot record of a very large site) go in parts that an interrupted
 * upload resumes from.
 */
final class S3Bucket implements Bucket
{
    public const MULTIPART_ABOVE = 16777216;
    public const PART_BYTES = 8388608;

    private readonly string $prefix;
    private readonly MultipartPut $multipart;

    public function __construct(
        private readonly S3Client $client,
        string $prefix = '',
        private readonly int $multipartAbove = self::MULTIPART_ABOVE,
        int $partBytes = self::PART_BYTES,
    ) {
        $prefix = trim($prefix, '/');
        $this->prefix = '' === $prefix ? '' : $prefix . '/';
        $this->multipart = new MultipartPut($client, $partBytes);
    }

    public function put(string $key, $body, int $size): void
    {
        if ($size > $this->multipartAbove) {
            $this->guard(fn () => $this->multipart->put($this->prefix . $key, $body, $size));
            return;
        }
        $this->guard(fn () => $this->client->putObject($this->prefix . $key, $body, $size));
    }

    public function putAll(array $objects): array
    {
        $results = array_fill(0, count($objects), null);
        $small = [];
        foreach ($objects as $i => $object) {
            if ($object['size'] <= $this->multipartAbove) {
                $small[$i] = ['key' => $this->prefix . $object['key']] + $object;
                continue;
            }
            try {
                $this->put($object['key'], $object['body'], $object['size']);
            } catch (OffsiteException $e) {
                $results[$i] = $e;
            }
        }
        if ([] !== $small) {
            $answers = $this->guard(fn (): array => $this->client->putObjects(array_values($small)));
            foreach (array_keys($small) as $n => $i) {
                if ($answers[$n] instanceof S3Exception) {
                    $results[$i] = new OffsiteException($answers[$n]->getMessage(), 0, $answers[$n]);
                }
            }
        }

        return array_values($results);
    }

    public function get(string $key, $out): int
    {
        try {
            return $this->client->getObject($this->prefix . $key, $out);
        } catch (S3Exception $e) {
            throw $this->getFailure($key, $e);
        }
    }

    public function getAll(array $objects): array
    {
        $prefixed = array_map(
            fn (array $object): array => ['key' => $this->prefix . $object['key']] + $object,
            $objects,
        );
        $results = $this->guard(fn (): array => $this->client->getObjects($prefixed));

        return array_map(
            fn (int|S3Exception $result, array $object): int|OffsiteException => $result instanceof S3Exception
                ? $this->getFailure($object['key'], $result)
                : $result,
            $results,
            $objects,
        );
    }

    public function exists(string $key): bool
    {
        return null !== $this->guard(fn () => $this->client->headObject($this->prefix . $key));
    }

    public function delete(array $keys): void
    {
        foreach (array_chunk($keys, 1000) as $batch) {
            $failed = $this->guard(fn () => $this->client->deleteObjects(array_map(fn (string $key): string => $this->prefix . $key, $batch)));
            if ([] !== $failed) {
                $first = (string) array_key_first($failed);
                throw new OffsiteException(sprintf(
                    '%d object(s) could not be deleted from %s, e.g. %s: %s',
                    count($failed),
                    $this->describe(),
                    $first,
                    (string) ($failed[$first]['message'] ?? $failed[$first]['code'] ?? ''),
                ));
            }
        }
    }

    public function list(string $prefix): \Generator
    {
        try {
            foreach ($this->client->listObjects($this->prefix . $prefix) as $object) {
                yield substr($object['key'], strlen($this->prefix)) => $object['size'];
            }
        } catch (S3Exception $e) {
            throw new OffsiteException($e->getMessage(), 0, $e);
        }
    }

    public function abortUnfinished(): int
    {
        return $this->guard(function (): int {
            $aborted = 0;
            foreach ($this->client->listMultipartUploads($this->prefix) as $upload) {
                $this->client->abortMultipartUpload($upload['key'], $upload['uploadId']);
                $aborted++;
            }
            return $aborted;
        });
    }

    public function describe(): string
    {
        $config = $this->client->config();

        return sprintf('bucket %s at %s%s', $config->bucket, $config->endpoint, '' === $this->prefix ? '' : ' (prefix ' . rtrim($this->prefix, '/') . ')');
    }

    private function getFailure(string $key, S3Exception $e): OffsiteException
    {
        if ('NoSuchKey' === $e->errorCode || 404 === $e->httpStatus) {
            return new OffsiteMissing(sprintf('%s is missing from %s.', $key, $this->describe()), 0, $e);
        }

        return new OffsiteException($e->getMessage(), 0, $e);
    }

    /**
     * The client's errors already say what went wrong for an administrator (and never hold the
     * secret): they travel on as off-site errors.
     * @template T
     * @param callable(): T $call
     * @return T
     */
    private function guard(callable $call): mixed
    {
        try {
            return $call();
        } catch (S3Exception $e) {
            throw new OffsiteException($e->getMessage(), 0, $e);
        }
    }
}
