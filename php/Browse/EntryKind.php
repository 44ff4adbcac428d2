<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\Entry;

/** What an entry is, in words for a message ("a symbolic link"). */
final class EntryKind
{
    public static function describe(Entry $entry): string
    {
        if (!$entry->isBackedUp()) {
            return 'a path left out of the backup (' . (string) $entry->reason . ')';
        }
        return match ($entry->type) {
            Entry::DIR     => 'a folder',
            Entry::FILE    => 'a file',
            Entry::SYMLINK => 'a symbolic link',
            default        => 'neither a file nor a folder',
        };
    }

    /** A folder whose contents the backup holds. */
    public static function isFolder(Entry $entry): bool
    {
        return $entry->isBackedUp() && Entry::DIR === $entry->type;
    }
}
