<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * The session settings around a whole-database dump. Header + every chunk of
 * every table in order + views + triggers + footer is a script that
 * Restore\DatabaseRestore and the `mariadb` client both import. No timestamps, so the
 * header is identical every day.
 */
final class DumpScript
{
    public static function header(): string
    {
        return "-- Site Backups database dump\n"
            . "SET @OLD_CHARACTER_SET_CLIENT = @@CHARACTER_SET_CLIENT, @OLD_CHARACTER_SET_RESULTS = @@CHARACTER_SET_RESULTS,"
            . " @OLD_COLLATION_CONNECTION = @@COLLATION_CONNECTION;\n"
            . "SET NAMES utf8mb4;\n"
            . "SET @OLD_TIME_ZONE = @@TIME_ZONE, TIME_ZONE = '+00:00';\n"
            . "SET @OLD_UNIQUE_CHECKS = @@UNIQUE_CHECKS, UNIQUE_CHECKS = 0;\n"
            . "SET @OLD_FOREIGN_KEY_CHECKS = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0;\n"
            . "SET @OLD_SQL_MODE = @@SQL_MODE, SQL_MODE = '" . Connection::SESSION_SQL_MODE . "';\n"
            . "SET @OLD_SQL_NOTES = @@SQL_NOTES, SQL_NOTES = 0;\n";
    }

    public static function footer(): string
    {
        return "SET SQL_NOTES = @OLD_SQL_NOTES;\n"
            . "SET SQL_MODE = @OLD_SQL_MODE;\n"
            . "SET FOREIGN_KEY_CHECKS = @OLD_FOREIGN_KEY_CHECKS;\n"
            . "SET UNIQUE_CHECKS = @OLD_UNIQUE_CHECKS;\n"
            . "SET TIME_ZONE = @OLD_TIME_ZONE;\n"
            . "SET CHARACTER_SET_CLIENT = @OLD_CHARACTER_SET_CLIENT, CHARACTER_SET_RESULTS = @OLD_CHARACTER_SET_RESULTS,"
            . " COLLATION_CONNECTION = @OLD_COLLATION_CONNECTION;\n"
            . "-- Dump completed\n";
    }
}
