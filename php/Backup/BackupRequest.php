<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/** What to back up and the metadata to record with it. */
final class BackupRequest
{
    public const TRIGGERS      = ['scheduled', 'manual', 'safety'];
    public const DEFAULT_CHUNK = 8388608;

    /**
     * @param string $root the site's root folder
     * @param list<string> $extraExclusions patterns added to the default exclusions
     * @param string|false|null $parentId a snapshot to compare with; null picks the newest of the same
     *                                    environment and root; false backs up with no parent (reads every file)
     * @param array<string, mixed> $redaction files stored with their secrets removed (SecretRedaction::toArray())
     * @param array<string, string> $folders the site's parts kept outside its root: canonical prefix => folder (see Files\SiteTree)
     * @param array{paths: list<string>, tables: list<string>}|null $scope only these paths and tables
     *                                                                   (Snapshot\SnapshotScope::toArray()); null: the whole site
     * @param array{id: string, created: float}|null $restoreOf for a safety backup, the backup the restore puts back
     *                                                        (Snapshot\RestoreOrigin::toArray()); null otherwise
     */
    public function __construct(
        public readonly string $root,
        public readonly string $environment = 'production',
        public readonly string $trigger = 'manual',
        public readonly string $note = '',
        public readonly string $wpVersion = '',
        public readonly string $pluginVersion = '',
        public readonly string $siteUrl = '',
        public readonly string $tablePrefix = '',
        public readonly array $extraExclusions = [],
        public readonly string|false|null $parentId = null,
        public readonly int $chunkBytes = self::DEFAULT_CHUNK,
        public readonly array $redaction = [],
        public readonly array $folders = [],
        public readonly ?array $scope = null,
        public readonly ?array $restoreOf = null,
    ) {
        if (!in_array($trigger, self::TRIGGERS, true)) {
            throw new \InvalidArgumentException('Unknown trigger.');
        }
        if (1 !== preg_match('/\A[a-z0-9_-]{1,40}\z/', $environment)) {
            throw new \InvalidArgumentException('Invalid environment name.');
        }
        if ($chunkBytes < 4096) {
            throw new \InvalidArgumentException('Chunk size too small.');
        }
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return get_object_vars($this);
    }

    /** @param array<string, mixed> $data */
    public static function fromArray(array $data): self
    {
        return new self(...$data);
    }
}
