<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/**
 * Where one SnapshotSource of a backup stands between slices: the runner's side of it (its chunk list and
 * counts), kept in state.php under "sources" by key. The cursor is the source's own and passes through as is.
 */
final class SourceState
{
    /**
     * @param array<string, mixed>|null $cursor the source's next cursor (SnapshotSource::start(), SourceChunk::$next)
     * @param array<string, mixed> $notes the notes kept in the snapshot, merged from each chunk's
     * @param array{pieces?: list<string>, part?: int, length?: int} $list PieceWriter state of its chunk list
     * @param int|null $total units in all, when the source said
     * @param array<string, int> $passes label => the last catch-up pass that wrote it, until the list is rewritten
     * @param string|null $listDir the folder of its chunk list once rewritten without earlier passes; null: the first
     */
    public function __construct(
        public bool $started = false,
        public ?array $cursor = null,
        public bool $done = false,
        public array $notes = [],
        public array $list = [],
        public int $chunks = 0,
        public int $units = 0,
        public int $bytes = 0,
        public ?int $total = null,
        public array $passes = [],
        public ?string $listDir = null,
    ) {
    }

    /** @param array<string, mixed>|null $cursor what SnapshotSource::start() gave: null when there is nothing to write */
    public function start(?array $cursor): void
    {
        $this->started = true;
        $this->cursor  = $cursor;
        $this->done    = null === $cursor;
    }

    /** Counts a chunk just listed, of $bytes plain bytes, and moves on to the cursor after it. */
    public function listed(SourceChunk $chunk, int $bytes): void
    {
        if ($chunk->pass > 0) {
            $this->passes[$chunk->label] = max($chunk->pass, $this->passes[$chunk->label] ?? 0);
        }
        $this->chunks++;
        $this->units  = $chunk->unitsDone ?? $this->chunks;
        $this->bytes += $bytes;
        $this->notes  = array_replace($this->notes, $chunk->notes);
        $this->total  = $chunk->unitsTotal ?? $this->total;
        $this->cursor = $chunk->next;
        $this->done   = null === $chunk->next;
    }

    /** Null until the source has begun. */
    public function progress(): ?SourceProgress
    {
        if (!$this->started && 0 === $this->chunks) {
            return null;
        }
        return new SourceProgress($this->units, null === $this->total ? null : max($this->total, $this->units));
    }

    /** @param array<string, mixed> $data as toArray() gives it */
    public static function fromArray(array $data): self
    {
        $chunks = (int) ($data['chunks'] ?? 0);
        return new self(
            (bool) ($data['started'] ?? false),
            isset($data['cursor']) ? (array) $data['cursor'] : null,
            (bool) ($data['done'] ?? false),
            (array) ($data['notes'] ?? []),
            (array) ($data['list'] ?? []),
            $chunks,
            (int) ($data['units'] ?? $chunks),
            (int) ($data['bytes'] ?? 0),
            isset($data['total']) ? (int) $data['total'] : null,
            array_map('intval', (array) ($data['passes'] ?? [])),
            isset($data['list_dir']) ? (string) $data['list_dir'] : null,
        );
    }

    /**
     * The keys state.php has always had: "passes" from the first catch-up chunk on (left empty once the list is
     * rewritten), "list_dir" once it is.
     *
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        $data = [
            'started' => $this->started,
            'cursor'  => $this->cursor,
            'done'    => $this->done,
            'notes'   => $this->notes,
            'list'    => $this->list,
            'chunks'  => $this->chunks,
            'units'   => $this->units,
            'bytes'   => $this->bytes,
            'total'   => $this->total,
        ];
        if ([] !== $this->passes || null !== $this->listDir) {
            $data['passes'] = $this->passes;
        }
        if (null !== $this->listDir) {
            $data['list_dir'] = $this->listDir;
        }
        return $data;
    }
}
