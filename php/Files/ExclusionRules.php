<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

use SiteBackups\Engine\Store\StoreProtection;

/**
 * Which paths a backup leaves out, and why. The why is written to the manifest so nothing
 * disappears silently. Patterns are relative to the site root (fnmatch, "*" stays within a
 * folder); a pattern without "/" matches a name at any depth.
 */
final class ExclusionRules
{
    public const REASON_CACHE   = 'cache';
    public const REASON_TEMP    = 'temporary files';
    public const REASON_BACKUPS = "another backup plugin's archives";
    public const REASON_MARKER  = 'folder contains ' . StoreProtection::MARKER;
    public const REASON_STORE   = 'backup store';

    /** @var array<string, string> pattern => reason */
    public const DEFAULTS = [
        'wp-content/cache'                          => self::REASON_CACHE,
        'wp-content/et-cache'                       => self::REASON_CACHE,
        'wp-content/litespeed'                      => self::REASON_CACHE,
        'wp-content/endurance-page-cache'           => self::REASON_CACHE,
        'wp-content/uploads/siteground-optimizer-assets' => self::REASON_CACHE,
        'wp-content/upgrade'                        => self::REASON_TEMP,
        'wp-content/upgrade-temp-backup'            => self::REASON_TEMP,
        'wp-content/updraft'                        => self::REASON_BACKUPS,
        'wp-content/ai1wm-backups'                  => self::REASON_BACKUPS,
        'wp-content/backups-dup-lite'               => self::REASON_BACKUPS,
        'wp-content/backups-dup-pro'                => self::REASON_BACKUPS,
        'wp-snapshots'                              => self::REASON_BACKUPS,
        'wp-content/uploads/backwpup-*'             => self::REASON_BACKUPS,
        'wp-content/wpvividbackups'                 => self::REASON_BACKUPS,
        'wp-content/uploads/backupbuddy_backups'    => self::REASON_BACKUPS,
        'wp-content/uploads/backup-guard'           => self::REASON_BACKUPS,
        'wp-content/backup-migration-*'             => self::REASON_BACKUPS,
    ];

    private ?string $storeReal;

    /** @param list<string> $extraPatterns */
    public function __construct(?string $storeRoot, private readonly array $extraPatterns = [], private readonly bool $useDefaults = true)
    {
        $this->storeReal = null === $storeRoot ? null : (realpath($storeRoot) ?: null);
    }

    public function reasonFor(string $relative, string $absolute, bool $isDir): ?string
    {
        if ($isDir) {
            if (null !== $this->storeReal && realpath($absolute) === $this->storeReal) {
                return self::REASON_STORE;
            }
            if (is_file($absolute . '/' . StoreProtection::MARKER)) {
                return self::REASON_MARKER;
            }
        }
        if ($this->useDefaults) {
            foreach (self::DEFAULTS as $pattern => $reason) {
                if (self::matches($pattern, $relative)) {
                    return $reason;
                }
            }
        }
        foreach ($this->extraPatterns as $pattern) {
            if (self::matches($pattern, $relative)) {
                return 'excluded by rule ' . $pattern;
            }
        }
        return null;
    }

    public static function matches(string $pattern, string $relative): bool
    {
        $pattern = trim($pattern, '/');
        if ('' === $pattern) {
            return false;
        }
        if (!str_contains($pattern, '/')) {
            return fnmatch($pattern, basename($relative));
        }
        return fnmatch($pattern, $relative, FNM_PATHNAME);
    }
}
