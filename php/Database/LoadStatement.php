<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** A statement StatementPolicy let through: its form and the object it acts on (as the dump names it). */
final class LoadStatement
{
    /**
     * @param string $name the table or view (DropTable, CreateTable, Insert, CreateView) or trigger; '' for Session
     * @param string $table for a trigger, the table it fires on; otherwise $name
     * @param bool $leftAlone on a table the caller does not load: let through unread, never to be run
     */
    public function __construct(
        public readonly StatementKind $kind,
        public readonly string $name = '',
        public readonly string $table = '',
        public readonly bool $leftAlone = false,
    ) {
    }
}
