<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.rename_rename, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ObjectState;
use SiteBackups\Engine\Store\TempFiles;

/** An object fetched from the bucket, taken into the local store only if its content matches its name. */
final class IncomingObject
{
    /** @return array{string, resource} a new temporary file of the store to fetch into, and its path */
    public static function temp(BackupStore $store): array
    {
        $path = TempFiles::name($store->tempDir(), 'fetch');
        Durable::makeDir(dirname($path));
        $file = Durable::open($path, 'x+b');
        if (false === $file) {
            throw new OffsiteException('Could not write into the local store.');
        }

        return [$path, $file];
    }

    /** Moves the fetched file at $temp into place as object $hash, or throws and leaves nothing. */
    public static function keep(BackupStore $store, string $temp, string $hash): void
    {
        $objects = $store->objects();
        $path = $objects->pathFor($hash);
        Durable::makeDir(dirname($path));
        if (!@rename($temp, $path)) {
            throw new OffsiteException('Could not write into the local store.');
        }
        if (ObjectState::Ok !== $objects->check($hash)) {
            @unlink($path);
            throw new OffsiteException(
                "The off-site copy of object $hash is corrupt: its content does not match its name."
            );
        }
    }
}
