<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** How a table's rows are cut into chunks. */
enum ChunkStrategy: string
{
    /** Single integer key: fixed key ranges [n*width, (n+1)*width). */
    case Range = 'range';
    /** Any other primary or unique NOT NULL key: keyset paging, content-defined cuts. */
    case Keyset = 'keyset';
    /** No usable key: one ordered pass, one chunk. */
    case Scan = 'scan';
}
