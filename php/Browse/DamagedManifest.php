<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Store\StoreException;

/**
 * A list of the backup cannot be read as the format writes it: a line that is not an entry, paths out
 * of order, a chunk list line without a hash, a file whose chunks do not add up to its size.
 */
final class DamagedManifest extends StoreException
{
    public static function line(string $what, string $why): self
    {
        return new self('The backup is damaged: its ' . $what . ' holds a line that cannot be read (' . $why . ').');
    }

    public static function outOfOrder(string $path, string $previous): self
    {
        return new self(
            'The backup is damaged: its list of files holds ' . UnsafePath::shown($path)
            . ' after ' . UnsafePath::shown($previous) . ', out of order.'
        );
    }

    public static function emptyPiece(int $index): self
    {
        return new self('The backup is damaged: piece ' . $index . ' of its list of files is empty.');
    }

    public static function fileSize(string $path, int $expected, int $found): self
    {
        return new self(sprintf(
            'The backup is damaged: %s should hold %d bytes, its stored parts hold %s.',
            UnsafePath::shown($path),
            $expected,
            $found > $expected ? 'more' : $found . ' bytes'
        ));
    }
}
