<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

/**
 * Moves one stream to or from the bucket, encrypting on the way out and decrypting on the way
 * in when a Sealer is set. Encrypted bodies pass through a temp stream (the size must be known
 * before the upload); plain ones go as they are.
 */
final class SealedTransfer
{
    public function __construct(private readonly Bucket $bucket, private readonly ?Sealer $sealer)
    {
    }

    /** @param resource $plain readable from its start */
    public function upload(string $key, $plain, int $size): int
    {
        if (null === $this->sealer) {
            $this->bucket->put($key, $plain, $size);
            return $size;
        }
        $sealed = self::temp();
        try {
            $bytes = $this->sealer->seal($plain, $sealed);
            rewind($sealed);
            $this->bucket->put($key, $sealed, $bytes);
            return $bytes;
        } finally {
            fclose($sealed);
        }
    }

    /**
     * Several streams side by side; one failure does not stop the others.
     *
     * @param list<array{key: string, plain: resource, size: int}> $objects each readable from its start
     * @return list<int|OffsiteException> in the order of $objects: the bytes sent, or why it failed
     */
    public function uploadAll(array $objects): array
    {
        $bodies = [];
        $sealed = [];
        try {
            foreach ($objects as $object) {
                if (null === $this->sealer) {
                    $bodies[] = ['key' => $object['key'], 'body' => $object['plain'], 'size' => $object['size']];
                    continue;
                }
                $sealed[] = $stream = self::temp();
                $bytes = $this->sealer->seal($object['plain'], $stream);
                rewind($stream);
                $bodies[] = ['key' => $object['key'], 'body' => $stream, 'size' => $bytes];
            }
            $failures = $this->bucket->putAll($bodies);
        } finally {
            array_map('fclose', $sealed);
        }

        return array_map(
            static fn (?OffsiteException $failure, array $body): int|OffsiteException => $failure ?? $body['size'],
            $failures,
            $bodies,
        );
    }

    /** @param resource $out receives the plain bytes */
    public function download(string $key, $out, string $what): int
    {
        if (null === $this->sealer) {
            return $this->bucket->get($key, $out);
        }
        $sealed = self::temp();
        try {
            $this->bucket->get($key, $sealed);
            rewind($sealed);
            return $this->sealer->open($sealed, $out, $what);
        } finally {
            fclose($sealed);
        }
    }

    /**
     * Several objects side by side; one failure does not stop the others.
     *
     * @param list<array{key: string, out: resource, what: string}> $objects each out receives the
     *        plain bytes, and can be emptied (a file)
     * @return list<int|OffsiteException> in the order of $objects: the plain bytes, or why it failed
     */
    public function downloadAll(array $objects): array
    {
        if (null === $this->sealer) {
            return $this->bucket->getAll(
                array_map(static fn (array $o): array => ['key' => $o['key'], 'out' => $o['out']], $objects)
            );
        }
        $sealed = array_map(static fn (): mixed => self::temp(), $objects);
        try {
            $results = $this->bucket->getAll(array_map(
                static fn (array $o, $temp): array => ['key' => $o['key'], 'out' => $temp],
                $objects,
                $sealed,
            ));
            foreach ($results as $i => $result) {
                if (is_int($result)) {
                    rewind($sealed[$i]);
                    try {
                        $results[$i] = $this->sealer->open($sealed[$i], $objects[$i]['out'], $objects[$i]['what']);
                    } catch (OffsiteException $e) {
                        $results[$i] = $e;
                    }
                }
            }
            return $results;
        } finally {
            array_map('fclose', $sealed);
        }
    }

    /** @return resource */
    private static function temp()
    {
        return TempStream::of('', TempStream::SEALED_IN_MEMORY);
    }
}
