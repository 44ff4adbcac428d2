<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * MySQL 8 caches information_schema's table figures (UPDATE_TIME, AUTO_INCREMENT, sizes) for up to a
 * day, shared by every connection: a table written a second ago can still read as untouched. Every
 * reader of those figures asks for them fresh on its own session first. MariaDB has no such cache.
 */
final class FreshStatistics
{
    public static function ask(Connection $db): void
    {
        $server = ServerVersion::of($db);
        if (!$server->mariaDb && $server->atLeast('8.0.0')) {
            $db->execute('SET SESSION information_schema_stats_expiry = 0');
        }
    }
}
