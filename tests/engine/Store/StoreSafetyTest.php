<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Engine\Store\StoreFormat;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Retention\Sweeper;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class StoreSafetyTest extends EngineTestCase
{
	public function testANewStoreHasDenyRulesAnIndexAndTheExclusionMarker(): void
	{
		$this->assertStringContainsString('Require all denied', file_get_contents($this->storeDir . '/.htaccess'));
		$this->assertStringContainsString('Deny from all', file_get_contents($this->storeDir . '/.htaccess'));
		$this->assertStringContainsString('<deny users="*" />', file_get_contents($this->storeDir . '/web.config'));
		$this->assertFileExists($this->storeDir . '/index.php');
		$this->assertFileExists($this->storeDir . '/.donotbackup');
		$this->assertSame(StoreFormat::CURRENT, BackupStore::open($this->storeDir)->formatVersion());
	}

	public function testAStoreOfANewerFormatIsNotWrittenTo(): void
	{
		file_put_contents($this->storeDir . '/' . StoreFormat::FILE, GuardedFile::GUARD . StoreFormat::contents(StoreFormat::CURRENT + 1));
		$store = BackupStore::open($this->storeDir);
		$this->assertSame([], $store->snapshots()->ids(), 'listing still works');

		$this->expectException(StoreException::class);
		$this->expectExceptionMessage('newer');
		(new BackupRunner($store))->begin($this->request());
	}

	public function testSweepingAStoreOfANewerFormatIsRefused(): void
	{
		file_put_contents($this->storeDir . '/' . StoreFormat::FILE, GuardedFile::GUARD . StoreFormat::contents(99));
		$this->expectException(StoreException::class);
		(new Sweeper(BackupStore::open($this->storeDir)))->sweep();
	}

	public function testEveryFileTheStoreWritesIsAGuardedPhpFileAndReadersRefuseOthers(): void
	{
		$this->write('a.txt', str_repeat('content ', 1000));
		$record = $this->backUp();
		$names  = [];
		foreach (new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($this->storeDir, \FilesystemIterator::SKIP_DOTS)) as $path => $info) {
			$relative = substr((string) $path, strlen($this->storeDir) + 1);
			if (str_contains($relative, '/') || StoreFormat::FILE === $relative) {
				$names[] = $relative;
				$this->assertStringEndsWith('.php', $relative);
				$this->assertStringStartsWith(GuardedFile::GUARD, (string) file_get_contents((string) $path), $relative);
			}
		}
		$this->assertGreaterThan(3, count($names));

		$object = $this->store->objects()->pathFor($record->filePieces[0]);
		file_put_contents($object, substr((string) file_get_contents($object), GuardedFile::length()));
		$this->assertSame(\SiteBackups\Engine\Store\ObjectState::Corrupt, $this->store->objects()->check($record->filePieces[0]));
		$snapshot = $this->storeDir . '/snapshots/' . $record->id . '.php';
		file_put_contents($snapshot, substr((string) file_get_contents($snapshot), GuardedFile::length()));
		$this->expectException(StoreException::class);
		$this->store->snapshots()->load($record->id);
	}

	public function testAStoreOfTheDevelopmentFormatIsRefusedWithAClearMessage(): void
	{
		$legacy = $this->tmp . '/legacy';
		mkdir($legacy);
		file_put_contents($legacy . '/format.json', '{"kind":"site-backups-store","version":1}');
		$this->expectException(StoreException::class);
		$this->expectExceptionMessage('development build');
		BackupStore::create($legacy);
	}

	public function testOpeningAFolderThatIsNotAStoreFails(): void
	{
		$this->expectException(StoreException::class);
		BackupStore::open($this->site);
	}
}
