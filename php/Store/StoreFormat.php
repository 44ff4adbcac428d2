<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

/**
 * format.php at the root of a store (a GuardedFile holding {"kind":"site-backups-store","version":N})
 * says which layout it uses. Newer code reads every released format; older code refuses to write
 * into a newer store rather than damage what it does not understand.
 *
 * Version 2 is the first released layout: every file under objects/, snapshots/, pending/ and tmp/
 * is a guarded .php file. Version 1 (plain files and format.json) only ever existed in development
 * builds and is refused with a clear message.
 */
final class StoreFormat
{
    public const CURRENT = 2;
    public const FILE    = 'format.php';
    private const LEGACY_FILE = 'format.json';
    private const KIND   = 'site-backups-store';

    public static function read(string $root): int
    {
        $path = $root . '/' . self::FILE;
        $json = GuardedFile::read($path);
        if (null === $json) {
            if (is_file($root . '/' . self::LEGACY_FILE)) {
                throw new StoreException(
                    "The backup store at $root was made by a development build (format 1) and cannot be read; "
                    . 'move it aside and let the plugin create a new store.'
                );
            }
            throw new StoreException("No backup store at $root (" . self::FILE . ' missing).');
        }
        $data = json_decode($json, true);
        if (
            !is_array($data) || self::KIND !== ($data['kind'] ?? null)
            || !is_int($data['version'] ?? null) || $data['version'] < self::CURRENT
        ) {
            throw new StoreException("The backup store at $root has an unreadable " . self::FILE . '.');
        }
        return $data['version'];
    }

    /** Whether $root holds a store: a format.php this code can read (any released version). */
    public static function isStoreAt(string $root): bool
    {
        try {
            self::read(rtrim($root, '/'));
            return true;
        } catch (StoreException) {
            return false;
        }
    }

    public static function writeIfMissing(string $root): void
    {
        if (!is_file($root . '/' . self::FILE)) {
            if (is_file($root . '/' . self::LEGACY_FILE)) {
                self::read($root); // explains why a development store is not taken over
            }
            GuardedFile::write($root . '/' . self::FILE, self::contents(self::CURRENT));
        }
    }

    /** What format.php holds after its guard line for a given version. */
    public static function contents(int $version): string
    {
        $data = ['kind' => self::KIND, 'version' => $version];
        return json_encode($data, JSON_PRETTY_PRINT | JSON_THROW_ON_ERROR) . "\n";
    }

    public static function assertWritable(int $version, string $root): void
    {
        if ($version > self::CURRENT) {
            throw new StoreException(sprintf(
                'The backup store at %s uses format %d, newer than this plugin understands (%d). '
                . 'Update the plugin before writing to it.',
                $root,
                $version,
                self::CURRENT
            ));
        }
    }
}
