<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Lists what to back up for a table prefix. `_` and `%` in the prefix are
 * escaped for LIKE (otherwise `wp_` also matches `wp2x`), and names are checked
 * again in PHP because information_schema compares case-insensitively. With a
 * TableOwnership, tables and views of other installs are left out (and named
 * in the inventory with the reason); triggers follow their tables.
 */
final class InventoryReader
{
    public function __construct(private readonly Connection $connection)
    {
    }

    public function read(string $prefix, ?TableOwnership $ownership = null): Inventory
    {
        $leftOut = [];
        $tables = $this->owned($this->names($prefix, "TABLE_TYPE = 'BASE TABLE'"), $ownership, $leftOut);
        $views = $this->owned($this->names($prefix, "TABLE_TYPE = 'VIEW'"), $ownership, $leftOut);
        ksort($leftOut, SORT_STRING);

        return new Inventory($tables, $this->orderViews($views), $this->triggers($tables), $leftOut);
    }

    public static function likePattern(string $prefix): string
    {
        return addcslashes($prefix, '\\%_') . '%';
    }

    /**
     * @param list<string> $names
     * @param array<string, string> $leftOut receives name => why it is not the site's
     * @return list<string>
     */
    private function owned(array $names, ?TableOwnership $ownership, array &$leftOut): array
    {
        if ($ownership === null) {
            return $names;
        }
        $own = [];
        foreach ($names as $name) {
            $why = $ownership->whyForeign($name);
            if ($why === null) {
                $own[] = $name;
            } else {
                $leftOut[$name] = $why;
            }
        }

        return $own;
    }

    /** @return list<string> */
    private function names(string $prefix, string $typeCondition): array
    {
        $rows = $this->connection->fetchAll(
            'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'
            . ' AND ' . $typeCondition
            . ' AND TABLE_NAME LIKE ' . $this->connection->quote(self::likePattern($prefix))
        );
        $names = [];
        foreach ($rows as $row) {
            $name = (string) $row['TABLE_NAME'];
            if (str_starts_with($name, $prefix)) {
                $names[] = $name;
            }
        }
        sort($names, SORT_STRING);

        return $names;
    }

    /**
     * @param list<string> $tables
     * @return list<TriggerRef>
     */
    private function triggers(array $tables): array
    {
        if ($tables === []) {
            return [];
        }
        $wanted = array_flip($tables);
        $rows = $this->connection->fetchAll(
            'SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER'
            . ' FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'
        );
        $triggers = [];
        foreach ($rows as $row) {
            $table = (string) $row['EVENT_OBJECT_TABLE'];
            if (isset($wanted[$table])) {
                $sortKey = [$table, (string) $row['ACTION_TIMING'], (string) $row['EVENT_MANIPULATION'], (int) $row['ACTION_ORDER']];
                $triggers[] = [$sortKey, new TriggerRef((string) $row['TRIGGER_NAME'], $table)];
            }
        }
        // Same table/timing/event triggers must be created in their original order.
        usort($triggers, static fn (array $a, array $b): int => $a[0] <=> $b[0]);

        return array_map(static fn (array $t): TriggerRef => $t[1], $triggers);
    }

    /**
     * A view can only be created after the views it selects from. Bodies
     * quote every name, so a backticked view name in a body is a dependency.
     *
     * @param list<string> $views
     * @return list<string>
     */
    private function orderViews(array $views): array
    {
        $dumper = new ViewDumper($this->connection);
        $bodies = [];
        foreach ($views as $view) {
            $bodies[$view] = $dumper->body($view);
        }
        $ordered = [];
        $placed = [];
        $visit = function (string $view, array $path) use (&$visit, &$ordered, &$placed, $bodies): void {
            if (isset($placed[$view]) || isset($path[$view])) {
                return;
            }
            $path[$view] = true;
            foreach (array_keys($bodies) as $other) {
                if ($other !== $view && str_contains($bodies[$view], Identifier::quote($other))) {
                    $visit($other, $path);
                }
            }
            $placed[$view] = true;
            $ordered[] = $view;
        };
        foreach ($views as $view) {
            $visit($view, []);
        }

        return $ordered;
    }
}
