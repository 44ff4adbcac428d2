<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** The statement forms a dump holds (see StatementPolicy). */
enum StatementKind: string
{
    case Session = 'SET';
    case DropTable = 'DROP TABLE IF EXISTS';
    case CreateTable = 'CREATE TABLE';
    case Insert = 'INSERT INTO';
    case CreateView = 'CREATE VIEW';
    case CreateTrigger = 'CREATE TRIGGER';
}
