<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

use SiteBackups\Engine\Snapshot\SnapshotId;

/**
 * Which snapshots to keep, as data. A snapshot is kept when any of these keeps it; the rest are forgotten.
 * Only snapshots of $environment are considered when it is set (others are left alone).
 * A snapshot's age is its id's time: the moment its backup began.
 */
final class RetentionRule
{
    /** @param list<string> $keepIds */
    public function __construct(
        public readonly ?float $keepNewerThan = null,
        public readonly int $keepLast = 1,
        public readonly array $keepIds = [],
        public readonly ?string $environment = null,
    ) {
        if ($keepLast < 0) {
            throw new \InvalidArgumentException('keepLast cannot be negative.');
        }
    }

    /** @param array<string, mixed> $data e.g. {"keep_newer_than": 1700000000, "keep_last": 3, "keep_ids": [...], "environment": "production"} */
    public static function fromArray(array $data): self
    {
        return new self(
            isset($data['keep_newer_than']) ? (float) $data['keep_newer_than'] : null,
            (int) ($data['keep_last'] ?? 1),
            array_values(array_map('strval', (array) ($data['keep_ids'] ?? []))),
            isset($data['environment']) ? (string) $data['environment'] : null,
        );
    }

    /** Whether the rule has a say over a snapshot of $environment. */
    public function covers(string $environment): bool
    {
        return null === $this->environment || $this->environment === $environment;
    }

    /** Whether it keeps a snapshot it covers; $rank is its place among those, newest first, from 1. */
    public function keeps(string $id, int $rank): bool
    {
        return $rank <= $this->keepLast
            || in_array($id, $this->keepIds, true)
            || (null !== $this->keepNewerThan && SnapshotId::timeMs($id) / 1000 >= $this->keepNewerThan);
    }
}
