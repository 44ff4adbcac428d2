<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Support\MemoryDisk;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/**
 * Sites whose files do not all live in the WordPress folder: Bedrock (WordPress in web/wp, served
 * from web/, wp-content in web/app), uploads on another path and another file system. Backups
 * hold every file once, in the standard layout; restores put each back where the target keeps it.
 */
final class SiteLayoutsTest extends SiteTestCase
{
    private string $web;
    private string $app;
    private string $uploads;

    protected function setUp(): void
    {
        parent::setUp();
        $this->web     = $this->tmp . '/web';
        $this->site    = $this->web . '/wp';
        $this->app     = $this->web . '/app';
        // Another file system where the machine has one (a tmpfs): moving into place cannot rename there.
        $this->uploads = MemoryDisk::folder('sb-uploads-', 1 << 20, $this->tmp);
        $this->files([
            'wp/index.php'                            => "<?php // WordPress's own front controller",
            'wp/wp-load.php'                          => '<?php // core',
            'wp/wp-includes/version.php'              => '<?php $wp_version = "6.8";',
            'wp/wp-content/themes/core-theme/style.css' => 'the copy of wp-content that ships with WordPress',
            'index.php'                               => "<?php require __DIR__ . '/wp/wp-blog-header.php';",
            'wp-config.php'                           => "<?php // production's config",
            '.htaccess'                               => 'RewriteEngine On',
            'app/plugins/hello/hello.php'             => 'hello',
            'app/mu-plugins/loader.php'               => 'mu',
            'app/themes/t/style.css'                  => 'body{}',
        ]);
        mkdir($this->uploads . '/2026/11', 0755, true);
        file_put_contents($this->uploads . '/2026/11/photo.jpg', random_bytes(200000));
        file_put_contents($this->uploads . '/2026/11/notes.txt', 'notes');
    }

    protected function tearDown(): void
    {
        Durable::removeTree($this->uploads);
        parent::tearDown();
    }

    protected function environment(?DatabaseConfig $config = null): Environment
    {
        return new Environment(Environment::PRODUCTION, $this->site, 'https://example.test', $config ?? $this->config, null, $this->bedrockFolders());
    }

    public function testEveryFileOfABedrockSiteIsBackedUpOnceAndRestoredInItsPlace(): void
    {
        self::createWordPressTables($this->db, 20);
        $record = $this->backUpSite();

        $paths = array_map(fn ($entry): string => $entry->path, iterator_to_array((new SnapshotReader($this->backups()->store()))->entries($record->id), false));
        foreach (['.site-backups-home/index.php', '.site-backups-home/.htaccess', 'wp-load.php', 'wp-content/plugins/hello/hello.php', 'wp-content/mu-plugins/loader.php', 'wp-content/uploads/2026/11/photo.jpg'] as $path) {
            $this->assertContains($path, $paths);
        }
        $this->assertNotContains('wp-content/themes/core-theme/style.css', $paths, "WordPress's own wp-content is not the site's");
        $this->assertSame([], preg_grep('#^\.site-backups-home/(wp|app)(/|$)#', $paths), 'the parts grafted elsewhere are not walked twice');
        $this->assertSame(count($paths), count(array_unique($paths)));

        $before = $this->describeSite();
        $this->changeEveryPart();
        $this->assertNotSame($before, $this->describeSite());

        $this->restore($record->id, $this->environment()->tree());

        $this->assertSame($before, $this->describeSite());
        $this->assertSame("<?php // changed since", file_get_contents($this->web . '/wp-config.php'), 'the home folder\'s wp-config.php is protected');
        $this->assertSame('the copy of wp-content that ships with WordPress', file_get_contents($this->site . '/wp-content/themes/core-theme/style.css'));
        $this->assertSame([], glob($this->uploads . '/2026/11/.site-backups-move-*') ?: [], 'no copy left half-way on the other file system');
    }

    public function testABedrockBackupRestoresIntoASiteOfTheStandardLayout(): void
    {
        $record = $this->backUpSite();
        $plain  = $this->tmp . '/plain';
        $this->files([
            'plain/index.php'                   => "<?php // the target's front controller",
            'plain/wp-content/plugins/gone.php' => 'only in the target',
        ]);

        $this->restore($record->id, SiteTree::withFolders($plain, []));

        $this->assertSame('hello', file_get_contents($plain . '/wp-content/plugins/hello/hello.php'));
        $this->assertSame('notes', file_get_contents($plain . '/wp-content/uploads/2026/11/notes.txt'));
        $this->assertSame(hash_file('sha256', $this->uploads . '/2026/11/photo.jpg'), hash_file('sha256', $plain . '/wp-content/uploads/2026/11/photo.jpg'));
        $this->assertSame("<?php // WordPress's own front controller", file_get_contents($plain . '/index.php'), "WordPress's, not the home folder's: that has no place here");
        $this->assertFileDoesNotExist($plain . '/' . SiteTree::HOME);
        $this->assertFileDoesNotExist($plain . '/wp-content/plugins/gone.php');
    }

    public function testAStandardBackupRestoredIntoABedrockSiteLeavesItsHomeFolderAlone(): void
    {
        $plain = $this->tmp . '/plain';
        $this->files([
            'plain/wp-load.php'                     => '<?php // core',
            'plain/index.php'                       => "<?php // WordPress's own front controller",
            'plain/wp-content/plugins/other/o.php'  => 'other',
            'plain/wp-content/uploads/2025/old.txt' => 'old upload',
        ]);
        $backups = $this->backups($this->plainEnvironment($plain));
        $record  = $backups->beginBackup($this->plainEnvironment($plain));
        while (!$backups->step($record, 1.0)->isReady()) {
            // steps
        }
        $backups->publish($record);
        $home = self::describeTree($this->web, ['wp', 'app']);

        $this->restore($record, $this->environment()->tree());

        $this->assertSame($home, self::describeTree($this->web, ['wp', 'app']), 'index.php, wp-config.php and .htaccess above WordPress stay');
        $this->assertSame('other', file_get_contents($this->app . '/plugins/other/o.php'));
        $this->assertFileDoesNotExist($this->app . '/plugins/hello/hello.php');
        $this->assertSame('old upload', file_get_contents($this->uploads . '/2025/old.txt'));
        $this->assertFileDoesNotExist($this->uploads . '/2026/11/notes.txt');
    }

    /** @return array<string, string> */
    private function bedrockFolders(): array
    {
        return ['wp-content' => $this->app, 'wp-content/uploads' => $this->uploads, SiteTree::HOME => $this->web];
    }

    private function plainEnvironment(string $root): Environment
    {
        return new Environment(Environment::PRODUCTION, $root, 'https://example.test', $this->config);
    }

    private function changeEveryPart(): void
    {
        file_put_contents($this->uploads . '/2026/11/notes.txt', 'edited');
        file_put_contents($this->uploads . '/2026/11/added.txt', 'added');
        unlink($this->app . '/plugins/hello/hello.php');
        file_put_contents($this->app . '/themes/t/style.css', 'body{color:red}');
        file_put_contents($this->web . '/index.php', '<?php // replaced');
        file_put_contents($this->web . '/added-in-home.txt', 'x');
        file_put_contents($this->web . '/wp-config.php', '<?php // changed since');
        file_put_contents($this->site . '/wp-load.php', '<?php // edited core');
    }

    /** @return array<string, mixed> each part of the site, as a restore must bring it back */
    private function describeSite(): array
    {
        return [
            'home'    => self::describeTree($this->web, ['wp', 'app', 'wp-config.php']),
            'wp'      => self::describeTree($this->site, ['wp-content']),
            'app'     => self::describeTree($this->app),
            'uploads' => self::describeTree($this->uploads),
        ];
    }

    private function restore(string $id, SiteTree $target): void
    {
        RestoredCopy::files($this->backups()->store(), $id, $target, 0.0, fn (): ProtectedPaths => new ProtectedPaths(
            $target,
            ['wp-config.php'],
            [$this->storeDir, dirname($target->root()) . '/wp-config.php'],
            new ExclusionRules($this->storeDir)
        ));
    }

    /** @param array<string, string> $files paths under the test's folder => contents */
    private function files(array $files): void
    {
        foreach ($files as $path => $contents) {
            $path = str_starts_with($path, 'plain/') ? $this->tmp . '/' . $path : $this->web . '/' . $path;
            @mkdir(dirname($path), 0755, true);
            file_put_contents($path, $contents);
        }
    }
}
