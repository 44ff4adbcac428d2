<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Read\UnsafePath;

/**
 * A path or table asked for that a restore will not bring back, checked before anything is done
 * (ScopeCheck). $problem says why (one of the constants, so a caller can word it and answer "not
 * found" or "invalid"), $item names it as it was asked for, and $linked the table a foreign key ties
 * it to (FOREIGN_KEY only, else '').
 */
final class ScopeRefused extends RestoreRefused
{
    /** Not a plain relative path (absolute, "..", a control character, an empty part). */
    public const UNSAFE_NAME = 'unsafe_name';
    /** A path every restore leaves alone (the configuration, the plugin, the store, an excluded folder). */
    public const PROTECTED = 'protected';
    /** A folder on the way to it on the site is a symbolic link. */
    public const SITE_LINK = 'site_link';
    /** Something on the way to it on the site is a file. */
    public const SITE_FILE = 'site_file';
    /** The backup holds a symbolic link or a file on the way to it. */
    public const BACKUP_LINK = 'backup_link';
    /** Outside what a backup of part of the site holds. */
    public const OUTSIDE = 'outside';
    /** The backup does not hold it (or left it out). */
    public const NOT_IN_BACKUP = 'not_in_backup';
    /** A foreign key links it with a table not on the list (in the backup or on the site): both, or neither. */
    public const FOREIGN_KEY = 'foreign_key';
    /** The site has a view of its name, which the switch cannot set aside. */
    public const LIVE_VIEW = 'live_view';

    private function __construct(
        string $message,
        public readonly string $problem,
        public readonly string $item,
        public readonly bool $isTable,
        public readonly string $linked = '',
    ) {
        parent::__construct($message);
    }

    public static function path(string $problem, string $path, string $detail): self
    {
        return new self('Cannot restore ' . UnsafePath::shown($path) . ': ' . $detail . '.', $problem, $path, false);
    }

    public static function table(string $problem, string $table, string $detail, string $linked = ''): self
    {
        $message = 'Cannot restore the table ' . UnsafePath::shown($table) . ': ' . $detail . '.';
        return new self($message, $problem, $table, true, $linked);
    }

    /** Whether what was asked for is not in the backup (rather than may not be asked for). */
    public function isNotFound(): bool
    {
        return self::NOT_IN_BACKUP === $this->problem || self::OUTSIDE === $this->problem;
    }
}
