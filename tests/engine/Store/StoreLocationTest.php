<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ServedFolders;
use SiteBackups\Engine\Store\StoreLocation;
use SiteBackups\Tests\Engine\Support\FileTree;

/**
 * Where a new store goes: outside every folder a web server may serve, else an unguessable folder
 * in wp-content. Each case is a real folder layout in a temp folder.
 */
final class StoreLocationTest extends TestCase
{
	private const GUARDED = '~/wp-content/site-backups-[0-9a-f]{24}$~';

	private string $tmp;
	private ?string $mount = null;

	protected function setUp(): void
	{
		$this->tmp = (string) realpath(sys_get_temp_dir()) . '/sb-location-' . bin2hex(random_bytes(6));
		mkdir($this->tmp);
	}

	protected function tearDown(): void
	{
		if (null !== $this->mount) {
			exec('umount ' . escapeshellarg($this->mount) . ' 2>&1', $output, $status);
			if (0 !== $status) {
				exec('umount -l ' . escapeshellarg($this->mount) . ' 2>&1');
			}
		}
		FileTree::makeWritable($this->tmp);
		Durable::removeTree($this->tmp);
	}

	public function testWordPressAtTheDocumentRootKeepsItsStoreBesideIt(): void
	{
		$site = $this->wordPress('home/public_html');

		$served = new ServedFolders($site, ['/', '/'], $site);

		$this->assertSame($this->tmp . '/home/site-backups-store', StoreLocation::choose($served, $site . '/wp-content'));
		$this->assertFalse($served->serves($this->tmp . '/home/site-backups-store'));
	}

	public function testWordPressInASubfolderOfTheDocumentRootKeepsItsStoreAboveTheDocumentRoot(): void
	{
		$site = $this->wordPress('home/public_html/wp'); // http://example.com/wp/, nothing else in public_html

		$served = new ServedFolders($site, ['/wp', '/wp/'], null);

		$this->assertContains($this->tmp . '/home/public_html', $served->folders());
		$this->assertTrue($served->serves($this->tmp . '/home/public_html/site-backups-store'), 'beside the WordPress folder is served');
		$this->assertSame($this->tmp . '/home/site-backups-store', StoreLocation::choose($served, $site . '/wp-content'));
	}

	public function testBedrockKeepsItsStoreBesideTheWebFolder(): void
	{
		$site = $this->wordPress('srv/app/web/wp'); // WordPress at /wp, the site at / (web/index.php)
		file_put_contents($this->tmp . '/srv/app/web/index.php', "<?php require __DIR__ . '/wp/wp-blog-header.php';\n");
		file_put_contents($this->tmp . '/srv/app/web/wp-config.php', "<?php\n");
		mkdir($this->tmp . '/srv/app/config');

		$served = new ServedFolders($site, ['/wp', '/'], null);

		$this->assertTrue($served->serves($this->tmp . '/srv/app/web/site-backups-store'));
		$this->assertSame($this->tmp . '/srv/app/site-backups-store', StoreLocation::choose($served, $this->tmp . '/srv/app/web/app'));
	}

	public function testAStagingSiteInsideProductionsFolderKeepsItsStoreInAnUnguessableFolder(): void
	{
		$this->wordPress('home/public_html');                   // production, http://example.com/
		$staging = $this->wordPress('home/public_html/staging'); // http://staging.example.com/

		$served = new ServedFolders($staging, ['/', '/'], $staging);

		$this->assertTrue($served->serves($this->tmp . '/home/public_html/site-backups-store'), "production's folder is served");
		$this->assertMatchesRegularExpression(self::GUARDED, StoreLocation::choose($served, $staging . '/wp-content'));
		$this->assertStringStartsWith($staging . '/wp-content/', StoreLocation::choose($served, $staging . '/wp-content'));
	}

	public function testAStagingSiteServedFromTheFolderAboveProductionIsTakenIntoAccount(): void
	{
		$production = $this->wordPress('home/www/live');    // http://live.example.com/
		$staging    = $this->wordPress('home/www/staging'); // http://example.com/staging/: www is served
		$alone      = new ServedFolders($production, ['/', '/'], null);
		$this->assertSame($this->tmp . '/home/www/site-backups-store', StoreLocation::choose($alone, $production . '/wp-content'));

		$withStaging = new ServedFolders($production, ['/', '/'], null, [$staging => ['/staging/']]);

		$this->assertTrue($withStaging->serves($this->tmp . '/home/www/site-backups-store'));
		$this->assertSame($this->tmp . '/home/site-backups-store', StoreLocation::choose($withStaging, $production . '/wp-content'));
	}

	public function testTheDocumentRootTheWebServerReportsCounts(): void
	{
		$site = $this->wordPress('srv/sites/one'); // served at / by a host whose document root is srv/sites

		$without = new ServedFolders($site, ['/', '/'], null);
		$with    = new ServedFolders($site, ['/', '/'], $this->tmp . '/srv/sites');

		$this->assertSame($this->tmp . '/srv/sites/site-backups-store', StoreLocation::choose($without, $site . '/wp-content'));
		$this->assertSame($this->tmp . '/srv/site-backups-store', StoreLocation::choose($with, $site . '/wp-content'));
		$this->assertMatchesRegularExpression(self::GUARDED, StoreLocation::choose(new ServedFolders($site, ['/'], '/'), $site . '/wp-content'), 'a server that serves everything');
	}

	public function testTheDocumentRootIsTakenFromAWebRequestOnly(): void
	{
		$this->assertSame('/srv/www', ServedFolders::documentRootFrom(['DOCUMENT_ROOT' => '/srv/www'], 'fpm-fcgi'));
		$this->assertSame('/srv/www', ServedFolders::documentRootFrom(['DOCUMENT_ROOT' => '/srv/www'], 'apache2handler'));
		$this->assertNull(ServedFolders::documentRootFrom(['DOCUMENT_ROOT' => '/'], 'cli'), "the shell's environment says nothing about the web server");
		$this->assertNull(ServedFolders::documentRootFrom(['DOCUMENT_ROOT' => ''], 'fpm-fcgi'));
		$this->assertNull(ServedFolders::documentRootFrom([], 'fpm-fcgi'));
	}

	public function testTheDocumentRootOfAUrlPath(): void
	{
		$this->assertSame('/srv/public_html', ServedFolders::documentRootOf('/srv/public_html/wp', '/wp/'));
		$this->assertSame('/srv/public_html', ServedFolders::documentRootOf('/srv/public_html/a b/wp', '/a%20b/wp'));
		$this->assertSame('/srv/public_html', ServedFolders::documentRootOf('/srv/public_html', '/'));
		$this->assertNull(ServedFolders::documentRootOf('/srv/wordpress', '/blog'), 'an alias: the document root is unknown');
		$this->assertSame('/', ServedFolders::documentRootOf('/wp', '/wp'));
	}

	public function testAParentThatCannotBeWrittenFallsBackToAnUnguessableFolderInWpContent(): void
	{
		$parent = $this->readOnlyFolderWith('public_html');
		$site   = $parent . '/public_html';

		$chosen = StoreLocation::choose(new ServedFolders($site, ['/', '/'], $site), $site . '/wp-content');

		$this->assertMatchesRegularExpression(self::GUARDED, $chosen);
		$this->assertStringStartsWith($site . '/wp-content/', $chosen);
	}

	public function testAStoreThatIsAlreadyThereIsFoundAgain(): void
	{
		$parent = $this->readOnlyFolderWith('public_html', function (string $site): void {
			BackupStore::create($site . '/wp-content/site-backups-' . bin2hex(random_bytes(12)));
			BackupStore::create(dirname($site) . '/site-backups-store');
		});
		$site   = $parent . '/public_html';
		$served = new ServedFolders($site, ['/', '/'], $site);

		$this->assertSame($parent . '/site-backups-store', StoreLocation::choose($served, $site . '/wp-content'), 'a store outside is kept though its folder is read-only now');

		$insideOnly = new ServedFolders($site, ['/', '/'], '/'); // nowhere outside
		$inside     = StoreLocation::choose($insideOnly, $site . '/wp-content');
		$this->assertMatchesRegularExpression(self::GUARDED, $inside);
		$this->assertSame($inside, StoreLocation::choose($insideOnly, $site . '/wp-content'), 'the store inside is found again');
		$this->assertFileExists($inside . '/format.php');
	}

	public function testUnderOpenBasedirTheStoreIsFoundWithoutLookingOutsideIt(): void
	{
		$site  = $this->wordPress('home/public_html');
		$store = $this->tmp . '/home/site-backups-store';
		BackupStore::create($store);
		// A host's open_basedir: the site, the store, the temporary folder; not the folder above them.
		$script = sprintf(
			'require %s; $site = %s; $served = new %s($site, ["/", "/"], $site); echo %s::choose($served, $site . "/wp-content");',
			var_export(dirname(__DIR__, 3) . '/vendor/autoload.php', true),
			var_export($site, true),
			ServedFolders::class,
			StoreLocation::class
		);
		$allowed = implode(':', [$site . '/', $store . '/', dirname(__DIR__, 3) . '/']);
		exec(sprintf('php -d open_basedir=%s -d display_errors=stderr -d error_reporting=-1 -r %s 2>&1', escapeshellarg($allowed), escapeshellarg($script)), $output, $status);

		$this->assertSame(0, $status, implode("\n", $output));
		$this->assertSame([$store], $output, 'the store is chosen, and nothing warns of a look outside open_basedir');
	}

	/** A folder with what makes it a WordPress: its core files, an index page and wp-content. */
	private function wordPress(string $relative): string
	{
		$dir = $this->tmp . '/' . $relative;
		mkdir($dir . '/wp-content', 0755, true);
		file_put_contents($dir . '/wp-load.php', "<?php\n");
		file_put_contents($dir . '/index.php', "<?php\n");
		return $dir;
	}

	/** A folder holding a WordPress that this process cannot write to, even as root (a read-only mount). */
	/** @param (callable(string): void)|null $prepare gets the site's folder before the mount turns read-only */
	private function readOnlyFolderWith(string $site, ?callable $prepare = null): string
	{
		$dir = $this->tmp . '/read-only';
		mkdir($dir);
		if (function_exists('posix_geteuid') && 0 !== posix_geteuid()) {
			$this->wordPressIn($dir, $site, $prepare);
			chmod($dir, 0555);
			return $dir;
		}
		exec('mount -t tmpfs -o size=1m tmpfs ' . escapeshellarg($dir) . ' 2>&1', $output, $status);
		if (0 !== $status) {
			$this->markTestSkipped('cannot mount a tmpfs here: ' . implode(' ', $output));
		}
		$this->mount = $dir;
		$this->wordPressIn($dir, $site, $prepare);
		exec('mount -o remount,ro ' . escapeshellarg($dir) . ' 2>&1', $output, $status);
		$this->assertSame(0, $status, implode(' ', $output));
		$this->assertFalse(is_writable($dir));
		return $dir;
	}

	private function wordPressIn(string $dir, string $site, ?callable $prepare): void
	{
		$root = $this->wordPress(substr($dir, strlen($this->tmp) + 1) . '/' . $site);
		if (null !== $prepare) {
			$prepare($root);
		}
	}
}
