<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Read\UnsafePath;

/**
 * Finds one path of a snapshot, and every folder above it on the way: each must be a folder the
 * backup holds, so nothing is ever found below a symbolic link, a file or a path left out, even in a
 * manifest someone else wrote. Jumps through the manifest (ManifestWalk), a few pieces per level.
 */
final class EntryLookup
{
    /**
     * Leaves $walk at the entry found (not consumed), so a listing can go on from there.
     * @param string $path a path BrowsePath accepted
     * @return Entry|null null when the backup holds nothing at $path or at a folder above it
     * @throws BadPath when a folder above $path is a symbolic link
     * @throws NotFound when a folder above $path is a file or left out
     */
    public static function find(ManifestWalk $walk, string $path): ?Entry
    {
        $parts  = explode('/', $path);
        $last   = count($parts) - 1;
        $prefix = '';
        $entry  = null;
        foreach ($parts as $index => $part) {
            $prefix = '' === $prefix ? $part : $prefix . '/' . $part;
            $target = $prefix;
            $walk->skipWhile(static fn (string $seen): bool => PathOrder::compare($seen, $target) < 0);
            $entry = $walk->peek();
            if (null === $entry || $entry->path !== $prefix) {
                return null;
            }
            if ($index < $last && Entry::SYMLINK === $entry->type) {
                // Links are never followed: a path through one is a wrong request, not a missing file.
                throw new BadPath($path, 'passes through ' . UnsafePath::shown($prefix) . ', a symbolic link');
            }
            if ($index < $last && !EntryKind::isFolder($entry)) {
                throw NotFound::below($path, $prefix, EntryKind::describe($entry));
            }
        }
        return $entry;
    }
}
