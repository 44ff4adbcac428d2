<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/**
 * Where off-site copies go: an S3-compatible bucket under a key prefix. Keys are relative to that
 * prefix. Bodies are streams, never strings: objects are mostly up to a chunk (8 MB) each, some
 * larger.
 */
interface Bucket
{
    /** @param resource $body seekable, read from its start, $size bytes */
    public function put(string $key, $body, int $size): void;

    /**
     * Several objects side by side; one failure does not stop the others.
     *
     * @param list<array{key: string, body: resource, size: int}> $objects bodies as for put()
     * @return list<OffsiteException|null> in the order of $objects: null where it was stored
     */
    public function putAll(array $objects): array;

    /**
     * @param resource $out
     * @return int bytes written
     * @throws OffsiteMissing when there is no such key
     */
    public function get(string $key, $out): int;

    /**
     * Several objects side by side, each into its own stream: whole, or only the bytes from..to
     * (inclusive) when those are given. One failure does not stop the others.
     *
     * @param list<array{key: string, out: resource, from?: int, to?: int}> $objects streams that can be emptied (files)
     * @return list<int|OffsiteException> in the order of $objects: the bytes written, or why it
     *         failed (OffsiteMissing when there is no such key)
     */
    public function getAll(array $objects): array;

    public function exists(string $key): bool;

    /** @param list<string> $keys */
    public function delete(array $keys): void;

    /** @return \Generator<string, int> key => size, for every key under $prefix */
    public function list(string $prefix): \Generator;

    /**
     * Aborts the uploads in parts started under the prefix and never finished, so their parts stop
     * taking space; only while no copy is under way.
     *
     * @return int uploads aborted
     */
    public function abortUnfinished(): int;

    /** Where the copies are, for messages: never with credentials. */
    public function describe(): string;
}
