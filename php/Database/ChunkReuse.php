<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use SiteBackups\Engine\Store\ContentHash;

/**
 * What one data chunk may reuse, and what it did: the previous snapshot's chunks by memo key
 * (RangeFingerprint::memoKey => [object hash, plain size]) and a check that an object is still in
 * the store. Filled by TableDumper: the memo key of the chunk written (null when it has none), and
 * the object reused instead of writing anything.
 */
final class ChunkReuse
{
    public ?string $memo = null;
    /** Rows the chunk holds, written or reused (a reused range's from its fingerprint); null when not known. */
    public ?int $rows = 0;
    /** @var array{0: string, 1: int}|null */
    public ?array $reused = null;

    /**
     * @param array<string, mixed> $parentObjects
     * @param (\Closure(string): bool)|null $exists
     */
    public function __construct(private readonly array $parentObjects = [], private readonly ?\Closure $exists = null)
    {
    }

    public function hasCandidates(): bool
    {
        return $this->parentObjects !== [] && $this->exists !== null;
    }

    /** @return array{0: string, 1: int}|null the parent's object for this memo key, when it is still stored */
    public function lookup(string $memo): ?array
    {
        $object = $this->parentObjects[$memo] ?? null;
        if (
            $this->exists === null || !is_array($object) || !ContentHash::isValid($object[0] ?? null)
            || !is_int($object[1] ?? null) || $object[1] < 0
        ) {
            return null;
        }
        $hash = (string) $object[0];

        return ($this->exists)($hash) ? [$hash, (int) $object[1]] : null;
    }
}
