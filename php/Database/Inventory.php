<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** The database objects that belong to one site (its table prefix, less other installs'), sorted bytewise. */
final class Inventory
{
    /**
     * @param list<string> $tables base tables
     * @param list<string> $views views, ordered so that a view comes after the views it reads
     * @param list<TriggerRef> $triggers triggers on the listed tables, in creation order
     * @param array<string, string> $leftOut tables and views of the prefix that are not the site's => why
     */
    public function __construct(
        public readonly array $tables,
        public readonly array $views,
        public readonly array $triggers,
        public readonly array $leftOut = [],
    ) {
    }
}
