<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ObjectCorrupt;
use SiteBackups\Engine\Store\ObjectMissing;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoreException;

/**
 * One regular file of a snapshot, found and checked, whose bytes can be written out: open() first
 * (what to tell the client: size, time, mode), then copyTo().
 *
 * Each chunk is an object of the store, re-hashed as it is read (as a restore reads it). Unlike a
 * restore, which can drop a file it wrote, a response already sent cannot be taken back: so each chunk
 * is read whole and checked into a temporary buffer (in memory up to BUFFER_IN_MEMORY, on disk beyond)
 * before any byte of it is written, and the sizes are checked before the last one. A damaged or missing
 * object, or chunks that do not add up to the file's size, end the copy with an exception before the
 * bytes that are wrong, and always before the output has reached the size the file was announced with.
 */
final class SnapshotFile
{
    private const BUFFER_IN_MEMORY = 1048576;
    private const BLOCK = 65536;

    public readonly FolderItem $item;

    private function __construct(private readonly ObjectStore $objects, private readonly Entry $entry)
    {
        $this->item = FolderItem::fromEntry($entry);
    }

    /**
     * @param list<string> $pieces the snapshot's files manifest pieces
     * @throws BadPath when $path is not a plain relative path
     * @throws NotFound when the backup holds nothing at $path (or something above it holds nothing)
     * @throws NotAFile when $path is a folder, a symbolic link (never followed) or left out of the backup
     */
    public static function open(ObjectStore $objects, array $pieces, string $path): self
    {
        $path  = BrowsePath::path($path);
        $entry = EntryLookup::find(new ManifestWalk($objects, $pieces), $path);
        if (null === $entry) {
            throw NotFound::path($path);
        }
        if (!$entry->isBackedUp() || Entry::FILE !== $entry->type) {
            throw new NotAFile($path, EntryKind::describe($entry));
        }
        return new self($objects, $entry);
    }

    /**
     * Writes the file's bytes (its first $maxBytes only, for a preview) to $out.
     * @param resource $out
     * @return int bytes written
     * @throws ObjectCorrupt|ObjectMissing for a damaged or missing chunk
     * @throws DamagedManifest when the chunks do not add up to the file's size
     * @throws StoreException when $out takes no more bytes
     */
    public function copyTo($out, ?int $maxBytes = null): int
    {
        $wanted  = null === $maxBytes ? $this->entry->size : max(0, min($maxBytes, $this->entry->size));
        $read    = 0;
        $written = 0;
        $last    = count($this->entry->chunks) - 1;
        foreach ($this->entry->chunks as $index => $hash) {
            if ($written >= $wanted) {
                break;
            }
            $buffer = fopen('php://temp/maxmemory:' . self::BUFFER_IN_MEMORY, 'w+b');
            if (false === $buffer) {
                throw new StoreException('Could not open a buffer for ' . $this->entry->path . '.');
            }
            try {
                $read += $this->objects->copyTo($hash, $buffer); // the object's hash is checked by the end
                if ($read > $this->entry->size || ($index === $last && $read !== $this->entry->size)) {
                    throw DamagedManifest::fileSize($this->entry->path, $this->entry->size, $read);
                }
                $written += self::send($buffer, $out, $wanted - $written);
            } finally {
                fclose($buffer);
            }
        }
        if ([] === $this->entry->chunks && 0 !== $this->entry->size) {
            throw DamagedManifest::fileSize($this->entry->path, $this->entry->size, 0);
        }
        return $written;
    }

    /**
     * @param resource $buffer
     * @param resource $out
     */
    private static function send($buffer, $out, int $bytes): int
    {
        rewind($buffer);
        $sent = 0;
        while ($sent < $bytes && !feof($buffer)) {
            $block = fread($buffer, max(1, min(self::BLOCK, $bytes - $sent)));
            if (false === $block || '' === $block) {
                break;
            }
            Durable::writeAll($out, $block, 'output');
            $sent += strlen($block);
        }
        return $sent;
    }
}
