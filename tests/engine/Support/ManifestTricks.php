<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\BackupStore;

/**
 * What someone who can write to a bucket might plant in a files manifest to make a restore or an
 * extracted download write outside the site, or through a link: each trick added to a copy of a
 * real snapshot, with the start of the message that must refuse it.
 */
final class ManifestTricks
{
    public const EVIL = "<?php // planted by whoever could write to the bucket\n";

    /** @return array<string, array{string}> for a data provider */
    public static function cases(): array
    {
        $names = [
            'symlink escape', 'below a regular file', 'parent part', 'absolute', 'drive letter', 'backslash',
            'same path twice', 'out of order', 'folder the backup does not hold', 'below a left-out folder',
            'control character', 'dot part',
        ];
        return array_combine($names, array_map(static fn (string $name): array => [$name], $names));
    }

    /**
     * Plants a copy of snapshot $id with the trick added.
     * @param string $outside an absolute folder outside the site, holding sub/x.php
     * @return array{0: string, 1: string, 2: list<string>} the planted snapshot's id, the start of the
     *         message that refuses it ("<path> <reason>"), and the paths it adds
     */
    public static function plant(BackupStore $store, string $id, string $outside, string $trick): array
    {
        $file = static fn (string $path): Entry => PlantedSnapshot::file($store, $path, self::EVIL);
        [$added, $sorted, $expected] = match ($trick) {
            'symlink escape' => [
                [PlantedSnapshot::symlink('a', $outside), $file('a/sub/x.php')],
                true,
                'a/sub/x.php is below a symbolic link (a)',
            ],
            'below a regular file' => [
                [PlantedSnapshot::file($store, 'f.txt', 'plain'), $file('f.txt/x.php')],
                true,
                'f.txt/x.php is below a file (f.txt)',
            ],
            'parent part' => [[$file('../x')], true, '../x has a ".." part'],
            // Not /etc/x: the tests may run as root, and a restore that failed to refuse would write there.
            'absolute' => [[$file($outside . '/sub/x.php')], true, $outside . '/sub/x.php is absolute'],
            'drive letter' => [[PlantedSnapshot::folder('C:'), $file('C:/x')], true, 'C: starts with a drive letter'],
            'backslash' => [[$file('..\\..\\x.php')], true, '..\\..\\x.php contains a backslash'],
            'same path twice' => [
                [PlantedSnapshot::folder('a'), PlantedSnapshot::symlink('a', $outside), $file('a/sub/x.php')],
                true,
                'a appears twice',
            ],
            // At the very end, after the last path of the site.
            'out of order' => [
                [PlantedSnapshot::symlink('b', $outside . '/sub'), $file('b/x.php')],
                false,
                'b is out of order: it comes after ',
            ],
            'folder the backup does not hold' => [
                [$file('ghost/x.php')],
                true,
                'ghost/x.php is in a folder the backup does not hold (ghost)',
            ],
            'below a left-out folder' => [
                [Entry::excluded('cached', Entry::DIR, 'excluded by a rule'), $file('cached/x.php')],
                true,
                'cached/x.php is below a path the backup left out (cached)',
            ],
            'control character' => [[$file("x\n.php")], true, 'x\\x0A.php contains a control character'],
            'dot part' => [[$file('wp-content/./x.php')], true, 'wp-content/./x.php has a "." part'],
        };
        $planted = PlantedSnapshot::tampered(
            $store,
            $id,
            static fn (array $entries): array => $sorted
                ? PlantedSnapshot::inPathOrder($entries, $added)
                : array_merge($entries, $added)
        );
        return [$planted->id, $expected, array_map(static fn (Entry $entry): string => $entry->path, $added)];
    }
}
