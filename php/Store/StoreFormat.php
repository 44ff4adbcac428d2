<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/**
 * format.json at the root of a store says which layout it uses. Newer code reads every older
 * format; older code refuses to write into a newer store rather than damage what it does not understand.
 */
final class StoreFormat
{
    public const CURRENT = 1;
    public const FILE    = 'format.json';
    private const KIND   = 'site-backups-store';

    public static function read(string $root): int
    {
        $path = $root . '/' . self::FILE;
        $json = @file_get_contents($path);
        if (false === $json) {
            throw new StoreException("No backup store at $root (format.json missing).");
        }
        $data = json_decode($json, true);
        if (!is_array($data) || self::KIND !== ($data['kind'] ?? null) || !is_int($data['version'] ?? null) || $data['version'] < 1) {
            throw new StoreException("The backup store at $root has an unreadable format.json.");
        }
        return $data['version'];
    }

    public static function writeIfMissing(string $root): void
    {
        if (!is_file($root . '/' . self::FILE)) {
            Durable::writeFile(
                $root . '/' . self::FILE,
                json_encode(['kind' => self::KIND, 'version' => self::CURRENT], JSON_PRETTY_PRINT) . "\n"
            );
        }
    }

    public static function assertWritable(int $version, string $root): void
    {
        if ($version > self::CURRENT) {
            throw new StoreException(
                sprintf('The backup store at %s uses format %d, newer than this plugin understands (%d). Update the plugin before writing to it.', $root, $version, self::CURRENT)
            );
        }
    }
}
