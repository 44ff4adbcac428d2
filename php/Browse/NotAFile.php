<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Read\UnsafePath;

/** A path the backup holds whose content cannot be read out: a folder, a symbolic link (never followed), a path left out. */
final class NotAFile extends \RuntimeException
{
    public function __construct(public readonly string $path, string $what)
    {
        parent::__construct(UnsafePath::shown($path) . ' is not a file of the backup: it is ' . $what . '.');
    }
}
