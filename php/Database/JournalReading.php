<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** The tables a WriteJournal says may have been written since a mark (by key: JournalFolder::tableKey). */
final class JournalReading
{
    /** A note that stands for every table: a statement whose tables could not be told. */
    public const ANY = '*';

    /** @param array<string, true> $keys */
    public function __construct(private readonly array $keys)
    {
    }

    public function mayHaveWritten(string $name): bool
    {
        return isset($this->keys[JournalFolder::tableKey(self::ANY)]) || isset($this->keys[JournalFolder::tableKey($name)]);
    }
}
