<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

final class ObjectCorrupt extends StoreException
{
    public function __construct(public readonly string $hash, string $why)
    {
        parent::__construct("Object $hash is corrupt: $why.");
    }
}
