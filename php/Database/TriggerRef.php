<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** A trigger and the table it fires on. */
final class TriggerRef
{
    public function __construct(public readonly string $name, public readonly string $table)
    {
    }
}
