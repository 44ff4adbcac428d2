<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** What a whole-database dump did: hints to keep for the next one, what it had to skip, what is not the site's. */
final class DumpReport
{
    /**
     * @param array<string, array<string, mixed>> $hints per table, to pass to the next dump
     * @param array<string, string> $skipped object name => reason (e.g. "table no longer exists")
     * @param array<string, int> $chunkCounts per table, including the schema chunk
     * @param array<string, string> $leftOut tables and views of the prefix that are not the site's => why
     */
    public function __construct(
        public readonly array $hints,
        public readonly array $skipped,
        public readonly array $chunkCounts,
        public readonly array $leftOut = [],
    ) {
    }
}
