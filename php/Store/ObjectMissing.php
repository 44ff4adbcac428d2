<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

final class ObjectMissing extends StoreException
{
    public function __construct(public readonly string $hash)
    {
        parent::__construct("Object $hash is missing from the store.");
    }
}
