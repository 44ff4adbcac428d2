<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\Entry;

/**
 * One path of a backup as a listing shows it. Sizes are the bytes the backup holds (for a file kept
 * with its secrets removed, those bytes, not the file's own). A symbolic link is shown with its
 * target and never followed; a path the backup left out is shown with the reason.
 */
final class FolderItem
{
    public const FILE    = Entry::FILE;
    public const DIR     = Entry::DIR;
    public const SYMLINK = Entry::SYMLINK;
    public const OTHER   = Entry::OTHER;

    /**
     * @param string $type FILE, DIR, SYMLINK or OTHER
     * @param int $mode permission bits (0644 as an integer)
     * @param int $mtime Unix time
     * @param string|null $reason why the backup left it out; null when it holds it
     */
    public function __construct(
        public readonly string $name,
        public readonly string $path,
        public readonly string $type,
        public readonly int $size,
        public readonly int $mode,
        public readonly int $mtime,
        public readonly ?string $target,
        public readonly bool $backedUp,
        public readonly ?string $reason,
    ) {
    }

    public static function fromEntry(Entry $entry): self
    {
        $slash = strrpos($entry->path, '/');
        return new self(
            false === $slash ? $entry->path : substr($entry->path, $slash + 1),
            $entry->path,
            in_array($entry->type, [self::FILE, self::DIR, self::SYMLINK], true) ? $entry->type : self::OTHER,
            self::FILE === $entry->type ? $entry->size : 0,
            $entry->mode & 07777,
            $entry->mtime,
            self::SYMLINK === $entry->type ? $entry->target : null,
            $entry->isBackedUp(),
            $entry->isBackedUp() ? null : (string) $entry->reason,
        );
    }

    /** @return array<string, mixed> names that are not UTF-8 under "<key>_b64"; mode as octal text ("0644") */
    public function toArray(): array
    {
        return JsonText::field('name', $this->name) + JsonText::field('path', $this->path) + [
            'type'      => $this->type,
            'size'      => $this->size,
            'mode'      => sprintf('%04o', $this->mode),
            'mtime'     => $this->mtime,
        ] + JsonText::nullable('target', $this->target) + [
            'backed_up' => $this->backedUp,
            'reason'    => $this->reason,
        ];
    }
}
