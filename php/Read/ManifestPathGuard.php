<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Read;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PathOrder;

/**
 * Checks the paths of a files manifest read back from a store or a bucket, where someone else
 * may have written it, before anything is written from it (restore, download). Every path must:
 *  - be a plain relative name: not empty or absolute, no empty, "." or ".." part, no drive
 *    letter, backslash or control character;
 *  - come after the path before it in PathOrder (no duplicates);
 *  - lie directly in a folder the backup holds: never below a symbolic link, a file or a path
 *    the backup left out, never in a folder it does not list.
 * A backup writes every folder just before its contents, so the entries holding the current path
 * (a stack as deep as the path) are all the guard remembers, however long the manifest.
 */
final class ManifestPathGuard
{
    private const FOLDER   = 'folder';
    private const SYMLINK  = 'symlink';
    private const FILE     = 'file';
    private const LEFT_OUT = 'left out';

    /** @var list<array{path: string, kind: string}> the entries holding the current path, outermost first */
    private array $open = [];
    private ?string $last = null;

    /**
     * Walks a whole manifest, for a pass before anything is written.
     * @param iterable<Entry> $entries in manifest order
     * @return int the number of entries
     * @throws UnsafePath on the first unsafe entry
     */
    public static function assertAll(iterable $entries): int
    {
        $guard = new self();
        $count = 0;
        foreach ($entries as $entry) {
            $guard->check($entry);
            $count++;
        }
        return $count;
    }

    /**
     * The same entries, each handed on only once it is checked.
     * @param iterable<Entry> $entries in manifest order
     * @return \Generator<int, Entry>
     */
    public static function checked(iterable $entries): \Generator
    {
        $guard = new self();
        foreach ($entries as $entry) {
            $guard->check($entry);
            yield $entry;
        }
    }

    /** @throws UnsafePath when the entry is unsafe where it stands in the manifest */
    public function check(Entry $entry): void
    {
        $path    = $entry->path;
        $problem = self::nameProblem($path);
        if (null !== $problem) {
            throw UnsafePath::inManifest($path, $problem);
        }
        $this->assertInOrder($path);
        $this->assertInAFolder($path);
        self::assertKnownKind($entry);
        $this->last   = $path;
        $this->open[] = ['path' => $path, 'kind' => self::kindOf($entry)];
    }

    /**
     * Why a relative path is not a plain name that stays inside the folder it is written into
     * (on Unix and on Windows, where a zip may be extracted); null when it is one.
     */
    public static function nameProblem(string $path): ?string
    {
        if ('' === $path) {
            return 'is empty';
        }
        if (1 === preg_match('/[\x00-\x1f\x7f]/', $path)) {
            return 'contains a control character';
        }
        if (str_contains($path, '\\')) {
            return 'contains a backslash';
        }
        if (str_starts_with($path, '/')) {
            return 'is absolute';
        }
        if (1 === preg_match('/^[A-Za-z]:/', $path)) {
            return 'starts with a drive letter';
        }
        foreach (explode('/', $path) as $part) {
            if ('' === $part) {
                return 'has an empty part';
            }
            if ('.' === $part || '..' === $part) {
                return 'has a "' . $part . '" part';
            }
        }
        return null;
    }

    /** Order is what makes the stack of open entries hold every ancestor of the path. */
    private function assertInOrder(string $path): void
    {
        if (null === $this->last) {
            return;
        }
        $order = PathOrder::compare($this->last, $path);
        if (0 === $order) {
            throw UnsafePath::inManifest($path, 'appears twice');
        }
        if ($order > 0) {
            throw UnsafePath::inManifest($path, 'is out of order: it comes after ' . UnsafePath::shown($this->last));
        }
    }

    private function assertInAFolder(string $path): void
    {
        while ([] !== $this->open && !str_starts_with($path, $this->open[count($this->open) - 1]['path'] . '/')) {
            array_pop($this->open);
        }
        $slash  = strrpos($path, '/');
        $folder = false === $slash ? '' : substr($path, 0, $slash);
        if ([] === $this->open) {
            if ('' !== $folder) {
                throw UnsafePath::inManifest($path, 'is in a folder the backup does not hold', $folder);
            }
            return;
        }
        $holder = $this->open[count($this->open) - 1];
        $below = match ($holder['kind']) {
            self::SYMLINK  => 'is below a symbolic link',
            self::FILE     => 'is below a file',
            self::LEFT_OUT => 'is below a path the backup left out',
            default        => null,
        };
        if (null !== $below) {
            throw UnsafePath::inManifest($path, $below, $holder['path']);
        }
        if ($holder['path'] !== $folder) {
            throw UnsafePath::inManifest($path, 'is in a folder the backup does not hold', $folder);
        }
    }

    private static function assertKnownKind(Entry $entry): void
    {
        if (!$entry->isBackedUp()) {
            return;
        }
        if (Entry::SYMLINK === $entry->type) {
            // The link itself is the site's own and is restored as it was; only an unusable target is refused.
            if (null === $entry->target || '' === $entry->target || str_contains($entry->target, "\0")) {
                throw UnsafePath::inManifest($entry->path, 'is a symbolic link without a usable target');
            }
            return;
        }
        if (Entry::FILE !== $entry->type && Entry::DIR !== $entry->type) {
            throw UnsafePath::inManifest($entry->path, 'has an unknown type');
        }
    }

    private static function kindOf(Entry $entry): string
    {
        if (!$entry->isBackedUp()) {
            return Entry::SYMLINK === $entry->type ? self::SYMLINK : self::LEFT_OUT;
        }
        return match ($entry->type) {
            Entry::DIR     => self::FOLDER,
            Entry::SYMLINK => self::SYMLINK,
            default        => self::FILE,
        };
    }
}
