<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\DurableRenames;
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

    /**
     * Puts the fetched file at $temp (closed) in $arrived to become object $hash, once it is checked
     * to hold that object whole: a corrupt one never has the name, even for a moment.
     *
     * @throws OffsiteException when it does not hold object $hash; the file is left to the caller
     */
    public static function arrive(BackupStore $store, string $temp, string $hash, DurableRenames $arrived): void
    {
        $objects = $store->objects();
        if (ObjectState::Ok !== $objects->checkAt($temp, $hash)) {
            throw new OffsiteException(
                "The off-site copy of object $hash is corrupt: its content does not match its name."
            );
        }
        $arrived->add($temp, $objects->pathFor($hash));
    }
}
