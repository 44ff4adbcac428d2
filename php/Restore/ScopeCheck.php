<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\SqlStatementReader;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\ManifestPathGuard;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Read\SourceChunkRef;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Checks, before anything is done, that each path and table asked for can be restored: a path is a
 * plain relative name, not one every restore leaves alone, reached on the site through real folders
 * only (a symbolic link or a file on the way is refused), and held by the backup as a file, folder
 * or link below real folders of its own; a table is one of the backup's tables, linked by no
 * foreign key with a table not on the list, and not a view on the site (assertTablesSwitchable()).
 *
 * A backup of part of the site (its record's scope) restores nothing outside that scope; inside
 * it, a path it does not hold was not there when it was made, and a restore removes it. A table it
 * does not hold is left as it is (a restore never drops a table), and named in the log.
 *
 * One pass over the manifest and one over the chunk list; memory grows with what was asked, not
 * with the backup.
 */
final class ScopeCheck
{
    private const S_IFMT  = 0170000;
    private const S_IFDIR = 0040000;
    private const S_IFLNK = 0120000;
    private const LEFT_OUT = 'left out';
    private const CREATE_TABLE = '/\A\s*CREATE TABLE (`(?:[^`]|``)+`)/';
    private const REFERENCES = '/\bREFERENCES\s+(`(?:[^`]|``)+`)(?:\.(`(?:[^`]|``)+`))?/i';

    private readonly SnapshotReader $reader;

    public function __construct(
        BackupStore $store,
        private readonly string $snapshotId,
        private readonly SiteTree $site,
        private readonly ProtectedPaths $protected,
    ) {
        $this->reader = new SnapshotReader($store);
    }

    /**
     * Paths only, without the backup: what can be refused before it is even at hand (kept off-site).
     * @param list<string> $paths
     * @throws ScopeRefused naming the first path refused
     */
    public function assertNames(array $paths): void
    {
        foreach ($paths as $path) {
            $problem = ManifestPathGuard::nameProblem($path);
            if (null !== $problem) {
                throw ScopeRefused::path(ScopeRefused::UNSAFE_NAME, $path, 'the path ' . $problem);
            }
            if ($this->site->isUnmapped($path)) {
                throw ScopeRefused::path(ScopeRefused::UNSAFE_NAME, $path, 'this site has no folder for it');
            }
            if ($this->isProtected($path)) {
                throw ScopeRefused::path(ScopeRefused::PROTECTED, $path, 'it is left alone by every restore');
            }
            $this->assertRealFolders($path);
        }
    }

    /**
     * @param SnapshotScope $asked what the restore is asked for
     * @param SnapshotScope|null $held the backup's own scope, when it is of part of the site
     * @return list<string> the tables asked for that the backup (of part of the site) does not hold: left as they are
     * @throws ScopeRefused naming the first path or table refused
     * @throws UnsafePath when the backup's manifest itself is unsafe
     */
    public function assert(SnapshotScope $asked, ?SnapshotScope $held): array
    {
        self::assertWithin($asked, $held);
        $this->assertNames($asked->paths);
        if ($asked->hasPaths()) {
            $this->assertPathsHeld($asked, $held);
        }
        return $asked->hasTables() ? $this->absentTables($asked, $held) : [];
    }

    /**
     * The tables asked for can be switched in on their own: no foreign key links one of them with a
     * table not on the list, either way, in the backup or on the site (a restored table would
     * reference a table never loaded, or a live one would follow the old table the restore drops),
     * and the site has no view of one of their names (the switch sets only tables aside).
     *
     * @param list<string> $tables the backup's names of the tables restored
     * @throws ScopeRefused naming the table and the one to add (or the view)
     * @throws DatabaseException when the site's database does not answer
     */
    public function assertTablesSwitchable(array $tables, Connection $db, string $targetPrefix): void
    {
        if ([] === $tables) {
            return;
        }
        $sourcePrefix = (string) ($this->reader->record($this->snapshotId)->meta['table_prefix'] ?? $targetPrefix);
        $listed = array_fill_keys($tables, true);
        $target = [];
        foreach ($tables as $table) {
            $target[self::retarget($table, $sourcePrefix, $targetPrefix)] = $table;
        }
        $views = $db->fetchAll(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'VIEW' AND TABLE_NAME IN ("
            . implode(', ', array_map([$db, 'quote'], array_map('strval', array_keys($target)))) . ')'
        );
        foreach ($views as $row) {
            $table = $target[(string) $row['TABLE_NAME']];
            throw ScopeRefused::table(ScopeRefused::LIVE_VIEW, $table, 'the site has a view of that name, which a restore of some tables cannot replace');
        }
        foreach ($this->backupLinks($sourcePrefix) as [$from, $to]) {
            self::assertBothOrNeither($from, $to, $listed, 'in the backup');
        }
        $live = $db->fetchAll(
            'SELECT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS'
            . ' WHERE CONSTRAINT_SCHEMA = DATABASE() AND UNIQUE_CONSTRAINT_SCHEMA = DATABASE()'
        );
        foreach ($live as $row) {
            $from = (string) $row['TABLE_NAME'];
            $to = (string) $row['REFERENCED_TABLE_NAME'];
            if (self::isRestoreLeftover($from) || self::isRestoreLeftover($to)) {
                continue; // an earlier restore's leftovers, dropped before anything is loaded
            }
            self::assertBothOrNeither(
                $target[$from] ?? self::retarget($from, $targetPrefix, $sourcePrefix),
                $target[$to] ?? self::retarget($to, $targetPrefix, $sourcePrefix),
                $listed,
                'on the site'
            );
        }
    }

    /**
     * A backup of part of the site ($held) restores nothing outside it (it would be taken for missing).
     * @throws ScopeRefused naming the first path or table outside it
     */
    public static function assertWithin(SnapshotScope $asked, ?SnapshotScope $held): void
    {
        if (null === $held) {
            return;
        }
        foreach ($asked->paths as $path) {
            if (!$held->covers($path)) {
                throw ScopeRefused::path(ScopeRefused::OUTSIDE, $path, 'this backup holds only part of the site, and not this');
            }
        }
        foreach ($asked->tables as $table) {
            if (!$held->hasTable($table)) {
                throw ScopeRefused::table(ScopeRefused::OUTSIDE, $table, 'this backup holds only part of the site, and not this');
            }
        }
    }

    /** Whether a path or a folder holding it is one every restore leaves alone (an excluded folder is, whole). */
    private function isProtected(string $path): bool
    {
        for ($at = $path; '' !== $at; $at = false === ($slash = strrpos($at, '/')) ? '' : substr($at, 0, $slash)) {
            if ($this->protected->isProtected($at)) {
                return true;
            }
        }
        return false;
    }

    /** Every folder on the way to $path on the site is a real folder (or not there yet, and made). */
    private function assertRealFolders(string $path): void
    {
        $parts  = explode('/', $path);
        $folder = '';
        for ($i = 0; $i < count($parts) - 1; $i++) {
            $folder = '' === $folder ? $parts[$i] : $folder . '/' . $parts[$i];
            $absolute = $this->site->absolute($folder);
            clearstatcache(true, $absolute);
            $stat = @lstat($absolute);
            if (false === $stat) {
                return; // made by the restore, with what is below it
            }
            $type = $stat['mode'] & self::S_IFMT;
            if (self::S_IFLNK === $type) {
                throw ScopeRefused::path(ScopeRefused::SITE_LINK, $path, 'on the site, ' . UnsafePath::shown($folder) . ' is a symbolic link');
            }
            if (self::S_IFDIR !== $type) {
                throw ScopeRefused::path(ScopeRefused::SITE_FILE, $path, 'on the site, ' . UnsafePath::shown($folder) . ' is not a folder');
            }
        }
    }

    private function assertPathsHeld(SnapshotScope $asked, ?SnapshotScope $held): void
    {
        $wanted = array_fill_keys($asked->paths, true);
        /** @var array<string, Entry> $found */
        $found = [];
        /** @var array<string, string> $blocked folders on the way held as something else => what */
        $blocked = [];
        foreach (ManifestPathGuard::checked($this->reader->entries($this->snapshotId)) as $entry) {
            if (isset($wanted[$entry->path])) {
                $found[$entry->path] = $entry;
            } elseif ($asked->leadsTo($entry->path) && (Entry::DIR !== $entry->type || !$entry->isBackedUp())) {
                $blocked[$entry->path] = match (true) {
                    !$entry->isBackedUp() && Entry::SYMLINK !== $entry->type => self::LEFT_OUT,
                    Entry::SYMLINK === $entry->type => 'a symbolic link',
                    default => 'a file',
                };
            }
        }
        foreach ($asked->paths as $path) {
            $folder = $path;
            while (false !== ($slash = strrpos($folder, '/'))) {
                $folder = substr($folder, 0, $slash);
                if (isset($blocked[$folder])) {
                    $problem = self::LEFT_OUT === $blocked[$folder] ? ScopeRefused::NOT_IN_BACKUP : ScopeRefused::BACKUP_LINK;
                    throw ScopeRefused::path($problem, $path, 'in the backup, ' . UnsafePath::shown($folder) . ' is ' . $blocked[$folder]);
                }
            }
            $entry = $found[$path] ?? null;
            if (null !== $entry && !$entry->isBackedUp()) {
                throw ScopeRefused::path(ScopeRefused::NOT_IN_BACKUP, $path, 'the backup left it out (' . (string) $entry->reason . ')');
            }
            if (null === $entry && (null === $held || !$held->covers($path))) {
                throw ScopeRefused::path(ScopeRefused::NOT_IN_BACKUP, $path, 'it is not in the backup');
            }
        }
    }

    /**
     * @return list<string>
     * @throws ScopeRefused for a table the backup does not hold, unless it is of part of the site and lists it
     */
    private function absentTables(SnapshotScope $asked, ?SnapshotScope $held): array
    {
        $record  = $this->reader->record($this->snapshotId);
        $prefix  = (string) ($record->meta['table_prefix'] ?? '');
        $skipped = (array) ($record->sourceNotes(DatabaseSource::KEY)['skipped'] ?? []);
        $present = [];
        foreach ($this->reader->sourceChunks($this->snapshotId, DatabaseSource::KEY) as $chunk) {
            if ('' !== $prefix && str_starts_with($chunk->label, $prefix) && $asked->hasTable($chunk->label)) {
                $present[$chunk->label] = true;
            }
        }
        $absent = [];
        foreach ($asked->tables as $table) {
            if (isset($present[$table]) && !isset($skipped[$table])) {
                continue;
            }
            if (null === $held || isset($skipped[$table])) {
                throw ScopeRefused::table(ScopeRefused::NOT_IN_BACKUP, $table, isset($skipped[$table]) ? 'the backup could not copy it' : 'it is not in the backup');
            }
            $absent[] = $table;
        }
        return $absent;
    }
    /**
     * The foreign keys of the backup's own tables, from their CREATE TABLE (the start of each
     * table's first chunk): one chunk per table read, one statement kept at a time.
     * @return \Generator<int, array{string, string}> table => table it references, by the backup's names
     */
    private function backupLinks(string $sourcePrefix): \Generator
    {
        $seen = [];
        foreach ($this->reader->sourceChunks($this->snapshotId, DatabaseSource::KEY) as $chunk) {
            $table = $chunk->label;
            if (isset($seen[$table]) || '' === $sourcePrefix || !str_starts_with($table, $sourcePrefix)) {
                continue;
            }
            $seen[$table] = true;
            foreach ($this->references($chunk) as $referenced) {
                yield [$table, $referenced];
            }
        }
    }

    /** @return list<string> the tables a table chunk's CREATE TABLE references (of the same database) */
    private function references(SourceChunkRef $chunk): array
    {
        $buffer = fopen('php://temp/maxmemory:4194304', 'w+b');
        if (false === $buffer) {
            throw new \RuntimeException('Could not open a buffer to read the backup\'s tables.');
        }
        try {
            $this->reader->streamObjects([$chunk->hash], $buffer);
            rewind($buffer);
            foreach ((new SqlStatementReader($buffer))->statements() as $statement) {
                if (1 !== preg_match(self::CREATE_TABLE, $statement)) {
                    continue;
                }
                preg_match_all(self::REFERENCES, $statement, $matches, PREG_SET_ORDER);
                $tables = [];
                foreach ($matches as $match) {
                    if (!isset($match[2])) { // a table of another database is not the site's
                        $tables[] = Identifier::unquote($match[1]);
                    }
                }
                return $tables;
            }
            return [];
        } finally {
            fclose($buffer);
        }
    }

    /**
     * @param array<string, true> $listed
     * @throws ScopeRefused when one of the two tables is on the list and the other is not
     */
    private static function assertBothOrNeither(string $from, string $to, array $listed, string $where): void
    {
        if ($from === $to || isset($listed[$from]) === isset($listed[$to])) {
            return;
        }
        [$table, $other] = isset($listed[$from]) ? [$from, $to] : [$to, $from];
        throw ScopeRefused::table(ScopeRefused::FOREIGN_KEY, $table, sprintf(
            'a foreign key %s links it with %s, which is not on the list: add %s, or leave both out',
            $where,
            UnsafePath::shown($other),
            UnsafePath::shown($other)
        ), $other);
    }

    private static function retarget(string $name, string $fromPrefix, string $toPrefix): string
    {
        return '' !== $fromPrefix && str_starts_with($name, $fromPrefix) ? $toPrefix . substr($name, strlen($fromPrefix)) : $name;
    }

    private static function isRestoreLeftover(string $table): bool
    {
        return str_starts_with($table, DatabaseRestore::TMP) || str_starts_with($table, DatabaseRestore::OLD)
            || str_starts_with($table, DatabaseRestore::KEEP);
    }
}
