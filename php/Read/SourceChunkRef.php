<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Read;

/** One chunk of a source's stream as listed in a snapshot. */
final class SourceChunkRef
{
    public function __construct(
        public readonly string $label,
        public readonly string $hash,
        public readonly int $size,
        /** The memo key of a whole key range (RangeFingerprint::memoKey), null for any other chunk. */
        public readonly ?string $key = null,
    ) {
    }
}
