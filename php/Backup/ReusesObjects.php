<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

/**
 * A SnapshotSource that can say "this chunk is the existing object <hash>" (SourceChunk::$reuseHash)
 * instead of writing it again. The runner hands it a check that an object is in the store; the runner
 * still confirms (and touches) the object before listing it, and asks for the chunk again when it is gone.
 */
interface ReusesObjects
{
    /** @param \Closure(string): bool $exists whether an object can be reused */
    public function useObjects(\Closure $exists): void;
}
