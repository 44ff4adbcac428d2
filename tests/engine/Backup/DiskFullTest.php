<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Backup\PendingBackups;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\StoreWriteFailed;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/** A store on a tiny tmpfs (needs root to mount; skipped otherwise). */
final class DiskFullTest extends EngineTestCase
{
	private ?string $mount = null;

	protected function tearDown(): void
	{
		if (null !== $this->mount) {
			gc_collect_cycles();
			exec('umount ' . escapeshellarg($this->mount) . ' 2>&1', $output, $status);
			if (0 !== $status) {
				exec('umount -l ' . escapeshellarg($this->mount) . ' 2>&1');
			}
		}
		parent::tearDown();
	}

	public function testAFullDiskFailsTheBackupClearlyAndLeavesEarlierSnapshotsIntact(): void
	{
		$mount = $this->tmp . '/small-disk';
		mkdir($mount);
		exec('mount -t tmpfs -o size=1m tmpfs ' . escapeshellarg($mount) . ' 2>&1', $output, $status);
		if (0 !== $status) {
			$this->markTestSkipped('cannot mount a tmpfs here: ' . implode(' ', $output));
		}
		$this->mount = $mount;
		$this->store = BackupStore::create($mount . '/store');
		$this->write('small.txt', 'fits');
		$earlier = $this->backUp();

		$this->write('large.bin', random_bytes(3 * 1024 * 1024));
		try {
			$this->backUp();
			$this->fail('a backup larger than the disk succeeded');
		} catch (StoreWriteFailed $e) {
			$this->assertStringContainsString('disk may be full', $e->getMessage());
		}

		$this->assertSame([$earlier->id], $this->store->snapshots()->ids());
		$this->assertTrue((new Verifier($this->store))->verify($earlier->id)->isOk());
		$this->assertCount(1, (new PendingBackups($this->store))->all(), 'the failed backup stays pending until cancelled or resumed');
	}
}
