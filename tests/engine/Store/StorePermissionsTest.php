<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Retention\Deletion;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Site\SiteTestCase;
use SiteBackups\Tests\Engine\Support\OwnerOnlyStore;

/**
 * The store is its owner's only: every file 0600 and every folder 0700 from the moment it is
 * created, whatever the host's umask, unless the umask is stricter still.
 */
final class StorePermissionsTest extends SiteTestCase
{
	use OwnerOnlyStore;

	private int $umask;

	protected function setUp(): void
	{
		parent::setUp();
		$this->umask = umask();
	}

	protected function tearDown(): void
	{
		umask($this->umask);
		parent::tearDown();
	}

	/** @return array<string, array{int}> */
	public static function umasks(): array
	{
		return ['the usual umask 022' => [0022], 'a strict umask 077' => [0077], 'a shared-host umask 002' => [0002], 'no umask' => [0]];
	}

	#[DataProvider('umasks')]
	public function testEveryFileAndFolderOfTheStoreIsTheOwnersOnlyThroughBackupPruneAndSweep(int $umask): void
	{
		umask($umask);
		file_put_contents($this->site . '/index.php', "<?php\n// site\n");
		mkdir($this->site . '/wp-content/uploads', 0755, true);
		file_put_contents($this->site . '/wp-content/uploads/big.bin', random_bytes(3 * self::CHUNK));
		self::createWordPressTables($this->db, 50);

		// Mid-backup: pending state, its lock, manifest parts and the chunk being stored.
		$first   = $this->backups()->beginBackup($this->environment(), 'manual', 'first', '6.8', '0.1.0');
		$backups = $this->backups();
		$backups->step($first, 0.01);
		$this->assertFileExists($this->storeDir . '/pending/' . $first . '/state.php');
		$this->assertFileExists($this->storeDir . '/pending/' . $first . '/lock.php');
		$this->assertOwnerOnly($this->storeDir, 7); // format.php, 4 protection files, state.php, lock.php

		do {
			$progress = $backups->step($first, 0.05);
		} while (!$progress->isReady());
		$backups->publish($first);
		$this->assertOwnerOnly($this->storeDir, 20);

		file_put_contents($this->site . '/wp-content/uploads/new.txt', 'changed');
		$this->db->execute("UPDATE wp_options SET option_value = 'changed' WHERE option_name = 'blogname'");
		$second = $this->backUpSite();
		$this->backups()->beginBackup($this->environment(), 'manual', 'left pending', '6.8', '0.1.0');

		$objects = $this->backups()->store()->objects();
		foreach ($objects->all() as $hash => $mtime) {
			touch($objects->pathFor($hash), $mtime - 3600); // old enough to sweep
		}
		$stored = iterator_count($objects->all());
		$this->assertSame([$first], (new Deletion($this->backups()->store()))->prune([new RetentionRule(keepLast: 1)]));
		$this->assertLessThan($stored, iterator_count($objects->all()), 'the prune swept what only the first backup used');
		$this->assertSame([$second->id], array_column($this->backups()->list(), 'id'));
		$this->assertOwnerOnly($this->storeDir, 20);
	}

	public function testAStoreMadeBeforeItsFilesWereOwnerOnlyIsClosedWhenOpened(): void
	{
		BackupStore::create($this->storeDir);
		chmod($this->storeDir, 0755);

		$this->backups();

		clearstatcache();
		$this->assertSame(0700, fileperms($this->storeDir) & 0777);
	}

	public function testAFolderTheHostMadeForTheStoreBecomesTheOwnersOnly(): void
	{
		mkdir($this->storeDir, 0750);
		chmod($this->storeDir, 0750);

		BackupStore::create($this->storeDir);

		clearstatcache();
		$this->assertSame(0700, fileperms($this->storeDir) & 0777);
		$this->assertSame(0700, fileperms($this->storeDir . '/objects') & 0777);
		$this->assertSame(0600, fileperms($this->storeDir . '/format.php') & 0777);
	}

	public function testAFileIsOwnerOnlyBeforeItsFirstByte(): void
	{
		mkdir($this->storeDir);
		foreach (['xb', 'c+b', 'w+b'] as $i => $mode) {
			$path = $this->storeDir . '/new-' . $i . '.php';
			$fp   = Durable::open($path, $mode);
			$this->assertIsResource($fp);
			$stat = fstat($fp);
			fclose($fp);
			$this->assertSame(0, $stat['size']);
			$this->assertSame(0600, $stat['mode'] & 0777, $mode);
		}
		$this->assertTrue(Durable::touch($this->storeDir . '/mark.php'));
		$this->assertSame(0600, fileperms($this->storeDir . '/mark.php') & 0777);
	}
}
