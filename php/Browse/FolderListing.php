<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * Lists the direct contents of one folder of a snapshot, a page at a time, in constant memory.
 *
 * In the manifest's order a folder's contents follow it, each child before its own subtree and the
 * children in byte order of their names; so a page is: jump to the folder (EntryLookup), jump past
 * the last name of the page before and its subtree, then take a child, jump past its subtree, take
 * the next... Each jump reads a few pieces (ManifestWalk), so a page costs about the same at the start
 * of a folder of 200,000 files as at its end, and never holds more than one piece and the page.
 */
final class FolderListing
{
    /** @param list<string> $pieces the snapshot's files manifest pieces */
    public function __construct(private readonly ObjectStore $objects, private readonly array $pieces)
    {
    }

    /**
     * @param string $folder "" for the top of the site, else a canonical path ("wp-content/uploads")
     * @param string|null $after the last name of the page before (FolderPage::$next)
     * @throws BadPath when $folder or $after is not a plain relative path or name
     * @throws NotFound when the backup holds no folder at $folder (nothing there, or a file, a
     *                  symbolic link, a path left out, or something of that kind above it)
     * @throws DamagedManifest when the manifest cannot be read as the format writes it
     */
    public function page(string $folder, ?string $after = null, int $limit = Paging::DEFAULT_LIMIT): FolderPage
    {
        $folder = BrowsePath::folder($folder);
        $after  = null === $after ? null : BrowsePath::name($after);
        $limit  = Paging::limit($limit);
        $walk   = new ManifestWalk($this->objects, $this->pieces);
        if ('' !== $folder) {
            $entry = EntryLookup::find($walk, $folder);
            if (null === $entry) {
                throw NotFound::path($folder);
            }
            if (!EntryKind::isFolder($entry)) {
                throw NotFound::notAFolder($folder, EntryKind::describe($entry));
            }
        }
        $prefix = BrowsePath::prefix($folder);
        if (null !== $after) {
            $walk->skipWhile(self::atOrBelow($prefix . $after));
        } elseif ('' !== $folder) {
            $walk->next(); // the folder's own entry
        }

        $items = [];
        $more  = false;
        while (null !== ($entry = $walk->peek()) && str_starts_with($entry->path, $prefix)) {
            $name  = substr($entry->path, strlen($prefix));
            $slash = strpos($name, '/');
            if (false !== $slash) {
                // Deeper, with no entry for the folder between: not a child; nothing of the kind is listed.
                $walk->skipWhile(self::atOrBelow($prefix . substr($name, 0, $slash)));
                continue;
            }
            if (count($items) === $limit) {
                $more = true;
                break;
            }
            $items[] = FolderItem::fromEntry($entry);
            $walk->next();
            $walk->skipWhile(self::below($entry->path));
        }
        return new FolderPage($folder, $items, $more ? $items[$limit - 1]->name : null);
    }

    /** @return \Closure(string): bool a path at or before $path, or in its subtree */
    private static function atOrBelow(string $path): \Closure
    {
        $prefix = $path . '/';
        return static fn (string $seen): bool
            => PathOrder::compare($seen, $path) <= 0 || str_starts_with($seen, $prefix);
    }

    /** @return \Closure(string): bool */
    private static function below(string $path): \Closure
    {
        $prefix = $path . '/';
        return static fn (string $seen): bool => str_starts_with($seen, $prefix);
    }
}
