<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Snapshot;

/**
 * The small published record of a snapshot (snapshots/<id>.json): metadata plus the ordered
 * lists of manifest pieces. The entries themselves live in those pieces, never here.
 */
final class SnapshotRecord
{
    public const FORMAT = 1;
    /** Pieces are objects, named by the lowercase hex sha256 of their content (as Store\ContentHash checks). */
    private const PIECE_HASH = '/\A[0-9a-f]{64}\z/';

    /**
     * @param array<string, mixed> $meta
     * @param list<string> $filePieces
     * @param array<string, array{pieces: list<string>, chunks: int, bytes: int, notes: array<string, mixed>}> $sources
     */
    public function __construct(
        public readonly string $id,
        public readonly ?string $parentId,
        public readonly array $meta,
        public readonly array $filePieces,
        public readonly array $sources = [],
        public readonly int $format = self::FORMAT,
    ) {
        SnapshotId::assertValid($id);
        if (null !== $parentId) {
            SnapshotId::assertValid($parentId);
        }
    }

    /** @param array<string, mixed> $data */
    public static function fromArray(array $data): self
    {
        $format = $data['format'] ?? null;
        if (!is_int($format) || $format < 1 || $format > self::FORMAT) {
            throw new \UnexpectedValueException('Unsupported snapshot record format.');
        }
        $sources = [];
        foreach ((array) ($data['sources'] ?? []) as $key => $source) {
            $sources[(string) $key] = [
                'pieces' => self::hashList($source['pieces'] ?? []),
                'chunks' => (int) ($source['chunks'] ?? 0),
                'bytes'  => (int) ($source['bytes'] ?? 0),
                'notes'  => (array) ($source['notes'] ?? []),
            ];
        }
        return new self(
            (string) ($data['id'] ?? ''),
            isset($data['parent']) ? (string) $data['parent'] : null,
            (array) ($data['meta'] ?? []),
            self::hashList($data['files']['pieces'] ?? []),
            $sources,
            $format,
        );
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return [
            'format'  => $this->format,
            'id'      => $this->id,
            'parent'  => $this->parentId,
            'meta'    => $this->meta,
            'files'   => ['pieces' => $this->filePieces],
            'sources' => (object) $this->sources,
        ];
    }

    /** The part of the site the backup holds (a restore's safety backup), or null for the whole site. */
    public function scope(): ?SnapshotScope
    {
        return SnapshotScope::fromMeta($this->meta['scope'] ?? null);
    }

    /** The backup a restore was about to put back when it took this one (a safety backup); null when unknown. */
    public function restoreOf(): ?RestoreOrigin
    {
        return RestoreOrigin::fromMeta($this->meta['restore_of'] ?? null);
    }

    public function environment(): string
    {
        return (string) ($this->meta['environment'] ?? '');
    }

    public function startedAt(): float
    {
        return (float) ($this->meta['started_at'] ?? 0);
    }

    /** @return list<string> */
    public function sourcePieces(string $key): array
    {
        return $this->sources[$key]['pieces'] ?? [];
    }

    /** @return array<string, mixed> */
    public function sourceNotes(string $key): array
    {
        return $this->sources[$key]['notes'] ?? [];
    }

    /** @return list<string> */
    private static function hashList(mixed $list): array
    {
        $hashes = [];
        foreach ((array) $list as $hash) {
            // A record may come from a bucket: a name that is not a hash never reaches a path.
            if (!is_string($hash) || 1 !== preg_match(self::PIECE_HASH, $hash)) {
                throw new \UnexpectedValueException('Invalid object hash.');
            }
            $hashes[] = $hash;
        }
        return $hashes;
    }
}
