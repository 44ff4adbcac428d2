<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Backup;

use SiteBackups\Engine\Files\FilesCursor;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;

/** Everything a backup in progress needs to continue in a new process: pending/<id>/state.php (a GuardedFile). */
final class BackupState
{
    public const FILE = 'state.php';
    private const VERSION = 1;

    /**
     * @param array<string, mixed> $request BackupRequest::toArray()
     * @param array<string, mixed> $manifest PieceWriter state of the files manifest
     * @param array<string, array<string, mixed>> $sources per source key, in run order
     */
    public function __construct(
        public readonly string $id,
        public readonly ?string $parentId,
        public readonly array $request,
        public readonly string $root,
        public readonly float $startedAt,
        public readonly ?int $filesTotalHint,
        public string $phase,
        public FilesCursor $files,
        public array $manifest,
        public array $sources,
        public Tally $tally,
    ) {
    }

    public static function load(string $path): self
    {
        $json = GuardedFile::read($path);
        $data = null === $json ? null : json_decode($json, true);
        if (!is_array($data) || self::VERSION !== ($data['version'] ?? null)) {
            throw new StoreException('The state of this backup is missing or unreadable.');
        }
        return new self(
            $data['id'],
            $data['parent'],
            $data['request'],
            $data['root'],
            (float) $data['started_at'],
            $data['files_total_hint'],
            $data['phase'],
            FilesCursor::fromArray($data['files']),
            $data['manifest'],
            $data['sources'],
            Tally::fromArray($data['tally']),
        );
    }

    public function save(string $path): void
    {
        $data = [
            'version'          => self::VERSION,
            'id'               => $this->id,
            'parent'           => $this->parentId,
            'request'          => $this->request,
            'root'             => $this->root,
            'started_at'       => $this->startedAt,
            'files_total_hint' => $this->filesTotalHint,
            'phase'            => $this->phase,
            'files'            => $this->files->toArray(),
            'manifest'         => $this->manifest,
            'sources'          => (object) $this->sources,
            'tally'            => $this->tally->toArray(),
        ];
        $flags = JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PRESERVE_ZERO_FRACTION;
        GuardedFile::write($path, json_encode($data, $flags));
    }
}
