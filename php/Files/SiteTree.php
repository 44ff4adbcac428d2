<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Files;

use SiteBackups\Engine\Store\OpenBasedir;

/**
 * A site's files as one tree in WordPress's standard layout, wherever its wp-config.php puts them.
 *
 * Backups always hold paths of that layout ("canonical" paths: wp-admin/…, wp-content/plugins/…,
 * wp-content/uploads/…), relative to the WordPress folder. A site may keep parts elsewhere (Bedrock's
 * WP_CONTENT_DIR, UPLOADS, WP_PLUGIN_DIR, "WordPress in its own directory" serving the site from the
 * folder above): each such part is a mount, a canonical prefix standing for a real folder. Walking
 * the tree grafts each mount in its canonical place and leaves out its real folder wherever else it
 * appears, so every file is walked once; a restore resolves the same canonical paths against the
 * target's own mounts, so a backup of one layout restores into another.
 *
 * The folder the site is served from, when it is not the WordPress folder, is mounted at HOME.
 */
final class SiteTree
{
    /** Reserved at the top of a backup: the site's home folder (index.php, .htaccess) when WordPress is below it. */
    public const HOME = '.site-backups-home';

    /** @var array<string, string> canonical prefix => real folder ('' is the WordPress folder), longest prefix first */
    private array $mounts;

    /**
     * @param array<string, string> $mounts
     * @param bool $isSite whether this is a site (HOME reserved at its top) rather than a plain folder
     */
    private function __construct(array $mounts, private readonly bool $isSite)
    {
        uksort($mounts, static fn (string $a, string $b): int => strlen($b) <=> strlen($a) ?: strcmp($a, $b));
        $this->mounts = $mounts;
    }

    /** A plain folder walked as it is (a staging area, a site in a test): nothing mounted, nothing reserved. */
    public static function at(string $root): self
    {
        return new self(['' => self::folder($root)], false);
    }

    /**
     * @param string $root the WordPress folder
     * @param array<string, string> $folders canonical prefix => the folder it stands for; a folder that
     *                                       is where the standard layout puts it anyway is no mount
     * @throws \InvalidArgumentException for a prefix that is no plain relative path or a folder that is not absolute
     */
    public static function withFolders(string $root, array $folders): self
    {
        $tree = new self(['' => self::folder($root)], true);
        // Shortest prefix first, so each is compared with where the mounts above it already put it.
        uksort($folders, static fn (string $a, string $b): int => strlen($a) <=> strlen($b) ?: strcmp($a, $b));
        foreach ($folders as $prefix => $folder) {
            $prefix = trim((string) $prefix, '/');
            self::assertPrefix($prefix);
            $folder = self::folder($folder);
            if ($folder === $tree->absolute($prefix)) {
                continue;
            }
            if (in_array($folder, $tree->mounts, true)) {
                continue; // one folder for two parts (UPLOADS naming wp-content itself): walked once, under the first
            }
            $mounts          = $tree->mounts;
            $mounts[$prefix] = $folder;
            $tree            = new self($mounts, true);
        }
        return $tree;
    }

    /** @param array<string, mixed> $data as toArray() gave it */
    public static function fromArray(array $data): self
    {
        $root = (string) ($data[''] ?? throw new \InvalidArgumentException('A site tree needs its WordPress folder.'));
        unset($data['']);
        return self::withFolders($root, array_map('strval', $data));
    }

    /** @return array<string, string> canonical prefix => real folder, '' being the WordPress folder */
    public function toArray(): array
    {
        return $this->mounts;
    }

    /** The WordPress folder. */
    public function root(): string
    {
        return $this->mounts[''];
    }

    /** Whether any part of the site lives outside the WordPress folder's standard layout. */
    public function hasMounts(): bool
    {
        return count($this->mounts) > 1;
    }

    /** Where a canonical path is on disk. */
    public function absolute(string $relative): string
    {
        [$base, $rest] = $this->locate($relative);
        return '' === $rest ? $base : $base . '/' . $rest;
    }

    /**
     * The folder a canonical path lives under (its mount's) and the path within it, so that checks
     * of parent folders stop at the mount.
     * @return array{0: string, 1: string}
     */
    public function locate(string $relative): array
    {
        foreach ($this->mounts as $prefix => $folder) {
            if ('' === $prefix) {
                return [$folder, $relative];
            }
            if ($relative === $prefix) {
                return [$folder, ''];
            }
            if (str_starts_with($relative, $prefix . '/')) {
                return [$folder, substr($relative, strlen($prefix) + 1)];
            }
        }
        throw new \LogicException('A site tree always has its WordPress folder.');
    }

    /** Whether a canonical path is where a mount is grafted (never removed or replaced, only entered). */
    public function isMountPoint(string $relative): bool
    {
        return '' !== $relative && isset($this->mounts[$relative]);
    }

    /**
     * Whether a canonical path names a place this site has no folder for: under HOME when the site is
     * served from its WordPress folder. A backup's entries there are not restored into such a site.
     */
    public function isUnmapped(string $relative): bool
    {
        return $this->isSite && (self::HOME === $relative || str_starts_with($relative, self::HOME . '/')) && !isset($this->mounts[self::HOME]);
    }

    /**
     * The names a canonical folder holds: its real folder's, less those that are a mount's real
     * folder (walked at their canonical place instead) and, in a site, the reserved HOME at the top, plus the
     * mounts grafted into it. Sorted byte by byte; null when the folder cannot be listed.
     * @return list<string>|null
     */
    public function listing(string $relative): ?array
    {
        $path  = $this->absolute($relative);
        $names = @scandir($path, SCANDIR_SORT_NONE);
        if (false === $names) {
            return null;
        }
        $listed = [];
        foreach ($names as $name) {
            if ('.' === $name || '..' === $name || ($this->isSite && '' === $relative && self::HOME === $name)) {
                continue;
            }
            $child = '' === $relative ? $name : $relative . '/' . $name;
            if (!isset($this->mounts[$child]) && $this->isMountFolder($path . '/' . $name)) {
                continue;
            }
            $listed[$name] = true;
        }
        foreach ($this->mounts as $prefix => $folder) {
            if ('' !== $prefix && $relative === self::parentOf($prefix) && is_dir($folder)) {
                $listed[self::nameOf($prefix)] = true;
            }
        }
        $listed = array_map('strval', array_keys($listed));
        sort($listed, SORT_STRING); // binary order, independent of the locale
        return $listed;
    }

    /** The canonical path of a real path on disk, or null when it is not in the site's tree. */
    public function relativeOf(string $absolute): ?string
    {
        $real = OpenBasedir::allows($absolute) ? realpath($absolute) : false;
        if (false === $real) {
            return null;
        }
        $best = null;
        foreach ($this->mounts as $prefix => $folder) {
            if ($real === $folder || str_starts_with($real, $folder . '/')) {
                if (null === $best || strlen($folder) > strlen($this->mounts[$best])) {
                    $best = $prefix;
                }
            }
        }
        if (null === $best) {
            return null;
        }
        $relative = trim($best . '/' . substr($real, strlen($this->mounts[$best]) + 1), '/');
        // A path the tree hides (the WordPress folder's own wp-content, when wp-content is kept elsewhere) is none of the site's.
        return $this->absolute($relative) === $real ? $relative : null;
    }

    private function isMountFolder(string $path): bool
    {
        return in_array($path, $this->mounts, true);
    }

    private static function parentOf(string $prefix): string
    {
        $slash = strrpos($prefix, '/');
        return false === $slash ? '' : substr($prefix, 0, $slash);
    }

    private static function nameOf(string $prefix): string
    {
        $slash = strrpos($prefix, '/');
        return false === $slash ? $prefix : substr($prefix, $slash + 1);
    }

    private static function assertPrefix(string $prefix): void
    {
        foreach (explode('/', $prefix) as $part) {
            if ('' === $part || '.' === $part || '..' === $part || 1 === preg_match('/[\x00-\x1f\\\\]/', $part)) {
                throw new \InvalidArgumentException("\"$prefix\" is not a plain relative path for a part of the site.");
            }
        }
        if (self::HOME !== $prefix && str_starts_with($prefix, self::HOME . '/')) {
            throw new \InvalidArgumentException('Nothing is mounted inside the home folder.');
        }
    }

    /** A folder's real path when it exists (symbolic links resolved, so mounts compare), else as given; no trailing slash. */
    private static function folder(string $path): string
    {
        if ('' === trim($path) || !str_starts_with($path, '/')) {
            throw new \InvalidArgumentException("A site's folder must be an absolute path.");
        }
        $real = OpenBasedir::allows($path) ? realpath($path) : false;
        return rtrim(false === $real ? $path : $real, '/') ?: '/';
    }
}
