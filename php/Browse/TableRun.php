<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * Where one table's chunks lie in a snapshot's database chunk list, found in one pass over it
 * (TableRuns): the start of each run of its lines (one, as the format writes it), the number of chunks
 * and their bytes, the first chunk's hash (its schema: DROP TABLE IF EXISTS and CREATE TABLE), and a
 * digest of the whole sequence of hashes, equal in two snapshots exactly when the table dumped the
 * same bytes.
 */
final class TableRun
{
    /** @var list<array{position: array{0: int, 1: int}, chunks: int}> */
    private array $runs = [];
    private int $chunks = 0;
    private int $bytes = 0;
    private ?string $schemaHash = null;
    private \HashContext $sequence;
    private ?string $digest = null;

    public function __construct(public readonly string $name)
    {
        $this->sequence = hash_init('sha256');
    }

    /** @param array{0: int, 1: int} $position of the run's first line in the chunk list (PieceReader) */
    public function startRun(array $position): void
    {
        $this->runs[] = ['position' => $position, 'chunks' => 0];
    }

    public function add(string $hash, int $size): void
    {
        $this->schemaHash ??= $hash;
        $this->runs[count($this->runs) - 1]['chunks']++;
        $this->chunks++;
        $this->bytes += $size;
        hash_update($this->sequence, $hash);
    }

    /** @return list<array{position: array{0: int, 1: int}, chunks: int}> */
    public function runs(): array
    {
        return $this->runs;
    }

    /** Chunks after the schema's: the table's rows, one key range each under the range strategy. */
    public function ranges(): int
    {
        return max(0, $this->chunks - 1);
    }

    /** Bytes of its SQL, schema included. */
    public function bytes(): int
    {
        return $this->bytes;
    }

    public function schemaHash(): ?string
    {
        return $this->schemaHash;
    }

    public function digest(): string
    {
        return $this->digest ??= hash_final($this->sequence) . ':' . $this->chunks;
    }
}
