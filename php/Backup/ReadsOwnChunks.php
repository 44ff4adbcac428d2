<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/**
 * A SnapshotSource that may read parts again within the same backup (a catch-up pass) and reuse
 * the chunks it already listed when they come out the same: the runner hands it a lookup of the
 * chunks listed so far by content key (SourceChunk::$contentKey => [hash, size]), built on first call.
 */
interface ReadsOwnChunks
{
    /** @param \Closure(): array<string, array{0: string, 1: int}> $listed */
    public function useOwnChunks(\Closure $listed): void;
}
