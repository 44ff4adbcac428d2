<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use Generator;
use InvalidArgumentException;

/**
 * The S3 operations the backups need, on one bucket of an S3-compatible
 * server. Object bodies are streamed both ways and listings are read page by
 * page, so memory stays flat whatever the size of objects and buckets.
 * Every failure is an S3Exception (S3NetworkError when the server was not reached).
 */
final class S3Client
{
    /** S3's limit of keys per multi-object delete. */
    public const MAX_DELETE_KEYS = 1000;
    public const MAX_PART_NUMBER = 10000;
    private const XML = ['content-type' => 'application/xml'];

    private readonly RequestSender $sender;
    private readonly S3Listings $listings;

    public function __construct(private readonly S3Config $config, ?RequestSender $sender = null)
    {
        $this->sender = $sender ?? new RequestSender($config);
        $this->listings = new S3Listings($this->sender);
    }

    public function config(): S3Config
    {
        return $this->config;
    }

    /**
     * Uploads $size bytes of $body, read from its current position. A seekable
     * stream is hashed first (signed SHA-256 and Content-MD5) and can be retried;
     * any other is sent once as UNSIGNED-PAYLOAD.
     *
     * @param resource $body
     * @param array<string, string> $headers e.g. Content-Type, x-amz-meta-*
     * @return string the ETag, without quotes
     */
    public function putObject(string $key, mixed $body, int $size, array $headers = []): string
    {
        self::checkKey($key);
        $body = RequestBody::fromStream($body, $size);
        $response = $this->sender->send('PUT', $key, [], self::headers($headers), $body);

        return S3Xml::etag($response->header('etag') ?? '');
    }

    /**
     * PUTs several objects side by side, each $size bytes of a seekable stream from its current
     * position (hashed first, like putObject()). One failure does not stop the others.
     *
     * @param list<array{key: string, body: resource, size: int}> $objects
     * @return list<string|S3Exception> in the order of $objects: the ETag, or why it failed
     */
    public function putObjects(array $objects): array
    {
        $requests = [];
        foreach ($objects as $object) {
            self::checkKey($object['key']);
            $requests[] = [
                'method' => 'PUT',
                'key' => $object['key'],
                'headers' => [],
                'body' => RequestBody::fromStream($object['body'], $object['size']),
            ];
        }

        return array_map(
            static fn (HttpResponse|S3Exception $result): string|S3Exception => $result instanceof S3Exception
                ? $result
                : S3Xml::etag($result->header('etag') ?? ''),
            $this->sender->sendAll($requests),
        );
    }

    /**
     * GETs several objects (or the bytes from..to of them, inclusive) side by side, each into its
     * own stream. One failure does not stop the others.
     *
     * @param list<array{key: string, out: resource, from?: int, to?: int}> $objects streams that can be emptied (files)
     * @return list<int|S3Exception> in the order of $objects: the bytes written, or why it failed
     */
    public function getObjects(array $objects): array
    {
        $sinks = [];
        foreach ($objects as $object) {
            self::checkKey($object['key']);
            if (!is_resource($object['out'])) {
                throw new InvalidArgumentException('The output must be an open stream.');
            }
            $from = $object['from'] ?? null;
            $to = $object['to'] ?? null;
            if (($from !== null && $from < 0) || ($to !== null && $to < ($from ?? 0))) {
                throw new InvalidArgumentException('The byte range must satisfy 0 <= from <= to.');
            }
            $sinks[] = array_filter(
                ['key' => $object['key'], 'sink' => $object['out'], 'from' => $from, 'to' => $to],
                static fn (mixed $value): bool => null !== $value,
            );
        }

        return $this->sender->downloadAll($sinks);
    }

    /**
     * Writes the object, or its bytes $from..$to (inclusive), to $out.
     *
     * @param resource $out
     * @return int the bytes written
     */
    public function getObject(string $key, mixed $out, ?int $from = null, ?int $to = null): int
    {
        self::checkKey($key);
        if (!is_resource($out)) {
            throw new InvalidArgumentException('The output must be an open stream.');
        }
        if (($from !== null && $from < 0) || ($to !== null && $to < ($from ?? 0))) {
            throw new InvalidArgumentException('The byte range must satisfy 0 <= from <= to.');
        }

        return $this->sender->download($key, $out, $from, $to)[1];
    }

    /**
     * The object's size, ETag, modification time, type and user metadata
     * (x-amz-meta-* without the prefix); null when there is no such object
     * (or no such bucket: a HEAD answer has no body to tell them apart).
     *
     * @return array{size: int, etag: string, lastModified: int|null, contentType: string,
     *     metadata: array<string, string>}|null
     */
    public function headObject(string $key): ?array
    {
        self::checkKey($key);
        try {
            $response = $this->sender->send('HEAD', $key);
        } catch (S3Exception $e) {
            if (in_array($e->errorCode, ['NotFound', 'NoSuchKey'], true)) {
                return null;
            }
            throw $e;
        }
        $modified = strtotime($response->header('last-modified') ?? '');

        return [
            'size' => (int) ($response->header('content-length') ?? 0),
            'etag' => S3Xml::etag($response->header('etag') ?? ''),
            'lastModified' => $modified === false ? null : $modified,
            'contentType' => $response->header('content-type') ?? '',
            'metadata' => $response->metadata(),
        ];
    }

    /** Deletes an object; deleting one that does not exist is not an error. */
    public function deleteObject(string $key): void
    {
        self::checkKey($key);
        try {
            $this->sender->send('DELETE', $key, [], [], null, [200, 204]);
        } catch (S3Exception $e) {
            if ($e->errorCode !== 'NoSuchKey') {
                throw $e;
            }
        }
    }

    /**
     * Deletes many objects, up to 1000 per request. Keys that do not exist
     * count as deleted.
     *
     * @param list<string> $keys
     * @return array<string, array{code: string, message: string}> the keys that could not be deleted
     */
    public function deleteObjects(array $keys): array
    {
        $failed = [];
        foreach (array_chunk($keys, self::MAX_DELETE_KEYS) as $batch) {
            array_walk($batch, static fn (string $key) => self::checkKey($key));
            $body = RequestBody::fromString(S3Xml::deleteRequest($batch));
            try {
                $response = $this->sender->send('POST', '', ['delete' => ''], self::XML, $body);
            } finally {
                $body->close();
            }
            foreach (S3Xml::parse($response->body)->Error as $error) {
                $failed[(string) $error->Key] = [
                    'code' => (string) $error->Code,
                    'message' => (string) $error->Message,
                ];
            }
        }

        return $failed;
    }

    /**
     * Every object whose key starts with $prefix, in key order, read one page
     * (ListObjectsV2, up to $pageSize keys) at a time.
     *
     * @return Generator<int, array{key: string, size: int, etag: string}>
     */
    public function listObjects(string $prefix = '', int $pageSize = 1000): Generator
    {
        return $this->listings->objects($prefix, $pageSize);
    }

    /**
     * @param array<string, string> $headers e.g. Content-Type, x-amz-meta-*
     * @return string the upload id
     */
    public function createMultipartUpload(string $key, array $headers = []): string
    {
        self::checkKey($key);
        $response = $this->sender->send('POST', $key, ['uploads' => ''], self::headers($headers), RequestBody::empty());
        $uploadId = (string) S3Xml::parse($response->body)->UploadId;
        if ($uploadId === '') {
            throw S3Exception::malformed('the server started a multipart upload without giving its id');
        }

        return $uploadId;
    }

    /**
     * Uploads part $partNumber (1..10000): $size bytes of $body from its current
     * position, so parts can be cut straight out of one big file handle.
     * Every part but the last must be at least 5 MiB.
     *
     * @param resource $body
     * @return string the part's ETag, without quotes
     */
    public function uploadPart(string $key, string $uploadId, int $partNumber, mixed $body, int $size): string
    {
        self::checkKey($key);
        if ($partNumber < 1 || $partNumber > self::MAX_PART_NUMBER) {
            throw new InvalidArgumentException('A part number must be between 1 and 10000.');
        }
        $response = $this->sender->send(
            'PUT',
            $key,
            ['partNumber' => (string) $partNumber, 'uploadId' => $uploadId],
            [],
            RequestBody::fromStream($body, $size),
        );

        return S3Xml::etag($response->header('etag') ?? '');
    }

    /**
     * The parts the server holds for an upload, to resume it after a crash.
     *
     * @return list<array{partNumber: int, etag: string, size: int}>
     */
    public function listParts(string $key, string $uploadId): array
    {
        self::checkKey($key);

        return $this->listings->parts($key, $uploadId);
    }

    /**
     * Joins the parts into the object. S3 can answer 200 and still fail (an
     * <Error> body), which is thrown like any error. A retry that finds the upload
     * gone means the first attempt's answer was lost: the object is then checked
     * against the ETag these parts must give (MD5 of the parts' MD5s, "-" count).
     *
     * @param list<array{0: int, 1: string}> $parts part numbers and ETags
     * @return string the object's ETag, without quotes
     */
    public function completeMultipartUpload(string $key, string $uploadId, array $parts): string
    {
        self::checkKey($key);
        if ($parts === []) {
            throw new InvalidArgumentException('A multipart upload needs at least one part.');
        }
        usort($parts, static fn (array $a, array $b): int => $a[0] <=> $b[0]);
        $body = RequestBody::fromString(S3Xml::completeRequest($parts));
        try {
            $response = $this->sender->send('POST', $key, ['uploadId' => $uploadId], self::XML, $body);
        } catch (S3Exception $e) {
            $object = $e->errorCode === 'NoSuchUpload' && $e->attempts > 1 ? $this->headObject($key) : null;
            if ($object === null || $object['etag'] !== self::multipartEtag($parts)) {
                throw $e;
            }

            return $object['etag'];
        } finally {
            $body->close();
        }

        return S3Xml::etag((string) S3Xml::parse($response->body)->ETag);
    }

    /** Abandons an upload and frees its parts; an upload already gone is not an error. */
    public function abortMultipartUpload(string $key, string $uploadId): void
    {
        self::checkKey($key);
        try {
            $this->sender->send('DELETE', $key, ['uploadId' => $uploadId], [], null, [200, 204]);
        } catch (S3Exception $e) {
            if (!in_array($e->errorCode, ['NoSuchUpload', 'NotFound'], true)) {
                throw $e;
            }
        }
    }

    /**
     * Uploads started and neither completed nor aborted, for keys starting with $prefix.
     *
     * @return Generator<int, array{key: string, uploadId: string, initiated: string}>
     */
    public function listMultipartUploads(string $prefix = ''): Generator
    {
        return $this->listings->uploads($prefix);
    }

    /** Whether the bucket exists; an access refusal is thrown, not taken for "no". */
    public function bucketExists(): bool
    {
        try {
            $this->sender->send('HEAD');
        } catch (S3Exception $e) {
            if (in_array($e->errorCode, ['NotFound', 'NoSuchBucket'], true)) {
                return false;
            }
            throw $e;
        }

        return true;
    }

    /** Creates the bucket (for setup and tests); one we already own is fine. */
    public function createBucket(): void
    {
        $region = $this->config->region;
        // us-east-1 is the default location and S3 refuses it when named explicitly.
        $body = RequestBody::fromString($region === 'us-east-1' ? '' : S3Xml::createBucketRequest($region));
        try {
            $this->sender->send('PUT', '', [], [], $body);
        } catch (S3Exception $e) {
            if ($e->errorCode !== 'BucketAlreadyOwnedByYou') {
                throw $e;
            }
        } finally {
            $body->close();
        }
    }

    /** Deletes the bucket, which must be empty (for tests). */
    public function deleteBucket(): void
    {
        $this->sender->send('DELETE', '', [], [], null, [200, 204]);
    }

    public function close(): void
    {
        $this->sender->close();
    }

    /**
     * The ETag S3 gives an object joined from these parts.
     *
     * @param list<array{0: int, 1: string}> $parts
     */
    private static function multipartEtag(array $parts): string
    {
        $digests = '';
        foreach ($parts as [, $etag]) {
            $digests .= (string) hex2bin(S3Xml::etag($etag));
        }

        return md5($digests) . '-' . count($parts);
    }

    private static function checkKey(string $key): void
    {
        if ($key === '' || strlen($key) > 1024) {
            throw new InvalidArgumentException('An object key must be 1 to 1024 bytes long.');
        }
        if (preg_match('//u', $key) !== 1) {
            throw new InvalidArgumentException('An object key must be valid UTF-8.');
        }
    }

    /**
     * @param array<string, string> $headers
     * @return array<string, string>
     */
    private static function headers(array $headers): array
    {
        $lower = [];
        foreach ($headers as $name => $value) {
            if (preg_match('/[\r\n]/', $name . $value) === 1) {
                throw new InvalidArgumentException('A header name or value must not contain line breaks.');
            }
            $lower[strtolower(trim((string) $name))] = trim($value);
        }

        return $lower;
    }
}
