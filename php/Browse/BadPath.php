<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Read\UnsafePath;

/**
 * A path asked for is not a plain relative name inside a backup (a "..", an absolute path, a NUL,
 * a backslash, an empty part...): the request itself is wrong, and nothing was read for it.
 */
final class BadPath extends \InvalidArgumentException
{
    public function __construct(public readonly string $path, public readonly string $reason)
    {
        parent::__construct('Not a path inside a backup: ' . UnsafePath::shown($path) . ' ' . $reason . '.');
    }
}
