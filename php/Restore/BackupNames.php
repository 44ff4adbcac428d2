<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\TableNameMap;

/**
 * How the names inside a backup's statements become the target's. The objects a statement creates
 * or fills move from the backup's table prefix to the target's (TableNameMap::retarget, beside the
 * live ones under `sbtmp_` while loading); inside view and trigger bodies and foreign keys, only the
 * names of the backup's own tables and views move (a column that happens to start with the prefix
 * stays as it is). A foreign key's name moves with the prefix it holds (`wp_orders_ibfk_1`,
 * `fk_wp_orders_customer`), as the target's own would be named.
 */
final class BackupNames
{
    /** @var array<string, true> */
    private readonly array $objects;

    /** @param list<string> $objects the backup's own tables and views the target takes, as the backup names them */
    public function __construct(
        private readonly string $sourcePrefix,
        private readonly string $targetPrefix,
        array $objects,
    ) {
        $this->objects = array_fill_keys($objects, true);
    }

    /** The target's name for a name of the backup's prefix. */
    public function target(string $name): string
    {
        return $this->targetPrefix . substr($name, strlen($this->sourcePrefix));
    }

    /** Names in bodies and references: the backup's own tables and views only. */
    public function bodies(bool $staged): TableNameMap
    {
        $map = [];
        foreach (array_keys($this->objects) as $name) {
            $map[(string) $name] = ($staged ? DatabaseRestore::TMP : '') . $this->target((string) $name);
        }

        return new TableNameMap($map);
    }

    /** A foreign key's name in the target: the backup's prefix in it, at the start or after `_`, becomes the target's. */
    public function constraint(string $name): string
    {
        if ($this->sourcePrefix === $this->targetPrefix) {
            return $name;
        }
        if (str_starts_with($name, $this->sourcePrefix)) {
            return $this->target($name);
        }
        $at = strpos($name, '_' . $this->sourcePrefix);
        if ($at === false) {
            return $name;
        }

        return substr($name, 0, $at + 1) . $this->targetPrefix . substr($name, $at + 1 + strlen($this->sourcePrefix));
    }
}
