<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * The columns of a table changed while it was being dumped chunk by chunk
 * (an ALTER TABLE between two requests). Mixing rows of two shapes in one dump
 * would not load, so the caller must restart this table from start().
 */
final class TableChangedException extends DatabaseException
{
    public function __construct(public readonly string $table)
    {
        parent::__construct(sprintf('The columns of table `%s` changed during the dump; dump it again from the start.', $table));
    }
}
