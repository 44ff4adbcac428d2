<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Download;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Snapshot\SnapshotRecord;

/**
 * manifest.json of a downloaded backup, produced piece by piece (one file per line) so that the
 * list of files is never held in memory: the snapshot's id and metadata, where the parts lie in
 * the archive, and every path of the snapshot. Paths left out at backup time are listed with
 * their status and reason; they are not in the archive.
 */
final class ArchiveManifest
{
    public const FORMAT = 1;

    private const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR
        | JSON_INVALID_UTF8_SUBSTITUTE;

    /**
     * @param iterable<Entry> $entries in manifest order
     * @return \Generator<int, string>
     */
    public static function fragments(
        SnapshotRecord $record,
        iterable $entries,
        string $filesFolder,
        ?string $databaseFile,
    ): \Generator {
        $head = StableJson::encode([
            'format'   => self::FORMAT,
            'snapshot' => $record->id,
            'parent'   => $record->parentId,
            'meta'     => (object) $record->meta,
            'layout'   => ['files' => $filesFolder, 'database' => $databaseFile],
        ], self::JSON_FLAGS); // the metadata's numbers written alike in every process
        yield substr($head, 0, -1) . ',"files":[';
        $separator = "\n";
        foreach ($entries as $entry) {
            yield $separator . json_encode(self::describe($entry), self::JSON_FLAGS);
            $separator = ",\n";
        }
        yield "\n]}\n";
    }

    /** @return array<string, mixed> */
    public static function describe(Entry $entry): array
    {
        $item = self::text('path', $entry->path) + ['type' => $entry->type];
        if (!$entry->isBackedUp()) {
            return $item + ['status' => $entry->status, 'reason' => (string) $entry->reason];
        }
        if (Entry::FILE === $entry->type) {
            $item['size'] = $entry->size;
        }
        $item += ['mode' => sprintf('%04o', $entry->mode), 'mtime' => $entry->mtime];
        if (Entry::SYMLINK === $entry->type) {
            $item += self::text('target', (string) $entry->target);
        }
        return $item;
    }

    /**
     * Names that are not UTF-8 travel base64-encoded under "<key>_b64", as in the store's manifest.
     * @return array<string, string>
     */
    private static function text(string $key, string $value): array
    {
        return 1 === preg_match('//u', $value) ? [$key => $value] : [$key . '_b64' => base64_encode($value)];
    }
}
