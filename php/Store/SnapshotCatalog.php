<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;

/** The published snapshots: one small JSON record each (snapshots/<id>.php, a GuardedFile), written atomically. */
final class SnapshotCatalog
{
    public function __construct(private readonly string $dir)
    {
    }

    /** @return list<string> ids, newest first */
    public function ids(): array
    {
        $ids = [];
        foreach (@scandir($this->dir, SCANDIR_SORT_NONE) ?: [] as $name) {
            $id = substr($name, 0, -strlen(GuardedFile::EXTENSION));
            if (str_ends_with($name, GuardedFile::EXTENSION) && SnapshotId::isValid($id)) {
                $ids[] = $id;
            }
        }
        rsort($ids, SORT_STRING);
        return $ids;
    }

    /** @return list<SnapshotRecord> newest first */
    public function all(): array
    {
        $records = [];
        foreach ($this->ids() as $id) {
            try {
                $records[] = $this->load($id);
            } catch (StoreException) {
                continue; // removed between listing and reading
            }
        }
        return $records;
    }

    /**
     * What a list screen needs, newest first, without the piece lists.
     * @return list<array{id: string, parent: ?string, meta: array<string, mixed>}>
     */
    public function summaries(): array
    {
        return array_map(
            static fn (SnapshotRecord $r): array => ['id' => $r->id, 'parent' => $r->parentId, 'meta' => $r->meta],
            $this->all()
        );
    }

    public function has(string $id): bool
    {
        return is_file($this->pathFor($id));
    }

    public function load(string $id): SnapshotRecord
    {
        $json = GuardedFile::read($this->pathFor($id));
        if (null === $json) {
            throw new StoreException("Snapshot $id does not exist.");
        }
        $data = json_decode($json, true);
        try {
            if (!is_array($data) || ($data['id'] ?? null) !== $id) {
                throw new \UnexpectedValueException('not a record of this id');
            }
            return SnapshotRecord::fromArray($data);
        } catch (\InvalidArgumentException | \UnexpectedValueException | StoreException $e) {
            throw new StoreException("Snapshot record $id is unreadable: {$e->getMessage()}", 0, $e);
        }
    }

    /** Call only once every object the record names is durable. */
    public function publish(SnapshotRecord $record): void
    {
        Durable::makeDir($this->dir);
        $json = json_encode($record->toArray(), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
        GuardedFile::write($this->pathFor($record->id), $json . "\n");
    }

    public function delete(string $id): void
    {
        if (is_file($path = $this->pathFor($id)) && !@unlink($path)) {
            throw new StoreException("Could not delete snapshot $id.");
        }
        Durable::syncDir($this->dir);
    }

    private function pathFor(string $id): string
    {
        return $this->dir . '/' . SnapshotId::assertValid($id) . GuardedFile::EXTENSION;
    }
}
