<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

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
     * @param array{pieces?: list<string>, part?: int, length?: int} $manifest PieceWriter state of the files manifest
     * @param array<string, SourceState> $sources per source key, in run order
     */
    public function __construct(
        public readonly string $id,
        public readonly ?string $parentId,
        public readonly BackupRequest $request,
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
        try {
            return new self(
                $data['id'],
                $data['parent'],
                BackupRequest::fromArray($data['request']),
                $data['root'],
                (float) $data['started_at'],
                $data['files_total_hint'],
                $data['phase'],
                FilesCursor::fromArray($data['files']),
                $data['manifest'],
                array_map(static fn (array $source): SourceState => SourceState::fromArray($source), $data['sources']),
                Tally::fromArray($data['tally']),
            );
        } catch (\TypeError | \InvalidArgumentException $e) {
            // A value of the wrong kind, or a request its class refuses: as unreadable as a broken file.
            throw new StoreException('The state of this backup is missing or unreadable.', 0, $e);
        }
    }

    public function save(string $path): void
    {
        $sources = array_map(static fn (SourceState $source): array => $source->toArray(), $this->sources);
        $data    = [
            'version'          => self::VERSION,
            'id'               => $this->id,
            'parent'           => $this->parentId,
            'request'          => $this->request->toArray(),
            'root'             => $this->root,
            'started_at'       => $this->startedAt,
            'files_total_hint' => $this->filesTotalHint,
            'phase'            => $this->phase,
            'files'            => $this->files->toArray(),
            'manifest'         => $this->manifest,
            'sources'          => (object) $sources,
            'tally'            => $this->tally->toArray(),
        ];
        $flags = JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PRESERVE_ZERO_FRACTION;
        GuardedFile::write($path, json_encode($data, $flags));
    }
}
