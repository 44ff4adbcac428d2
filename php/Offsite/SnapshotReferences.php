<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * Every object a snapshot needs, in a stable order: the pieces of its files manifest and the
 * chunks of each file, then each source's chunk-list pieces and chunks. Streams: one manifest
 * piece in memory at a time. A hash may come more than once (files with the same content).
 */
final class SnapshotReferences
{
    /** @return \Generator<int, string> */
    public static function of(SnapshotRecord $record, ObjectStore $objects): \Generator
    {
        foreach ($record->filePieces as $piece) {
            yield $piece;
            foreach ((new PieceReader($objects, [$piece]))->lines() as $line) {
                yield from Entry::fromJson($line)->chunks;
            }
        }
        foreach (array_keys($record->sources) as $key) {
            foreach ($record->sourcePieces((string) $key) as $piece) {
                yield $piece;
                foreach (SnapshotReader::chunkRefs((new PieceReader($objects, [$piece]))->lines()) as $chunk) {
                    yield $chunk->hash;
                }
            }
        }
    }
}
