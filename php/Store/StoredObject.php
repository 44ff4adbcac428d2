<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/** What a put into the object store did: the name, and how many bytes it cost (0 when already there). */
final class StoredObject
{
    public function __construct(
        public readonly string $hash,
        public readonly int $plainBytes,
        public readonly int $newBytes,
        public readonly bool $isNew,
    ) {
    }
}
