<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use Generator;
use InvalidArgumentException;

/**
 * S3's paged listings (objects, parts, uploads), read one page at a time
 * and following the server's markers, so no listing is held whole in memory
 * (the parts of one upload excepted: at most 10,000).
 */
final class S3Listings
{
    public function __construct(private readonly RequestSender $sender)
    {
    }

    /**
     * Every object whose key starts with $prefix, in key order, read one page
     * (ListObjectsV2, up to $pageSize keys) at a time.
     *
     * @return Generator<int, array{key: string, size: int, etag: string}>
     */
    public function objects(string $prefix = '', int $pageSize = 1000): Generator
    {
        if ($pageSize < 1 || $pageSize > 1000) {
            throw new InvalidArgumentException('A listing page holds 1 to 1000 keys.');
        }
        $query = ['list-type' => '2', 'prefix' => $prefix, 'max-keys' => (string) $pageSize, 'encoding-type' => 'url'];
        $lastKey = null;
        do {
            $page = S3Xml::parse($this->sender->send('GET', '', $query)->body);
            $encoded = strtolower((string) $page->EncodingType) === 'url';
            foreach ($page->Contents as $object) {
                $lastKey = S3Xml::key($object->Key, $encoded);
                yield ['key' => $lastKey, 'size' => (int) $object->Size, 'etag' => S3Xml::etag((string) $object->ETag)];
            }
            $more = S3Xml::isTrue($page->IsTruncated);
            $token = (string) $page->NextContinuationToken;
            unset($page);
            if ($more) {
                // Without a token (an old server), going on after the last key listed is equivalent.
                unset($query['continuation-token'], $query['start-after']);
                if ($token !== '') {
                    $query['continuation-token'] = $token;
                } elseif ($lastKey !== null) {
                    $query['start-after'] = $lastKey;
                } else {
                    throw S3Exception::malformed('the listing goes on but the server gave no way to continue it');
                }
            }
        } while ($more);
    }

    /**
     * The parts the server holds for an upload, to resume it after a crash.
     *
     * @return list<array{partNumber: int, etag: string, size: int}>
     */
    public function parts(string $key, string $uploadId): array
    {
        $parts = [];
        $query = ['uploadId' => $uploadId];
        do {
            $page = S3Xml::parse($this->sender->send('GET', $key, $query)->body);
            foreach ($page->Part as $part) {
                $parts[] = [
                    'partNumber' => (int) $part->PartNumber,
                    'etag' => S3Xml::etag((string) $part->ETag),
                    'size' => (int) $part->Size,
                ];
            }
            $more = S3Xml::isTrue($page->IsTruncated);
            $query['part-number-marker'] = (string) $page->NextPartNumberMarker;
            if ($more && $query['part-number-marker'] === '') {
                throw S3Exception::malformed('the part list goes on but the server gave no marker');
            }
        } while ($more);

        return $parts;
    }

    /**
     * Uploads started and neither completed nor aborted, for keys starting with $prefix.
     *
     * @return Generator<int, array{key: string, uploadId: string, initiated: string}>
     */
    public function uploads(string $prefix = ''): Generator
    {
        $query = ['uploads' => '', 'prefix' => $prefix, 'encoding-type' => 'url'];
        do {
            $page = S3Xml::parse($this->sender->send('GET', '', $query)->body);
            $encoded = strtolower((string) $page->EncodingType) === 'url';
            foreach ($page->Upload as $upload) {
                yield [
                    'key' => S3Xml::key($upload->Key, $encoded),
                    'uploadId' => (string) $upload->UploadId,
                    'initiated' => (string) $upload->Initiated,
                ];
            }
            $more = S3Xml::isTrue($page->IsTruncated);
            $query['key-marker'] = S3Xml::key($page->NextKeyMarker, $encoded);
            $query['upload-id-marker'] = (string) $page->NextUploadIdMarker;
            unset($page);
            if ($more && $query['key-marker'] === '') {
                throw S3Exception::malformed('the upload list goes on but the server gave no marker');
            }
        } while ($more);
    }
}
