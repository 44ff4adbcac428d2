<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Snapshot;

/**
 * The backup a restore was about to put back when it took a safety backup: its id and when it was
 * made. The safety backup's record keeps it in its meta as "restore_of" ({id, created}: created in
 * Unix seconds, as "started_at"), so it travels with the record into the bucket and back.
 *
 * A record may come from a bucket: fromMeta() takes only an id of the right form and a finite,
 * positive time, and gives null for anything else (and for records made before it was kept).
 */
final class RestoreOrigin
{
    public function __construct(
        public readonly string $id,
        public readonly float $created,
    ) {
        SnapshotId::assertValid($id);
        if (!is_finite($created) || $created <= 0) {
            throw new \InvalidArgumentException('A backup\'s creation time must be a positive Unix time.');
        }
    }

    /** The backup a restore puts back; null when its record says no usable time. */
    public static function of(SnapshotRecord $record): ?self
    {
        return self::fromMeta(['id' => $record->id, 'created' => $record->meta['started_at'] ?? null]);
    }

    /** @param mixed $data as toArray() gave it (a record's meta "restore_of"); null when missing or not of that form */
    public static function fromMeta(mixed $data): ?self
    {
        if (!is_array($data)) {
            return null;
        }
        $id      = $data['id'] ?? null;
        $created = $data['created'] ?? null;
        if (!SnapshotId::isValid($id) || !(is_int($created) || is_float($created)) || !is_finite((float) $created) || $created <= 0) {
            return null;
        }
        return new self((string) $id, (float) $created);
    }

    /** @return array{id: string, created: float} */
    public function toArray(): array
    {
        return ['id' => $this->id, 'created' => $this->created];
    }
}
