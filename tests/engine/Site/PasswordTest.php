<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

/** The database password never reaches the store: not in state, records, manifests or objects. */
final class PasswordTest extends SiteTestCase
{
	private const MARKER = 'marker-stored-in-the-database';

	public function testTheDatabasePasswordIsNowhereInTheStore(): void
	{
		$password = $this->config->password();
		$this->assertGreaterThanOrEqual(6, strlen($password), 'a test password long enough to search for');
		file_put_contents($this->site . '/index.php', "<?php\n// front\n");
		mkdir($this->site . '/wp-content/uploads', 0755, true);
		file_put_contents($this->site . '/wp-content/uploads/a.txt', str_repeat('upload ', 100));
		self::createWordPressTables($this->db, 500);
		$this->db->execute("UPDATE wp_options SET option_value = '" . self::MARKER . "' WHERE option_name = 'blogname'");

		$backups = $this->backups();
		$id      = $backups->beginBackup($this->environment(), 'manual', 'note', '6.8', '0.1.0');
		do {
			$progress = $backups->step($id, 0.01);
		} while (!str_starts_with($progress->phase, 'source:') && !$progress->isReady());
		$backups->step($id, 0.01);
		$this->assertFalse($progress->isReady(), 'the store is searched while a backup is pending');
		$this->assertNotFound($password, 'while the backup is pending');

		do {
			$progress = $backups->step($id, 1.0);
		} while (!$progress->isReady());
		$backups->publish($id);
		[$files, $objects] = $this->assertNotFound($password, 'once published');
		$this->assertGreaterThan(20, $objects);
		$this->assertGreaterThan($objects, $files);
		[, , $plainHits] = $this->search(self::MARKER);
		$this->assertGreaterThan(0, $plainHits, 'the search does see what the objects hold');
	}

	/** @return array{0: int, 1: int} files and objects searched */
	private function assertNotFound(string $needle, string $when): array
	{
		[$files, $objects, $hits, $where] = $this->search($needle);
		$this->assertSame(0, $hits, "the password is in the store $when: " . implode(', ', $where));
		return [$files, $objects];
	}

	/**
	 * Searches every file of the store as stored, and every object's plaintext (they may be compressed).
	 * @return array{0: int, 1: int, 2: int, 3: list<string>} files, objects, hits and where
	 */
	private function search(string $needle): array
	{
		$files   = 0;
		$hits    = 0;
		$where   = [];
		$entries = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($this->storeDir, \FilesystemIterator::SKIP_DOTS));
		foreach ($entries as $path => $info) {
			$files++;
			if (false !== stripos((string) file_get_contents($path), $needle) || false !== stripos((string) $path, $needle)) {
				$hits++;
				$where[] = $path;
			}
		}
		$objects = 0;
		$store   = $this->backups()->store()->objects();
		foreach ($store->all() as $hash => $unused) {
			$objects++;
			$reader = $store->reader($hash);
			$plain  = '';
			while (null !== ($block = $reader->read())) {
				$plain .= $block;
			}
			if (false !== stripos($plain, $needle)) {
				$hits++;
				$where[] = 'object ' . $hash;
			}
		}
		return [$files, $objects, $hits, $where];
	}
}
