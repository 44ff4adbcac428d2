<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Snapshot;

/**
 * Part of a site: some of its paths (files or folders, each with everything below it) and some
 * of its tables. A backup made of a scope (a restore's safety backup) records it in its record's
 * meta as "scope", and a restore of such a backup restores only that scope: the rest of the site
 * is not in it, and must never be taken for missing.
 *
 * An empty list holds nothing of that part: {paths: [], tables: ["wp_options"]} is one table and
 * no file. Names are kept as given (they are checked where they are used); a path inside another
 * listed path is dropped, as the outer one holds it. Lookups walk a path's own folders, so the cost
 * does not grow with the number of paths listed.
 */
final class SnapshotScope
{
    /** @var list<string> */
    public readonly array $paths;
    /** @var list<string> */
    public readonly array $tables;
    /** @var array<string, true> */
    private array $pathSet = [];
    /** @var array<string, true> the folders holding a listed path */
    private array $ancestors = [];
    /** @var array<string, true> */
    private array $tableSet = [];

    /**
     * @param list<string> $paths canonical paths (relative to the WordPress folder), files or folders
     * @param list<string> $tables table names as the backup has them
     */
    public function __construct(array $paths, array $tables)
    {
        $paths = array_values(array_unique(array_map('strval', $paths)));
        foreach ($paths as $path) {
            $this->pathSet[$path] = true;
        }
        $kept = [];
        foreach ($paths as $path) {
            if (!$this->isBelowAnother($path)) {
                $kept[] = $path;
            }
        }
        sort($kept, SORT_STRING);
        $this->paths = $kept;
        $this->pathSet = [];
        foreach ($kept as $path) {
            $this->pathSet[$path] = true;
            $folder = $path;
            while (false !== ($slash = strrpos($folder, '/'))) {
                $folder = substr($folder, 0, $slash);
                $this->ancestors[$folder] = true;
            }
        }
        $tables = array_values(array_unique(array_map('strval', $tables)));
        sort($tables, SORT_STRING);
        $this->tables = $tables;
        $this->tableSet = array_fill_keys($tables, true);
    }

    /** @param mixed $data as toArray() gave it (a record's meta "scope"); null when it is none */
    public static function fromMeta(mixed $data): ?self
    {
        if (!is_array($data)) {
            return null;
        }
        $strings = static fn (mixed $list): array => array_values(array_filter((array) $list, 'is_string'));
        return new self($strings($data['paths'] ?? []), $strings($data['tables'] ?? []));
    }

    /** @return array{paths: list<string>, tables: list<string>} */
    public function toArray(): array
    {
        return ['paths' => $this->paths, 'tables' => $this->tables];
    }

    public function hasPaths(): bool
    {
        return [] !== $this->paths;
    }

    public function hasTables(): bool
    {
        return [] !== $this->tables;
    }

    /** Whether a path is listed or inside a listed folder. */
    public function covers(string $path): bool
    {
        if (isset($this->pathSet[$path])) {
            return true;
        }
        return $this->isBelowAnother($path);
    }

    /** Whether a path is a folder holding a listed path (it is walked, not taken whole). */
    public function leadsTo(string $path): bool
    {
        return isset($this->ancestors[$path]);
    }

    public function hasTable(string $table): bool
    {
        return isset($this->tableSet[$table]);
    }

    /** A copy without the paths (or the tables): what remains when a part is not restored. */
    public function without(bool $paths, bool $tables): self
    {
        return new self($paths ? [] : $this->paths, $tables ? [] : $this->tables);
    }

    /** "2 paths and 1 table", for a log line. */
    public function describe(): string
    {
        $parts = [];
        if ([] !== $this->paths) {
            $parts[] = count($this->paths) . (1 === count($this->paths) ? ' path' : ' paths');
        }
        if ([] !== $this->tables) {
            $parts[] = count($this->tables) . (1 === count($this->tables) ? ' table' : ' tables');
        }
        return [] === $parts ? 'nothing' : implode(' and ', $parts);
    }

    private function isBelowAnother(string $path): bool
    {
        $folder = $path;
        while (false !== ($slash = strrpos($folder, '/'))) {
            $folder = substr($folder, 0, $slash);
            if (isset($this->pathSet[$folder])) {
                return true;
            }
        }
        return false;
    }
}
