<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreProtection;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

/**
 * A store that has to live inside the web root of a real site (nginx + PHP-FPM: no .htaccess)
 * serves none of its bytes: every file is a guarded .php file, and folders are not listed.
 */
final class WebExposureTest extends TestCase
{
	private const SECRET_PHP = "<?php\ndefine('DB_PASSWORD', 'leaked-if-served');\n<?= syntax error ( \$x";

	private string $storeDir = '';
	private string $site = '';

	protected function tearDown(): void
	{
		foreach ([$this->storeDir, $this->site] as $dir) {
			if ('' !== $dir) {
				Durable::removeTree($dir);
			}
		}
	}

	public function testNothingTheStoreWritesCanBeFetchedOverHttp(): void
	{
		$webRoot = getenv('SITE_BACKUPS_WP_ROOT') ?: '';
		$url     = rtrim(getenv('SITE_BACKUPS_WP_URL') ?: '', '/');
		if ('' === $url || !is_dir($webRoot . '/wp-content')) {
			self::fail('SITE_BACKUPS_WP_URL and SITE_BACKUPS_WP_ROOT must name the running test site (tests/stack/run-suite.sh engine sets them).');
		}
		$name           = 'site-backups-' . bin2hex(random_bytes(12));
		$this->storeDir = $webRoot . '/wp-content/' . $name;
		$this->site     = sys_get_temp_dir() . '/sb-web-' . bin2hex(random_bytes(6));
		$this->buildSite();
		$store = BackupStore::create($this->storeDir);

		$runner = new BackupRunner($store, [new FakeTableSource(['wp_options' => 40, 'wp_posts' => 300], 50)]);
		$runner->begin(new BackupRequest($this->site, chunkBytes: 8192));
		while (!$runner->step(1)->isReady()) {
		}
		$runner->publish();
		// A second backup left pending: its state, manifest parts and chunk buffer are on disk too.
		$pending = new BackupRunner($store, [new FakeTableSource(['wp_options' => 40, 'wp_posts' => 3000], 50, 2000)], null, 0.0);
		$id      = $pending->begin(new BackupRequest($this->site, chunkBytes: 8192, parentId: false));
		do {
			$progress = $pending->step(0.01);
		} while ('source:database' !== $progress->phase);
		$pending->step(0.01); // at least one database chunk
		$this->assertFileExists($this->storeDir . '/pending/' . $id . '/state.php');
		$this->assertFileExists($this->storeDir . '/pending/' . $id . '/chunk.php');

		$requested = 0;
		$folders   = [''];
		$iterator  = new \RecursiveIteratorIterator(
			new \RecursiveDirectoryIterator($this->storeDir, \FilesystemIterator::SKIP_DOTS),
			\RecursiveIteratorIterator::SELF_FIRST
		);
		foreach ($iterator as $path => $info) {
			$relative = substr((string) $path, strlen($this->storeDir) + 1);
			if ($info->isDir()) {
				$folders[] = $relative;
				continue;
			}
			if (!str_contains($relative, '/') && isset(StoreProtection::files()[$relative])) {
				continue; // the deny rules and the empty index hold nothing of the site
			}
			$bytes = (string) file_get_contents((string) $path);
			$this->assertStringStartsWith(GuardedFile::GUARD, $bytes, "$relative is guarded");
			$this->assertStringEndsWith('.php', $relative);
			$stored = [substr($bytes, GuardedFile::length())];
			if (str_starts_with($relative, 'objects/')) {
				$stored[] = $store->objects()->readSmall(basename($relative, '.php'));
			}
			$this->assertNotServed($url . '/wp-content/' . $name . '/' . $relative, $stored);
			$requested++;
		}
		foreach ($folders as $folder) {
			$this->assertNotServed($url . '/wp-content/' . $name . '/' . ('' === $folder ? '' : $folder . '/'), []);
		}
		$this->assertGreaterThan(20, $requested);
		$this->assertContains('snapshots', $folders);
		$this->assertContains('pending/' . $id, $folders);
		$pending->cancel();
	}

	/** @param list<string> $stored what the file holds; none of it may come back */
	private function assertNotServed(string $url, array $stored): void
	{
		$context = stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 10, 'follow_location' => 0]]);
		$body    = @file_get_contents($url, false, $context);
		$this->assertIsString($body, "no answer for $url");
		$status = (int) explode(' ', $http_response_header[0] ?? '')[1];
		$this->assertContains($status, [200, 403, 404], "$url answered $status");
		if (200 === $status) {
			$this->assertSame('', $body, "$url answered a non-empty page");
		}
		foreach ([...$stored, 'leaked-if-served', 'DB_PASSWORD', 'INSERT INTO'] as $content) {
			if (strlen($content) >= 8) {
				$this->assertStringNotContainsString($content, $body, "$url served stored bytes");
			}
		}
	}

	private function buildSite(): void
	{
		mkdir($this->site . '/wp-content/uploads', 0755, true);
		file_put_contents($this->site . '/wp-config.php', self::SECRET_PHP);
		file_put_contents($this->site . '/wp-content/uploads/notes.txt', str_repeat("private note\n", 300));
		file_put_contents($this->site . '/wp-content/uploads/photo.jpg', random_bytes(20000));
		for ($i = 0; $i < 10; $i++) {
			file_put_contents($this->site . "/wp-content/uploads/file-$i.php", "<?php\nnamespace Leak$i;\necho 'file $i';\n" . self::SECRET_PHP);
		}
	}
}
