<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Which tables of a prefix belong to the site. A prefix match is not ownership: on many hosts
 * several WordPress installs share one database, and `wp_shop_options` starts with `wp_`.
 *
 * A table is another install's when it starts with a longer prefix P (P starts with the site's
 * prefix) for which both `P options` and `P users` exist, e.g. `wp_shop_` when `wp_shop_options`
 * and `wp_shop_users` do. A multisite network's own blogs (`wp_2_`, `wp_3_`, ...: the site's prefix,
 * digits, `_`) are never another install when the network's `blogs` table (`wp_blogs`) exists.
 * A table is also foreign when the administrator lists it: an exact name, or a prefix ending in
 * `_` or `*` (`wp_legacy_*`). A listed prefix that would cover the site's own prefix is ignored.
 */
final class TableOwnership
{
    public const ANOTHER_INSTALL = 'another install (%s)';
    public const LISTED = 'listed as foreign';

    /** @var list<string> other installs' prefixes, longest first */
    private readonly array $installs;
    /** @var array<string, true> */
    private readonly array $listedNames;
    /** @var list<string> */
    private readonly array $listedPrefixes;

    /**
     * @param list<string> $installs prefixes of other installs (see detect())
     * @param list<string> $listed table names and prefixes (ending in `_` or `*`) the administrator calls foreign
     */
    public function __construct(public readonly string $prefix, array $installs = [], array $listed = [])
    {
        $installs = array_values(array_unique(array_filter(
            $installs,
            fn (string $p): bool => strlen($p) > strlen($prefix) && str_starts_with($p, $prefix)
        )));
        usort($installs, static fn (string $a, string $b): int => strlen($b) <=> strlen($a));
        $this->installs = $installs;
        $names = [];
        $prefixes = [];
        foreach ($listed as $entry) {
            $entry = trim($entry);
            if ($entry === '' || $entry === '*') {
                continue;
            }
            if (str_ends_with($entry, '*') || str_ends_with($entry, '_')) {
                $entry = rtrim($entry, '*');
                // A list entry never takes the whole site away.
                if (!str_starts_with($prefix, $entry)) {
                    $prefixes[] = $entry;
                }
            } else {
                $names[$entry] = true;
            }
        }
        $this->listedNames = $names;
        $this->listedPrefixes = $prefixes;
    }

    /**
     * Reads the database for the installs that share the site's prefix.
     *
     * @param list<string> $listed see __construct()
     */
    public static function detect(Connection $db, string $prefix, array $listed = []): self
    {
        $rows = $db->fetchAll(
            'SELECT TABLE_NAME FROM information_schema.TABLES'
            . " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
            . ' AND TABLE_NAME LIKE ' . $db->quote(InventoryReader::likePattern($prefix))
        );
        $tables = [];
        foreach ($rows as $row) {
            $tables[(string) $row['TABLE_NAME']] = true;
        }

        return new self($prefix, self::installsAmong($prefix, array_keys($tables)), $listed);
    }

    /**
     * The other installs' prefixes among $tables (names as stored, case-exact).
     *
     * @param list<string> $tables
     * @return list<string>
     */
    public static function installsAmong(string $prefix, array $tables): array
    {
        $present = array_flip($tables);
        $network = isset($present[$prefix . 'blogs']);
        $installs = [];
        foreach ($tables as $table) {
            if (!str_ends_with($table, 'options') || !str_starts_with($table, $prefix)) {
                continue;
            }
            $candidate = substr($table, 0, -strlen('options'));
            if (strlen($candidate) <= strlen($prefix) || !isset($present[$candidate . 'users'])) {
                continue;
            }
            if ($network && preg_match('/\A[0-9]+_\z/', substr($candidate, strlen($prefix))) === 1) {
                continue; // One of the network's own sites.
            }
            $installs[] = $candidate;
        }

        return $installs;
    }

    public function owns(string $table): bool
    {
        return str_starts_with($table, $this->prefix) && $this->whyForeign($table) === null;
    }

    /** Why a table of the prefix is not the site's, or null when it is (or is outside the prefix). */
    public function whyForeign(string $table): ?string
    {
        if (!str_starts_with($table, $this->prefix)) {
            return null;
        }
        if (isset($this->listedNames[$table])) {
            return self::LISTED;
        }
        foreach ($this->listedPrefixes as $listed) {
            if (str_starts_with($table, $listed)) {
                return self::LISTED;
            }
        }
        foreach ($this->installs as $install) {
            if (str_starts_with($table, $install)) {
                return sprintf(self::ANOTHER_INSTALL, $install);
            }
        }

        return null;
    }

    /** The other install's prefix a reason of whyForeign() names, or null for another reason. */
    public static function installIn(string $why): ?string
    {
        [$before, $after] = explode('%s', self::ANOTHER_INSTALL);
        $framed = str_starts_with($why, $before) && str_ends_with($why, $after);
        if (!$framed || strlen($why) <= strlen($before . $after)) {
            return null;
        }

        return substr($why, strlen($before), -strlen($after));
    }

    /** @return list<string> */
    public function installs(): array
    {
        return $this->installs;
    }
}
