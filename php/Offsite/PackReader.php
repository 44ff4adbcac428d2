<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\DurableRenames;

/**
 * Brings objects out of packs into the local store: objects of one pack that lie close together
 * come in one ranged GET, several GETs side by side; each object is opened (when sealed) and
 * checked against its hash before it is kept.
 */
final class PackReader
{
    /** Objects this close in a pack come in one GET: the bytes between cost less than a round trip. */
    private const GAP_BYTES = 1048576;
    private const RANGE_BYTES = 32 * 1048576;
    private const SIDE_BY_SIDE = 8;

    public function __construct(
        private readonly Bucket $bucket,
        private readonly OffsiteLayout $layout,
        private readonly ?Sealer $sealer,
        private readonly BackupStore $store,
    ) {
    }

    /**
     * @param array<string, array{string, int, int}> $wanted hash => its pack, offset and length
     * @return int bytes moved
     * @throws OffsiteException the first failure, after every object that came whole is kept
     */
    public function fetch(array $wanted): int
    {
        $bytes = 0;
        $failure = null;
        // Every object is written and checked first, then all are flushed and named together.
        $arrived = new DurableRenames();
        try {
            foreach (array_chunk(self::ranges($wanted), self::SIDE_BY_SIDE) as $ranges) {
                try {
                    $bytes += $this->fetchRanges($ranges, $arrived);
                } catch (OffsiteException $e) {
                    $failure ??= $e;
                }
            }
            $arrived->commit();
        } finally {
            $arrived->discard();
        }
        if (null !== $failure) {
            throw $failure;
        }

        return $bytes;
    }

    /**
     * The GETs that bring $wanted: per pack, runs of objects in offset order.
     *
     * @param array<string, array{string, int, int}> $wanted
     * @return list<array{pack: string, from: int, to: int, objects: list<array{string, int, int}>}>
     *         each object as hash, offset and length
     */
    private static function ranges(array $wanted): array
    {
        $byPack = [];
        foreach ($wanted as $hash => [$pack, $offset, $length]) {
            $byPack[$pack][] = [(string) $hash, $offset, $length];
        }
        $ranges = [];
        foreach ($byPack as $pack => $objects) {
            usort($objects, static fn (array $a, array $b): int => $a[1] <=> $b[1]);
            $range = null;
            foreach ($objects as $object) {
                [, $offset, $length] = $object;
                $end = $offset + $length - 1;
                if (null !== $range && $offset - $range['to'] - 1 <= self::GAP_BYTES && $end - $range['from'] < self::RANGE_BYTES) {
                    $range['to'] = max($range['to'], $end);
                    $range['objects'][] = $object;
                    continue;
                }
                if (null !== $range) {
                    $ranges[] = $range;
                }
                $range = ['pack' => (string) $pack, 'from' => $offset, 'to' => $end, 'objects' => [$object]];
            }
            $ranges[] = $range;
        }

        return $ranges;
    }

    /** @param list<array{pack: string, from: int, to: int, objects: list<array{string, int, int}>}> $ranges */
    private function fetchRanges(array $ranges, DurableRenames $arrived): int
    {
        $temps = [];
        try {
            $gets = [];
            foreach ($ranges as $range) {
                [$path, $file] = IncomingObject::temp($this->store);
                $temps[] = [$path, $file];
                $gets[] = ['key' => $this->layout->packKey($range['pack']), 'out' => $file, 'from' => $range['from'], 'to' => $range['to']];
            }
            $bytes = 0;
            $failure = null;
            foreach ($this->bucket->getAll($gets) as $i => $result) {
                try {
                    $range = $ranges[$i];
                    if ($result instanceof OffsiteException) {
                        throw $result instanceof OffsiteMissing
                            ? new OffsiteMissing("Pack {$range['pack']} is missing from " . $this->bucket->describe() . '.', 0, $result)
                            : $result;
                    }
                    if ($result !== $range['to'] - $range['from'] + 1) {
                        throw new OffsiteException("Pack {$range['pack']} in " . $this->bucket->describe() . ' is shorter than its index says.');
                    }
                    $bytes += $result;
                    $failure = $this->split($range, $temps[$i][1], $arrived) ?? $failure;
                } catch (OffsiteException $e) {
                    $failure ??= $e;
                }
            }
        } finally {
            foreach ($temps as [$path, $file]) {
                fclose($file);
                @unlink($path);
            }
        }
        if (null !== $failure) {
            throw $failure;
        }

        return $bytes;
    }

    /**
     * Takes each object of a fetched range that opens and matches its hash into $arrived.
     *
     * @param array{pack: string, from: int, to: int, objects: list<array{string, int, int}>} $range
     * @param resource $file the range's bytes
     * @return OffsiteException|null the first object that failed
     */
    private function split(array $range, $file, DurableRenames $arrived): ?OffsiteException
    {
        $failure = null;
        foreach ($range['objects'] as [$hash, $offset, $length]) {
            [$path, $out] = IncomingObject::temp($this->store);
            $arriving = false;
            try {
                try {
                    $this->extract($file, $offset - $range['from'], $length, $out, $hash);
                } finally {
                    fclose($out);
                }
                IncomingObject::arrive($this->store, $path, $hash, $arrived);
                $arriving = true;
            } catch (OffsiteException $e) {
                $failure ??= $e;
            } finally {
                if (!$arriving) {
                    @unlink($path);
                }
            }
        }

        return $failure;
    }

    /**
     * @param resource $from
     * @param resource $out
     */
    private function extract($from, int $offset, int $length, $out, string $hash): void
    {
        // stream_copy_to_stream() does not seek for an offset of 0: seek here.
        if (0 !== fseek($from, $offset)) {
            throw new OffsiteException('Could not read a fetched pack in the local store.');
        }
        if (null === $this->sealer) {
            if ($length !== stream_copy_to_stream($from, $out, $length)) {
                throw new OffsiteException('Could not write into the local store.');
            }
            return;
        }
        // Opening reads to the sealed stream's end, and checks nothing follows it: give it just this object.
        $sealed = TempStream::of('', TempStream::SEALED_IN_MEMORY);
        try {
            stream_copy_to_stream($from, $sealed, $length);
            rewind($sealed);
            $this->sealer->open($sealed, $out, "object $hash");
        } finally {
            fclose($sealed);
        }
    }
}
