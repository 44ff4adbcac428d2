<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Read\UnsafePath;

/** What was asked for is not in the backup: the backup itself, or a path, or a folder at that path. */
final class NotFound extends \RuntimeException
{
    private function __construct(string $message, public readonly string $path)
    {
        parent::__construct($message);
    }

    public static function snapshot(string $id): self
    {
        return new self('There is no backup ' . $id . '.', '');
    }

    public static function path(string $path): self
    {
        return new self('The backup holds nothing at ' . UnsafePath::shown($path) . '.', $path);
    }

    /** A path the backup holds, but not as a folder whose contents it keeps. */
    public static function notAFolder(string $path, string $what): self
    {
        return new self(UnsafePath::shown($path) . ' is not a folder of the backup: it is ' . $what . '.', $path);
    }

    /** A path below something that holds nothing: a symbolic link (never followed), a file, a path left out. */
    public static function below(string $path, string $holder, string $what): self
    {
        return new self(
            'The backup holds nothing at ' . UnsafePath::shown($path) . ': '
            . UnsafePath::shown($holder) . ' is ' . $what . '.',
            $path
        );
    }
}
