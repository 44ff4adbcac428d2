<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Restore\FilesRestore;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/** Restores in place: the live tables and files become those of the snapshot; what is protected stays. */
final class SiteRestoreTest extends SiteTestCase
{
	private const PLUGIN = 'wp-content/plugins/site-backups';

	public function testADatabaseAndFilesRestoreBringsBackTheSiteAsItWasAndLeavesProtectedPathsAlone(): void
	{
		$excluded = $this->buildSite();
		self::createWordPressTables($this->db, 600);
		$record   = $this->backUpSite();
		$tree     = self::describeTree($this->site, array_merge($excluded, ['wp-config.php', self::PLUGIN]));
		$database = self::databaseState($this->db);

		$this->changeEverything();
		$this->assertNotSame($database, self::databaseState($this->db));
		$this->assertNotSame($tree, self::describeTree($this->site, array_merge($excluded, ['wp-config.php', self::PLUGIN])));

		$this->restoreDatabaseInSlices($record->id);
		$area = RestoredCopy::files($this->backups()->store(), $record->id, $this->site, 0.0, fn (): ProtectedPaths => $this->protectedPaths());
		$this->assertStringStartsWith(dirname($this->site) . '/site-.site-backups-restore-', $area, 'beside the site');

		$this->assertSame($database, self::databaseState($this->db));
		$this->assertSame(['1'], array_column($this->db->fetchAll('SELECT id FROM other_options'), 'id'), 'another prefix is left alone');
		$this->assertSame([], $this->leftovers());
		$this->assertSame($tree, self::describeTree($this->site, array_merge($excluded, ['wp-config.php', self::PLUGIN])));
		$this->assertSame("<?php\n// changed after the backup\n", file_get_contents($this->site . '/wp-config.php'));
		$this->assertSame('new version', file_get_contents($this->site . '/' . self::PLUGIN . '/site-backups.php'));
		$this->assertFileExists($this->site . '/wp-content/cache/page/new-since.html', 'excluded folders are kept as they are');
		$this->assertFileExists($this->site . '/wp-content/private-stuff/secret.txt');
		$this->assertSame([], glob(dirname($this->site) . '/site-.site-backups-restore-*') ?: []);
	}

	public function testAFailureWhileLoadingLeavesTheLiveTablesUntouchedAndANewRestoreSucceeds(): void
	{
		self::createWordPressTables($this->db, 300);
		$record = $this->backUpSite();
		$this->db->execute("UPDATE wp_posts SET post_title = 'changed'");
		$changed = self::databaseState($this->db);

		$broken = $this->lastTableChunk($record->id);
		$path   = $this->backups()->store()->objects()->pathFor($broken);
		$bytes  = (string) file_get_contents($path);
		file_put_contents($path, substr($bytes, 0, -20) . str_repeat('x', 20));
		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		try {
			do {
				$progress = $restore->load(0.05);
			} while (!$progress->complete);
			$this->fail('a corrupt chunk was loaded');
		} catch (\Throwable $e) {
			$this->assertStringContainsString('Loading part', $e->getMessage());
		}
		$this->assertSame($changed, self::databaseState($this->db));
		$restore->discard();
		$this->assertSame([], $this->leftovers());

		file_put_contents($path, $bytes);
		$this->restoreDatabaseInSlices($record->id);
		$this->assertSame('Title 1 🎉', $this->db->fetchValue('SELECT post_title FROM wp_posts WHERE ID = 1'));
	}

	public function testASnapshotRestoresIntoAnotherTablePrefix(): void
	{
		self::createWordPressTables($this->db, 50);
		$record = $this->backUpSite();
		$target = $this->connect($this->createDatabase());
		$target->execute('CREATE TABLE stg_posts (id int PRIMARY KEY)');

		$restore = $this->backups()->databaseRestore($record->id, $target, 'stg_');
		$restore->prepare();
		while (!$restore->load(1.0)->complete) {
			// loads
		}
		$restore->swap();
		$restore->finish();

		$tables = array_column($target->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"), 'TABLE_NAME');
		$this->assertSame(['stg_blobs', 'stg_options', 'stg_postmeta', 'stg_posts', 'stg_zero_dates'], $tables);
		$this->assertSame('50', $target->fetchValue('SELECT COUNT(*) FROM stg_posts'));
		$this->assertSame(['stg_postmeta_bi'], array_column($target->fetchAll('SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'), 'TRIGGER_NAME'));
	}

	public function testAFilesRestoreStopsOnACorruptObjectBeforeTouchingTheSite(): void
	{
		$this->buildSite();
		$record = $this->backUpSite();
		file_put_contents($this->site . '/wp-content/uploads/2024/01/name with spaces.txt', 'edited');
		// Changed too, so that its object must be read (a file the site holds unchanged is left in place).
		file_put_contents($this->site . '/wp-content/uploads/2024/01/big.bin', 'edited');
		$before = self::describeTree($this->site);
		$hash   = $this->objectOf($record->id, 'wp-content/uploads/2024/01/big.bin');
		$path   = $this->backups()->store()->objects()->pathFor($hash);
		$bytes  = (string) file_get_contents($path);
		file_put_contents($path, substr($bytes, 0, -10) . str_repeat("\0", 10));

		$area    = FilesRestore::newArea($this->site);
		$restore = $this->backups()->filesRestore($record->id, $this->site, $area, $this->protectedPaths());
		try {
			$restore->stage(0, 30.0);
			$this->fail('a corrupt object was staged');
		} catch (StoreException $e) {
			$this->assertNotSame('', $e->getMessage());
		}
		$restore->discard();
		$this->assertSame($before, self::describeTree($this->site));
		$this->assertDirectoryDoesNotExist($area);
	}

	public function testMissingObjectsAreNamedWithoutReadingTheRest(): void
	{
		$this->buildSite();
		$record = $this->backUpSite();
		$this->assertTrue($this->backups()->findMissing($record->id)->isOk());
		$hash = $this->objectOf($record->id, 'wp-content/uploads/2024/01/big.bin');
		unlink($this->backups()->store()->objects()->pathFor($hash));
		$report = $this->backups()->findMissing($record->id);
		$this->assertSame([$hash], array_keys($report->missing));
		$this->assertContains('wp-content/uploads/2024/01/big.bin', $report->missing[$hash]);
	}

	/** @return list<string> folders a backup excludes */
	private function buildSite(): array
	{
		$excluded = $this->addHardFiles();
		file_put_contents($this->site . '/wp-config.php', "<?php\n// config\n");
		file_put_contents($this->site . '/index.php', "<?php\n// front\n");
		mkdir($this->site . '/' . self::PLUGIN, 0755, true);
		file_put_contents($this->site . '/' . self::PLUGIN . '/site-backups.php', 'old version');
		mkdir($this->site . '/wp-content/plugins/hello', 0755, true);
		file_put_contents($this->site . '/wp-content/plugins/hello/hello.php', 'hello');
		mkdir($this->site . '/wp-content/themes/theme/parts', 0755, true);
		file_put_contents($this->site . '/wp-content/themes/theme/style.css', 'body{}');
		file_put_contents($this->site . '/wp-content/themes/theme/parts/header.html', '<header>');
		return $excluded;
	}

	private function changeEverything(): void
	{
		$uploads = $this->site . '/wp-content/uploads/2024/01';
		file_put_contents($uploads . '/name with spaces.txt', 'edited');
		unlink($uploads . '/empty.txt');
		chmod($uploads . '/script.sh', 0644);
		file_put_contents($uploads . '/added-later.txt', 'new');
		mkdir($this->site . '/wp-content/plugins/added-later/inc', 0755, true);
		file_put_contents($this->site . '/wp-content/plugins/added-later/inc/a.php', 'new plugin');
		exec('rm -rf ' . escapeshellarg($this->site . '/wp-content/plugins/hello'));
		file_put_contents($this->site . '/wp-content/plugins/hello', 'a file where a folder was');
		exec('rm -rf ' . escapeshellarg($this->site . '/wp-content/themes/theme/parts'));
		file_put_contents($this->site . '/wp-content/themes/theme/parts', 'file again');
		unlink($this->site . '/wp-content/uploads/latest-big');
		symlink('2024/01/empty.txt', $this->site . '/wp-content/uploads/latest-big');
		exec('rm -rf ' . escapeshellarg($this->site . '/wp-content/uploads/empty-folder'));
		file_put_contents($this->site . '/wp-config.php', "<?php\n// changed after the backup\n");
		file_put_contents($this->site . '/' . self::PLUGIN . '/site-backups.php', 'new version');
		file_put_contents($this->site . '/wp-content/cache/page/new-since.html', 'cached later');

		$this->db->execute("UPDATE wp_posts SET post_title = 'changed' WHERE ID <= 10");
		$this->db->execute('DELETE FROM wp_postmeta WHERE post_id > 500');
		$this->db->execute("INSERT INTO wp_options (option_name, option_value) VALUES ('added_later', 'x')");
		$this->db->execute('DROP TABLE wp_zero_dates');
		$this->db->execute('CREATE TABLE wp_added_later (id int PRIMARY KEY)');
		$this->db->execute('DROP TRIGGER wp_postmeta_bi');
		$this->db->execute('CREATE OR REPLACE VIEW wp_published AS SELECT ID FROM wp_posts');
	}

	private function restoreDatabaseInSlices(string $id): void
	{
		$this->backups()->databaseRestore($id, $this->db, 'wp_')->prepare();
		$loads = 0;
		do {
			// A new facade and restore each time: every slice may be a new request.
			$progress = $this->backups()->databaseRestore($id, $this->db, 'wp_')->load(0.01);
			$loads++;
		} while (!$progress->complete);
		$this->assertGreaterThan(3, $loads, 'loaded in several slices');
		$restore = $this->backups()->databaseRestore($id, $this->db, 'wp_');
		$this->assertSame(DatabaseRestore::SWAPPING, $restore->phase());
		$restore->swap();
		$restore->swap(); // repeated after a crash: no harm
		$restore->finish();
	}

	private function protectedPaths(): ProtectedPaths
	{
		return new ProtectedPaths($this->site, ['wp-config.php', self::PLUGIN], [$this->storeDir], new ExclusionRules($this->storeDir));
	}

	/** @return array<string, mixed> every table's checksum and definition, views and triggers */
	private static function databaseState(Connection $db): array
	{
		$tables = self::wpTables($db);
		return [
			'checksums' => self::checksums($db, $tables),
			'creates'   => self::createStatements($db, $tables),
			'views'     => $db->fetchAll("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"),
			'triggers'  => $db->fetchAll('SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1'),
		];
	}

	/** @return list<string> temporary tables a restore left behind */
	private function leftovers(): array
	{
		return array_column($this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')"), 'TABLE_NAME');
	}

	private function lastTableChunk(string $id): string
	{
		$hash = '';
		foreach ((new \SiteBackups\Engine\Read\SnapshotReader($this->backups()->store()))->sourceChunks($id, Repository::DATABASE) as $chunk) {
			if (str_starts_with($chunk->label, 'wp_')) {
				$hash = $chunk->hash;
			}
		}
		$this->assertNotSame('', $hash);
		return $hash;
	}

	private function objectOf(string $id, string $path): string
	{
		foreach ((new \SiteBackups\Engine\Read\SnapshotReader($this->backups()->store()))->entries($id) as $entry) {
			if ($entry->path === $path) {
				return $entry->chunks[1];
			}
		}
		$this->fail("$path is not in the snapshot");
	}
}
