<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\Entry;

/**
 * One path that differs between two snapshots, from their manifests alone (no content read): added,
 * removed, or changed with the facts that differ ($fields: type, status, size, content, mode, mtime,
 * target). A file's content is its list of chunk hashes. A folder counts as changed only when its
 * type, status or mode do: its time moves whenever anything in it does, which the paths inside say.
 * $phpInUploads flags a PHP file (.php, .phtml, .phar) that appeared under wp-content/uploads/.
 */
final class FileChange
{
    public const ADDED   = 'added';
    public const REMOVED = 'removed';
    public const CHANGED = 'changed';

    /** @param list<string> $fields for a change: what differs */
    public function __construct(
        public readonly string $path,
        public readonly string $kind,
        public readonly ?string $typeBefore,
        public readonly ?string $typeAfter,
        public readonly array $fields,
        public readonly ?int $sizeBefore,
        public readonly ?int $sizeAfter,
        public readonly ?int $mtimeBefore,
        public readonly ?int $mtimeAfter,
        public readonly ?int $modeBefore,
        public readonly ?int $modeAfter,
        public readonly string $area,
        public readonly bool $phpInUploads,
    ) {
    }

    public static function added(Entry $entry): self
    {
        return self::make($entry->path, self::ADDED, null, $entry, []);
    }

    public static function removed(Entry $entry): self
    {
        return self::make($entry->path, self::REMOVED, $entry, null, []);
    }

    /** The change between two entries of the same path; null when they are the same as far as a backup tells. */
    public static function between(Entry $before, Entry $after): ?self
    {
        $fields = [];
        if ($before->type !== $after->type) {
            $fields[] = 'type';
        }
        if ($before->status !== $after->status) {
            $fields[] = 'status';
        }
        if ([] === $fields && $before->isBackedUp()) {
            $fields = self::facts($before, $after);
        }
        return [] === $fields ? null : self::make($after->path, self::CHANGED, $before, $after, $fields);
    }

    /** Whether the path is a folder (after the change; before it, for a removal): summaries count the rest. */
    public function isFolder(): bool
    {
        return Entry::DIR === ($this->typeAfter ?? $this->typeBefore);
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return JsonText::field('path', $this->path) + [
            'kind'           => $this->kind,
            'type_before'    => $this->typeBefore,
            'type_after'     => $this->typeAfter,
            'fields'         => $this->fields,
            'size_before'    => $this->sizeBefore,
            'size_after'     => $this->sizeAfter,
            'mtime_before'   => $this->mtimeBefore,
            'mtime_after'    => $this->mtimeAfter,
            'mode_before'    => null === $this->modeBefore ? null : sprintf('%04o', $this->modeBefore),
            'mode_after'     => null === $this->modeAfter ? null : sprintf('%04o', $this->modeAfter),
            'area'           => $this->area,
            'php_in_uploads' => $this->phpInUploads,
        ];
    }

    /**
     * Same type, both backed up.
     * @return list<string>
     */
    private static function facts(Entry $before, Entry $after): array
    {
        $fields = [];
        if (Entry::FILE === $after->type) {
            if ($before->size !== $after->size) {
                $fields[] = 'size';
            }
            if ($before->chunks !== $after->chunks) {
                $fields[] = 'content';
            }
        }
        if (($before->mode & 07777) !== ($after->mode & 07777)) {
            $fields[] = 'mode';
        }
        if (Entry::DIR !== $after->type && $before->mtime !== $after->mtime) {
            $fields[] = 'mtime';
        }
        if (Entry::SYMLINK === $after->type && $before->target !== $after->target) {
            $fields[] = 'target';
        }
        return $fields;
    }

    /** @param list<string> $fields */
    private static function make(string $path, string $kind, ?Entry $before, ?Entry $after, array $fields): self
    {
        $heldBefore = self::held($before);
        $heldAfter  = self::held($after);
        $now        = $after ?? $before;
        return new self(
            $path,
            $kind,
            $before?->type,
            $after?->type,
            $fields,
            self::size($heldBefore),
            self::size($heldAfter),
            $heldBefore?->mtime,
            $heldAfter?->mtime,
            null === $heldBefore ? null : $heldBefore->mode & 07777,
            null === $heldAfter ? null : $heldAfter->mode & 07777,
            SiteArea::of($path),
            self::ADDED === $kind && null !== $now && Entry::DIR !== $now->type && SiteArea::isPhpInUploads($path),
        );
    }

    private static function held(?Entry $entry): ?Entry
    {
        return null !== $entry && $entry->isBackedUp() ? $entry : null;
    }

    private static function size(?Entry $held): ?int
    {
        return null !== $held && Entry::FILE === $held->type ? $held->size : null;
    }
}
