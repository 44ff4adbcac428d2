<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on the staging area; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\StoreException;

/**
 * The files a restore staged as second names of the live ones (FilesRestore stages a file the site
 * already holds as the backup has it that way, writing nothing), listed in the staging area in
 * manifest order with what lstat() said of the inode just after the link was made.
 *
 * Both names share one inode, so a live file written in place after it was checked (a plugin's log,
 * WordPress rewriting .htaccess) changes the staged name too, and the restore would keep the edit
 * instead of the backup's bytes. writtenSince(), asked by the switch as it reaches each such file,
 * tells them apart by the inode's change time, modification time, size and mode.
 */
final class LinkedFiles
{
    /** One line per file, tab-separated: manifest index, inode, ctime, mtime, size, mode, URL-encoded path. */
    private const LIST = 'linked.txt';
    /** The end of the list read to find its last line: a line is under 13 KB (a path of at most 4 KB, encoded). */
    private const TAIL = 16384;

    /** @var resource|null */
    private $appending = null;
    /** @var resource|null */
    private $reading = null;
    /** @var list<string>|null the line writtenSince() looked at last, split; null before the first or at the end */
    private ?array $current = null;
    /** Whether writtenSince() read the whole list (or found none). */
    private bool $readAll = false;

    public function __construct(private readonly string $area)
    {
    }

    /**
     * Drops the lines of entries after the first $done, and a line cut short: a step killed before its
     * progress was saved left them, and staging on from $done lists those files again. The list so stays
     * in manifest order, each file once.
     */
    public function resumeAt(int $done): void
    {
        $file = $this->file();
        clearstatcache(true, $file);
        $size = is_file($file) ? (int) filesize($file) : 0;
        if (0 === $size) {
            return;
        }
        $handle = @fopen($file, 'r+b');
        if (false === $handle) {
            throw new StoreException('Could not read the staging area.');
        }
        try {
            if ($this->keepsUpTo($handle, $size) <= $done) {
                return; // the common case: the last line is whole and of an entry the saved progress counts
            }
            $keep = 0;
            rewind($handle);
            while (false !== ($line = fgets($handle)) && str_ends_with($line, "\n") && (int) $line <= $done) {
                $keep += strlen($line);
            }
            if (!ftruncate($handle, $keep)) {
                throw new StoreException('Could not write to the staging area.');
            }
            Durable::flush($handle, $file);
        } finally {
            fclose($handle);
        }
    }

    /**
     * @param resource $handle
     * @return int the manifest index of the last line, PHP_INT_MAX when it is cut short or not found
     */
    private function keepsUpTo($handle, int $size): int
    {
        $from = max(0, $size - self::TAIL);
        fseek($handle, $from);
        $tail = (string) fread($handle, max(1, $size - $from));
        if (!str_ends_with($tail, "\n")) {
            return PHP_INT_MAX;
        }
        $start = strrpos($tail, "\n", -2);
        if (false === $start && $from > 0) {
            return PHP_INT_MAX;
        }
        return (int) substr($tail, false === $start ? 0 : $start + 1);
    }

    /** Lists the file at $path, entry $index of the manifest, just staged as a second name ($staged) of the live one. */
    public function add(int $index, string $path, string $staged): void
    {
        clearstatcache(true, $staged);
        $stat = @lstat($staged);
        if (false === $stat) {
            throw new StoreException('Could not stage ' . $path . '.');
        }
        $line = implode("\t", [$index, $stat['ino'], $stat['ctime'], $stat['mtime'], $stat['size'], $stat['mode'] & 07777, rawurlencode($path)]) . "\n";
        if (null === $this->appending) {
            $created = !is_file($this->file());
            $this->appending = Durable::open($this->file(), 'ab') ?: throw new StoreException('Could not write to the staging area.');
            if ($created) {
                Durable::syncDir($this->area);
            }
        }
        Durable::writeAll($this->appending, $line, $this->file());
    }

    /** Flushes the lines added to disk: called before the progress that counts their files is saved. */
    public function sync(): void
    {
        if (null !== $this->appending) {
            Durable::flush($this->appending, $this->file());
        }
    }

    /**
     * Whether the file staged at $staged, listed as a second name of the live file at $path, changed
     * since it was linked. Paths must be asked in manifest order (PathOrder). A file not listed (written
     * into the staging area, or linked by a version that kept no list) is taken as it is.
     */
    public function writtenSince(string $path, string $staged): bool
    {
        while (null !== ($line = $this->currentLine()) && PathOrder::compare(rawurldecode($line[6]), $path) < 0) {
            $this->current = null;
        }
        if (null === $line || rawurldecode($line[6]) !== $path) {
            return false;
        }
        clearstatcache(true, $staged);
        $stat = @lstat($staged);
        return false === $stat
            || [$stat['ino'], $stat['ctime'], $stat['mtime'], $stat['size'], $stat['mode'] & 07777]
                !== array_map('intval', array_slice($line, 1, 5));
    }

    /** For a new walk in manifest order: writtenSince() reads the list from its start again. */
    public function startOver(): void
    {
        if (is_resource($this->reading)) {
            fclose($this->reading);
        }
        $this->reading = null;
        $this->current = null;
        $this->readAll = false;
    }

    /** @return list<string>|null the line writtenSince() is at (the next one read when none is), null at the end of the list */
    private function currentLine(): ?array
    {
        if (null !== $this->current || $this->readAll) {
            return $this->current;
        }
        if (null === $this->reading) {
            if (!is_file($this->file())) {
                $this->readAll = true; // no file was linked
                return null;
            }
            $this->reading = @fopen($this->file(), 'rb') ?: throw new StoreException('Could not read the staging area.');
        }
        while (false !== ($text = fgets($this->reading))) {
            $line = explode("\t", rtrim($text, "\n"));
            if (7 === count($line)) {
                return $this->current = $line;
            }
        }
        $this->readAll = true;
        return null;
    }

    public function __destruct()
    {
        foreach ([$this->appending, $this->reading] as $handle) {
            if (is_resource($handle)) {
                fclose($handle);
            }
        }
    }

    private function file(): string
    {
        return $this->area . '/' . self::LIST;
    }
}
