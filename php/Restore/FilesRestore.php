<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_chmod, WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_operations_is_writable, WordPress.WP.AlternativeFunctions.file_system_operations_mkdir, WordPress.WP.AlternativeFunctions.file_system_operations_touch, WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Browse\EntryLookup;
use SiteBackups\Engine\Browse\ManifestWalk;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Files\TreeWalker;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\ManifestPathGuard;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Engine\Store\StoreProtection;

/**
 * Puts a snapshot's files in place of a site's, in resumable steps:
 *  1. stage(): every backed-up entry is written into a staging area beside the site (or inside it
 *     when the parent is not writable), each file checked against its hashes and size; the site is
 *     not touched, so a failure here changes nothing; a file the site already holds exactly as the
 *     snapshot has it (SameFile) is staged as a second name of itself, so nothing is written for it
 *     (LinkedFiles lists it);
 *  2. prune(): what the site holds and the snapshot does not (added since) is removed;
 *  3. move(): staged entries are renamed into place (same file system: each rename is atomic, and
 *     a file replaces the live one without a moment where neither is there),
 *     whole folders at once where the site has none; a file staged as a second name that the site
 *     has written to in place since gets the backup's copy first; folder modes and times come last;
 *  4. discard(): the staging area goes.
 * Protected paths (see ProtectedPaths) are never staged, removed or replaced. Paths the snapshot
 * holds as excluded or skipped are kept as they are.
 *
 * With a SnapshotScope only its paths are restored, each exactly as the snapshot has it (what a
 * listed folder holds and the snapshot does not is removed; a listed path the snapshot does not
 * hold, which ScopeCheck allows only in a snapshot of part of the site, is removed). The folders
 * leading to them are entered as the site has them, untouched, or made where the site has none;
 * nothing else is staged, walked or changed.
 *
 * Paths are canonical (SiteTree): each goes to wherever the target keeps that part of the site, so
 * a backup of a site with wp-content outside WordPress's folder restores into one without, and back.
 * A mounted part's own folder is entered, never removed or replaced; one the snapshot does not hold
 * (a home folder above WordPress, for a backup of a site served from its WordPress folder) is left
 * alone, and the snapshot's entries for a part the target has no folder for are not restored.
 *
 * The manifest may come from a bucket someone else can write to: the first stage() checks all of
 * its paths (ManifestPathGuard) before it writes anything, every entry is checked again as it is
 * staged, and every write, move and removal first checks its parent folders on disk (ParentFolders).
 * Symbolic links of the backup are restored as links; nothing is ever written through one.
 */
final class FilesRestore
{
    private const TREE = 'site';
    private const KEPT = 'kept.txt'; // paths the snapshot did not hold, one per line, URL-encoded
    private const COPY = 'copy.tmp'; // the backup's copy of a file written meanwhile, on its way to the staged name
    /** The largest file staged while the database loads (waitsForFilesPhase()): a few seconds' work at most. */
    private const STAGED_WHILE_LOADING_MAX_BYTES = 268435456;
    private const S_IFMT  = 0170000;
    private const S_IFDIR = 0040000;
    private const S_IFREG = 0100000;

    private readonly SnapshotReader $reader;
    private readonly LinkedFiles $linked;
    private int $linkedRewritten = 0;
    private ?int $chunkBytes = null;

    public function __construct(
        private readonly BackupStore $store,
        private readonly string $snapshotId,
        private readonly SiteTree $site,
        private readonly string $area,
        private readonly ProtectedPaths $protected,
        private readonly ?SnapshotScope $scope = null,
    ) {
        $this->reader = new SnapshotReader($store);
        $this->linked = new LinkedFiles($area);
        $this->protected->add($site->relativeOf($area) ?? '');
        $this->loadKept();
    }

    /**
     * A new, unguessable staging area on the site's file system: beside the site root when its
     * parent is writable, else inside it (where backups and restores leave it alone).
     */
    public static function newArea(string $root): string
    {
        $root = rtrim($root, '/');
        $name = '.site-backups-restore-' . bin2hex(random_bytes(8));
        $parent = dirname($root);
        $parentStat = @stat($parent);
        $rootStat = @stat($root);
        // Beside the site only on the same file system, where moving into place is a rename.
        $besideOk = is_writable($parent) && false !== $parentStat && false !== $rootStat
            && $parentStat['dev'] === $rootStat['dev'];
        $area = ($besideOk ? $parent . '/' . basename($root) . '-' : $root . '/') . $name;
        Durable::makeDir($area . '/' . self::TREE);
        // The site's files wait here; when WordPress lives below the document root this folder may be
        // served, so it gets the store's deny rules and an index besides its unguessable name.
        StoreProtection::apply($area);

        return $area;
    }

    /**
     * Checks every path of the snapshot's manifest, writing nothing.
     * @return int the entries a restore stages as the paths restored (StageProgress counts them as it goes)
     * @throws UnsafePath naming the first unsafe path and why
     */
    public function checkPaths(): int
    {
        $restored = 0;
        foreach (ManifestPathGuard::checked($this->reader->entries($this->snapshotId)) as $entry) {
            if ($this->isRestored($entry)) {
                $restored++;
            }
        }
        return $restored;
    }

    /**
     * Writes up to $seconds of entries into the staging area, after the first $done ones.
     * @throws UnsafePath for a manifest path that is unsafe, before anything is written when $done is 0
     */
    public function stage(int $done, float $seconds): StageProgress
    {
        $deadline = microtime(true) + $seconds;
        $staging = $this->staging($done);
        foreach ($staging as $progress) {
            if (microtime(true) >= $deadline) {
                $this->syncLinked();
                return $progress;
            }
        }
        $this->syncLinked();

        return $staging->getReturn();
    }

    /** Flushes to disk the list of files staged as links: before the progress that counts them is saved. */
    public function syncLinked(): void
    {
        $this->linked->sync();
    }

    /**
     * Stages the entries after the first $done one at a time, for a caller that stages between other
     * work: each value is the progress after one more entry, the return value the progress at the end.
     * $whileLoading: for the wait on the database server's inserts, which ends before a file the files
     * phase should stage (waitsForFilesPhase()).
     *
     * @return \Generator<int, StageProgress, mixed, StageProgress>
     * @throws UnsafePath for a manifest path that is unsafe, before anything is written when $done is 0
     */
    public function staging(int $done, bool $whileLoading = false): \Generator
    {
        if (0 === $done) {
            $this->checkPaths();
        }
        $this->linked->resumeAt($done);
        $index = 0;
        $bytes = 0;
        $staged = 0;
        $tree = $this->area . '/' . self::TREE;
        // Entries already staged pass the guard too: it needs every entry before the next one.
        foreach (ManifestPathGuard::checked($this->reader->entries($this->snapshotId)) as $entry) {
            if (++$index <= $done) {
                continue;
            }
            if ($whileLoading && $this->waitsForFilesPhase($entry)) {
                return new StageProgress($index - 1, $bytes, false, $staged);
            }
            if ($this->isRestored($entry)) {
                $staged++;
            }
            $bytes += $this->stageAsAsked($entry, $tree, $index);
            yield new StageProgress($index, $bytes, false, $staged);
        }

        return new StageProgress($index, $bytes, true, $staged);
    }

    /**
     * Whether staging while the database loads stops before $entry: a large file would keep the server's
     * transaction waiting (a short wait_timeout ends the connection), and a file staged as a second name
     * of the live one (linkUnchanged()) would take in the live file's edits for longer before the switch.
     */
    private function waitsForFilesPhase(Entry $entry): bool
    {
        return Entry::FILE === $entry->type && $entry->isBackedUp() && $this->isAsked($entry->path)
            && !$this->protected->isProtected($entry->path) && !$this->site->isUnmapped($entry->path)
            && ($entry->size > self::STAGED_WHILE_LOADING_MAX_BYTES || $this->looksUnchanged($entry));
    }

    /** Stages entry $index of the manifest as the restore asks for it (or keeps or skips it); the bytes written. */
    private function stageAsAsked(Entry $entry, string $tree, int $index): int
    {
        if ($this->protected->isProtected($entry->path) || $this->site->isUnmapped($entry->path)) {
            return 0;
        }
        if (!$this->isAsked($entry->path)) {
            // Only the folders leading to the paths asked for are made, to give them a place.
            if ($this->scope?->leadsTo($entry->path) && Entry::DIR === $entry->type && $entry->isBackedUp()) {
                return $this->stageEntry($entry, $tree, $index);
            }
            return 0;
        }
        if (!$entry->isBackedUp()) {
            $this->keep($entry->path);
            return 0;
        }

        return $this->stageEntry($entry, $tree, $index);
    }

    /**
     * Removes what the site holds and the snapshot does not, walking the site in path order.
     * @param array{last: string|null, entered: bool}|null $cursor where the last step stopped
     * @return array{last: string|null, entered: bool}|null the next cursor, null when done
     */
    public function prune(?array $cursor, float $seconds): ?array
    {
        $deadline = microtime(true) + $seconds;
        $walker = TreeWalker::resumeAfter($this->site, $cursor['last'] ?? null, $cursor['entered'] ?? false);
        $tree = $this->area . '/' . self::TREE;
        while (null !== ($path = $walker->next())) {
            $entered = false;
            $target = $this->site->absolute($path);
            $staged = $tree . '/' . $path;
            if (!$this->isAsked($path)) {
                // Outside the paths asked for nothing goes: only the folders leading to them are entered.
                $entered = $this->scope?->leadsTo($path) && is_dir($target) && !is_link($target) && $walker->enter($path);
            } elseif ($this->site->isMountPoint($path)) {
                // A part of the site kept elsewhere: emptied of what the snapshot lacks, never removed.
                $entered = is_dir($staged) && !is_link($staged) && $walker->enter($path);
            } elseif ($this->protected->holdsProtected($path)) {
                $entered = is_dir($target) && !is_link($target) && $walker->enter($path);
            } elseif (!$this->protected->isProtected($path)) {
                if (!file_exists($staged) && !is_link($staged)) {
                    $this->assertInSite($path, 'remove');
                    self::remove($target);
                } elseif (is_dir($staged) && !is_link($staged) && is_dir($target) && !is_link($target)) {
                    $entered = $walker->enter($path);
                }
            }
            if (microtime(true) >= $deadline) {
                return ['last' => $path, 'entered' => $entered];
            }
        }

        return null;
    }

    /** Moves staged entries into place for about $seconds; true when everything is in place. */
    public function move(float $seconds): bool
    {
        $deadline = microtime(true) + $seconds;
        $tree = $this->area . '/' . self::TREE;
        $walker = TreeWalker::resumeAfter($tree, null, false);
        $this->linked->startOver();
        while (null !== ($path = $walker->next())) {
            $staged = $tree . '/' . $path;
            $target = $this->site->absolute($path);
            if ($this->protected->isProtected($path)) {
                continue;
            }
            $this->assertInSite($path, 'write');
            if ($this->site->isMountPoint($path) && !is_dir($target) && !@mkdir($target, 0755, true) && !is_dir($target)) {
                throw new StoreException('Could not create the folder for ' . $path . '.');
            }
            $stagedType = self::typeOf($staged);
            if (!$this->isAsked($path)) {
                // A folder leading to the paths asked for: entered as the site has it, made where it has none.
                if (is_dir($target) && !is_link($target)) {
                    $walker->enter($path);
                    continue;
                }
                if (file_exists($target) || is_link($target)) {
                    throw UnsafePath::refused('write', $path, 'over something that is not a folder');
                }
                ParentFolders::assertInside($tree, $path, 'the staging folder', 'move');
                if (!IntoPlace::move($staged, $target)) {
                    $walker->enter($path);
                }
            } elseif (self::S_IFDIR === $stagedType && is_dir($target) && !is_link($target)) {
                @chmod($target, fileperms($staged) & 07777);
                $walker->enter($path);
                continue; // folders already in place stay on the next walk: only moves count as progress
            } elseif (self::S_IFDIR === $stagedType && $this->protected->holdsProtected($path)) {
                // A folder holding a left-out path cannot move whole (what is left out stays the target's),
                // and the target has no folder there: one is made and the staged contents follow.
                $this->makeFolder($path, $target, fileperms($staged) & 07777);
                $walker->enter($path);
            } elseif (!$this->protected->holdsProtected($path)) {
                ParentFolders::assertInside($tree, $path, 'the staging folder', 'move');
                // A file replaces a file in one rename: a request loading it meanwhile (the site is
                // in maintenance, but WordPress loads some files before it looks) finds one or the
                // other, never nothing. Only a folder and a file trading places needs a removal first.
                $folderInvolved = self::S_IFDIR === $stagedType || (is_dir($target) && !is_link($target));
                if (self::S_IFREG === $stagedType && $this->linked->writtenSince($path, $staged)) {
                    // Staged as the live file's second name, whose inode the site changed since: the
                    // backup's copy goes in its place.
                    $this->replaceStaged($path, $staged);
                }
                // Only a regular file is ever left in place, so only one is asked whether it was.
                if (self::S_IFREG === $stagedType && SameFile::sameInode($staged, $target)) {
                    // Left in place when staged (linkUnchanged): only the second name goes.
                    if (!@unlink($staged)) {
                        throw new StoreException('Could not clear ' . $path . ' from the staging area.');
                    }
                } else {
                    if ($folderInvolved && (file_exists($target) || is_link($target))) {
                        self::remove($target);
                    }
                    if (!IntoPlace::move($staged, $target)) {
                        $walker->enter($path); // a folder made anew on another file system: its contents follow
                    }
                }
            }
            if (microtime(true) >= $deadline) {
                return false;
            }
        }
        $this->finishFolders();
        return true;
    }

    /** How many files move() found written in place since they were staged as links, and put back from the backup. */
    public function linkedRewritten(): int
    {
        return $this->linkedRewritten;
    }

    /**
     * Puts the backup's copy of the file at $path in place of its staged name, in one rename: a step
     * killed at any point leaves either name whole, and the next step asks again.
     */
    private function replaceStaged(string $path, string $staged): void
    {
        $entry = EntryLookup::find(new ManifestWalk($this->store->objects(), $this->reader->record($this->snapshotId)->filePieces), $path);
        if (null === $entry || Entry::FILE !== $entry->type) {
            throw new StoreException('The backup no longer lists ' . $path . '.');
        }
        $copy = $this->area . '/' . self::COPY;
        if ((file_exists($copy) || is_link($copy)) && !@unlink($copy)) {
            throw new StoreException('Could not clear the staging area.');
        }
        EntryFileWriter::write($this->store->objects(), $entry, $copy, true);
        if (!@rename($copy, $staged)) {
            throw new StoreException('Could not replace ' . $path . ' in the staging area.');
        }
        $this->linkedRewritten++;
    }

    /** Makes the folder for $path where the target has none (or has a file or link there, which goes). */
    private function makeFolder(string $path, string $target, int $mode): void
    {
        if (file_exists($target) || is_link($target)) {
            self::remove($target);
        }
        if (!@mkdir($target, $mode | 0700) && !is_dir($target)) {
            throw new StoreException('Could not create folder ' . $path . '.');
        }
    }

    /** Folder modes and times last: filling a folder changes its time. Cheap, and safe to repeat. */
    private function finishFolders(): void
    {
        foreach (ManifestPathGuard::checked($this->reader->entries($this->snapshotId)) as $entry) {
            if (
                Entry::DIR !== $entry->type || !$entry->isBackedUp() || $this->protected->isProtected($entry->path)
                || $this->site->isUnmapped($entry->path) || !$this->isAsked($entry->path)
            ) {
                continue;
            }
            [$base, $within] = $this->site->locate($entry->path);
            $target = $this->site->absolute($entry->path);
            if (is_dir($target) && !is_link($target) && ParentFolders::areReal($base, $within)) {
                @chmod($target, $entry->mode & 07777);
                @touch($target, $entry->mtime);
            }
        }
    }

    /** Whether stage() writes the entry as one of the paths restored (not a folder only leading to them). */
    private function isRestored(Entry $entry): bool
    {
        return $entry->isBackedUp()
            && $this->isAsked($entry->path)
            && !$this->protected->isProtected($entry->path)
            && !$this->site->isUnmapped($entry->path);
    }

    /** Whether a path is one the restore brings back: any, or one of the scope's. */
    private function isAsked(string $path): bool
    {
        return null === $this->scope || $this->scope->covers($path);
    }

    /** Removes the staging area (after move(), or to abandon the restore). */
    public function discard(): void
    {
        Durable::removeTree($this->area);
    }

    /** @return int bytes written */
    private function stageEntry(Entry $entry, string $tree, int $index): int
    {
        ParentFolders::assertInside($tree, $entry->path, 'the staging folder');
        $path = $tree . '/' . $entry->path;
        if (Entry::DIR === $entry->type) {
            if (is_link($path)) {
                throw UnsafePath::refused('write', $entry->path, 'through a symbolic link', $entry->path);
            }
            if (!is_dir($path) && !@mkdir($path, 0700)) {
                throw new StoreException('Could not create folder ' . $entry->path);
            }
            // Owner keeps write access so the folder can be filled and moved.
            chmod($path, ($entry->mode & 07777) | 0700);
            return 0;
        }
        // Half-written by a step that was killed: a file or a link, never followed (unlink removes the link itself).
        if ((file_exists($path) || is_link($path)) && !@unlink($path)) {
            throw new StoreException('Could not replace ' . $entry->path . ' in the staging area.');
        }
        if (Entry::SYMLINK === $entry->type) {
            if (!@symlink((string) $entry->target, $path)) {
                throw new StoreException('Could not create symlink ' . $entry->path);
            }
            return 0;
        }
        if ($this->linkUnchanged($entry, $path, $index)) {
            return 0;
        }
        return EntryFileWriter::write($this->store->objects(), $entry, $path, true);
    }

    /** Whether the site's file looks as the snapshot has it (size and time): linkUnchanged() would then compare it. */
    private function looksUnchanged(Entry $entry): bool
    {
        return Entry::FILE === $entry->type && 0 !== $entry->size
            && null !== SameFile::looksSame($this->site->absolute($entry->path), $entry, $this->chunkBytes());
    }

    private function chunkBytes(): int
    {
        return $this->chunkBytes ??= (int) ($this->reader->record($this->snapshotId)->meta['chunk_bytes'] ?? 0);
    }

    /**
     * A file the site already holds as the snapshot has it is staged as a second name of the live
     * file (a hard link: nothing is written); moving it into place then only drops that name. Where
     * a link cannot be made (another file system, a host that forbids them) the file is written.
     */
    private function linkUnchanged(Entry $entry, string $staged, int $index): bool
    {
        if (Entry::FILE !== $entry->type || 0 === $entry->size) {
            return false;
        }
        $target = $this->site->absolute($entry->path);
        // Cheapest first: one lstat() rules out nearly every changed file. One that passes has its parent
        // folders walked (an lstat each) before a byte of it is read, so nothing is read or linked through
        // a symbolic link: that first lstat() may have looked through one, and only compared size and time.
        $stat = SameFile::looksSame($target, $entry, $this->chunkBytes());
        if (null === $stat) {
            return false;
        }
        [$base, $within] = $this->site->locate($entry->path);
        if (
            !ParentFolders::areReal($base, $within) || !SameFile::hashesMatch($target, $entry, $this->chunkBytes(), $stat)
            || !@link($target, $staged)
        ) {
            return false;
        }
        if (SameFile::sameInode($staged, $target)) {
            $this->linked->add($index, $entry->path, $staged);
            return true;
        }
        @unlink($staged); // the file was swapped meanwhile: written as any other

        return false;
    }

    private function keep(string $path): void
    {
        $this->protected->add($path);
        $line = rawurlencode($path) . "\n"; // any byte may be in a file name
        $fp = Durable::open($this->area . '/' . self::KEPT, 'ab');
        $written = false !== $fp && strlen($line) === fwrite($fp, $line);
        if (false === $fp || !fclose($fp) || !$written) {
            throw new StoreException('Could not write to the staging area.');
        }
    }

    private function loadKept(): void
    {
        $file = $this->area . '/' . self::KEPT;
        $fp = is_file($file) ? fopen($file, 'rb') : false;
        if (false === $fp) {
            return;
        }
        while (false !== ($line = fgets($fp))) {
            $this->protected->add(rawurldecode(rtrim($line, "\n")));
        }
        fclose($fp);
    }

    /** Checks a path's parent folders up to the part of the site it lives in (see ParentFolders). */
    private function assertInSite(string $path, string $action): void
    {
        [$base, $within] = $this->site->locate($path);
        if ('' !== $within) {
            ParentFolders::assertInside($base, $within, 'the site', $action);
        }
    }

    /** @return int the type bits of what is at $path itself (a link is not followed), 0 when nothing is */
    private static function typeOf(string $path): int
    {
        clearstatcache(true, $path);
        $stat = @lstat($path);
        return false === $stat ? 0 : $stat['mode'] & self::S_IFMT;
    }

    private static function remove(string $path): void
    {
        if (is_dir($path) && !is_link($path)) {
            Durable::removeTree($path);
        } elseif (!@unlink($path) && (file_exists($path) || is_link($path))) {
            throw new StoreException('Could not remove ' . $path);
        }
    }
}
