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
     * @param SqlTokens|null $body what follows the head of a CREATE TABLE, VIEW or TRIGGER, as the policy read it
     *        (under the session's SQL mode), so that names in it can be moved without reading it again
     * @param int $bodyAt where $body begins in the statement
     */
    public function __construct(
        public readonly StatementKind $kind,
        public readonly string $name = '',
        public readonly string $table = '',
        public readonly bool $leftAlone = false,
        public readonly ?SqlTokens $body = null,
        public readonly int $bodyAt = 0,
    ) {
    }
}
