<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Files;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Files\TreeWalker;
use SiteBackups\Engine\Store\Durable;

/** A site's parts kept outside its WordPress folder, seen as one tree in the standard layout. */
final class SiteTreeTest extends TestCase
{
    private string $tmp;

    protected function setUp(): void
    {
        $this->tmp = sys_get_temp_dir() . '/sb-sitetree-' . bin2hex(random_bytes(6));
        // Bedrock's layout: web/ is served, WordPress in web/wp, wp-content in web/app, uploads on another path.
        foreach (['web/wp/wp-admin', 'web/wp/wp-content/themes/core-theme', 'web/app/plugins/hello', 'web/app/themes/t', 'media/2026'] as $dir) {
            mkdir($this->tmp . '/' . $dir, 0755, true);
        }
        foreach (['web/index.php', 'web/wp-config.php', 'web/wp/wp-load.php', 'web/app/plugins/hello/hello.php', 'media/2026/a.jpg'] as $file) {
            file_put_contents($this->tmp . '/' . $file, $file);
        }
    }

    protected function tearDown(): void
    {
        Durable::removeTree($this->tmp);
    }

    public function testAWalkHoldsEveryFileOfTheSiteOnceInTheStandardLayout(): void
    {
        $paths = $this->walk($this->bedrock());

        $this->assertSame([
            '.site-backups-home',
            '.site-backups-home/index.php',
            '.site-backups-home/wp-config.php',
            'wp-admin',
            'wp-content',
            'wp-content/plugins',
            'wp-content/plugins/hello',
            'wp-content/plugins/hello/hello.php',
            'wp-content/themes',
            'wp-content/themes/t',
            'wp-content/uploads',
            'wp-content/uploads/2026',
            'wp-content/uploads/2026/a.jpg',
            'wp-load.php',
        ], $paths, "WordPress's own wp-content and the folders already grafted elsewhere are not walked twice");
    }

    public function testCanonicalPathsResolveToWhereTheSiteKeepsThemAndBack(): void
    {
        $tree = $this->bedrock();

        $this->assertSame($this->tmp . '/web/app/plugins/hello/hello.php', $tree->absolute('wp-content/plugins/hello/hello.php'));
        $this->assertSame($this->tmp . '/media/2026/a.jpg', $tree->absolute('wp-content/uploads/2026/a.jpg'));
        $this->assertSame($this->tmp . '/web/index.php', $tree->absolute('.site-backups-home/index.php'));
        $this->assertSame([$this->tmp . '/media', '2026/a.jpg'], $tree->locate('wp-content/uploads/2026/a.jpg'));
        $this->assertSame([$this->tmp . '/web/app', ''], $tree->locate('wp-content'));

        $this->assertSame('wp-content/uploads/2026/a.jpg', $tree->relativeOf($this->tmp . '/media/2026/a.jpg'));
        $this->assertSame('.site-backups-home/wp-config.php', $tree->relativeOf($this->tmp . '/web/wp-config.php'));
        $this->assertSame('wp-load.php', $tree->relativeOf($this->tmp . '/web/wp/wp-load.php'));
        $this->assertNull($tree->relativeOf($this->tmp . '/web/wp/wp-content/themes'), 'hidden behind the wp-content mount');
        $this->assertNull($tree->relativeOf($this->tmp), 'outside every part of the site');
        $this->assertTrue($tree->isMountPoint('wp-content/uploads'));
        $this->assertFalse($tree->isMountPoint('wp-content/themes'));
    }

    public function testFoldersWhereTheStandardLayoutPutsThemAnywayAreNoMounts(): void
    {
        $root = $this->tmp . '/web/wp';
        $tree = SiteTree::withFolders($root, ['wp-content' => $root . '/wp-content', 'wp-content/uploads' => $root . '/wp-content/uploads/']);

        $this->assertFalse($tree->hasMounts());
        $this->assertSame(['' => $root], $tree->toArray());
    }

    public function testTheHomeFolderIsReservedInASiteAndUnmappedWhereTheSiteHasNone(): void
    {
        $root = $this->tmp . '/web/wp';
        mkdir($root . '/' . SiteTree::HOME);
        $plain = SiteTree::withFolders($root, []);

        $this->assertNotContains(SiteTree::HOME, $this->walk($plain), 'a folder of that name in WordPress could be taken for the home folder');
        $this->assertTrue($plain->isUnmapped(SiteTree::HOME . '/index.php'));
        $this->assertFalse($this->bedrock()->isUnmapped(SiteTree::HOME . '/index.php'));
        $this->assertContains(SiteTree::HOME, $this->walk(SiteTree::at($root)), 'a plain folder (a staging area) reserves nothing');
    }

    public function testItSurvivesTheTripThroughAStateFile(): void
    {
        $tree = $this->bedrock();
        $this->assertSame($tree->toArray(), SiteTree::fromArray(json_decode((string) json_encode($tree->toArray()), true))->toArray());
    }

    /** @return iterable<string, array{string}> */
    public static function badPrefixes(): iterable
    {
        yield 'parent' => ['wp-content/../..'];
        yield 'empty part' => ['wp-content//uploads'];
        yield 'dot' => ['./wp-content'];
        yield 'backslash' => ['wp-content\\uploads'];
        yield 'inside home' => [SiteTree::HOME . '/x'];
    }

    #[DataProvider('badPrefixes')]
    public function testAPrefixMustBeAPlainPathOfTheSite(string $prefix): void
    {
        $this->expectException(\InvalidArgumentException::class);
        SiteTree::withFolders($this->tmp . '/web/wp', [$prefix => $this->tmp . '/media']);
    }

    public function testAFolderMustBeAbsolute(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        SiteTree::withFolders($this->tmp . '/web/wp', ['wp-content/uploads' => 'media']);
    }

    private function bedrock(): SiteTree
    {
        return SiteTree::withFolders($this->tmp . '/web/wp', [
            'wp-content'         => $this->tmp . '/web/app',
            'wp-content/plugins' => $this->tmp . '/web/app/plugins',
            'wp-content/uploads' => $this->tmp . '/media',
            SiteTree::HOME       => $this->tmp . '/web',
        ]);
    }

    /** @return list<string> */
    private function walk(SiteTree $tree): array
    {
        $walker = TreeWalker::resumeAfter($tree, null, false);
        $paths  = [];
        while (null !== ($path = $walker->next())) {
            $paths[] = $path;
            if (is_dir($tree->absolute($path)) && !is_link($tree->absolute($path))) {
                $walker->enter($path);
            }
        }
        return $paths;
    }
}
