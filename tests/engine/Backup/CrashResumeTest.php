<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Backup\PendingBackups;
use SiteBackups\Engine\Files\FileOpener;
use SiteBackups\Engine\Files\LocalFileOpener;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;
use SiteBackups\Tests\Engine\Support\KilledChild;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

final class CrashResumeTest extends EngineTestCase
{
	public const CHUNK_BYTES = 16384;

	public static function source(int $delayMicros = 0): FakeTableSource
	{
		return new FakeTableSource(['wp_options' => 300, 'wp_posts' => 700, 'wp_postmeta' => 500], 40, $delayMicros);
	}

	/** Opening each file takes a moment, so a kill lands in the middle of the scan. */
	public static function slowOpener(string $site): FileOpener
	{
		return new class () implements FileOpener {
			public function open(string $absolutePath)
			{
				usleep(3000);
				return (new LocalFileOpener())->open($absolutePath);
			}
		};
	}

	public function testABackupKilledTwiceResumesAndPublishesACompleteSnapshot(): void
	{
		$this->buildSite();

		[$id, $lines] = $this->runChildUntil('begin', static fn (string $line): bool => str_starts_with($line, 'STEP files ') && (int) substr($line, 11) >= 60);
		$this->assertNotSame('', $id);
		$this->assertSame([], $this->store->snapshots()->ids(), 'a killed backup is never listed');
		$this->assertSame([$id], array_column((new PendingBackups($this->store))->all(), 'id'));

		// Second kill: during the database phase, once a chunk of it is checkpointed. A slice that
		// ends just as the files are done enters the phase with its cursor still at the start.
		[$again] = $this->runChildUntil($id, static fn (string $line): bool => str_starts_with($line, 'STEP source:database ') && (int) substr($line, 21) > 0);
		$this->assertSame($id, $again);
		$this->assertSame([], $this->store->snapshots()->ids());

		// Finish here.
		$source = self::source();
		$runner = new BackupRunner($this->store, [$source], null, 0.0, 4096);
		$runner->resume($id);
		do {
			$progress = $runner->step(0.5);
		} while (!$progress->isReady());
		$this->assertNotSame(['table' => 0, 'row' => 0], $source->calls[0] ?? null, 'the database phase resumed from its cursor');
		$record = $runner->publish();

		$this->assertSame([$id], $this->store->snapshots()->ids());
		$this->assertSame([], (new PendingBackups($this->store))->all());
		$this->assertTrue((new Verifier($this->store))->verify($id)->isOk());
		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->store, $id, $target);
		$this->assertSame(self::describeTree($this->site), self::describeTree($target));
		$sql = fopen('php://memory', 'w+b');
		(new SnapshotReader($this->store))->streamSource($id, 'database', $sql);
		$this->assertSame(self::source()->expectedSql(), stream_get_contents($sql, -1, 0));

		// The interrupted backup's manifest is exactly the one an uninterrupted backup writes.
		$clean = new BackupRunner($this->store, [self::source()], null, 1.0, 4096);
		$clean->begin(new BackupRequest($this->site, chunkBytes: self::CHUNK_BYTES, parentId: false));
		while (!$clean->step(5)->isReady()) {
		}
		$cleanRecord = $clean->publish();
		$this->assertSame($cleanRecord->filePieces, $record->filePieces);
		$this->assertSame($cleanRecord->sources['database']['pieces'], $record->sources['database']['pieces']);
		$this->assertSame(0, $cleanRecord->meta['new_bytes'], 'so the clean run stored nothing new');
	}

	public function testCancelRemovesThePendingBackupAndPublishesNothing(): void
	{
		$this->buildSite();
		$runner = new BackupRunner($this->store);
		$runner->begin($this->request());
		$runner->step(0.01);
		$runner->cancel();

		$this->assertSame([], (new PendingBackups($this->store))->all());
		$this->assertSame([], $this->store->snapshots()->ids());
		$this->expectException(\LogicException::class);
		$runner->step(1);
	}

	public function testPublishingAnUnfinishedBackupIsRefused(): void
	{
		$this->buildSite();
		$runner = new BackupRunner($this->store);
		$runner->begin($this->request());
		$this->expectException(\LogicException::class);
		$runner->publish();
	}

	/**
	 * Runs the child script and kills it with SIGKILL once $killWhen accepts a line of its output.
	 * @return array{0: string, 1: list<string>} the snapshot id and the lines read
	 */
	private function runChildUntil(string $what, callable $killWhen): array
	{
		$run = KilledChild::run([dirname(__DIR__) . '/Fixtures/backup-child.php', $this->storeDir, $this->site, $what], $killWhen);
		$this->assertTrue($run['killed'], KilledChild::describe($run));
		return [$run['id'], $run['lines']];
	}

	private function buildSite(): void
	{
		for ($i = 0; $i < 150; $i++) {
			$this->write(sprintf('wp-content/uploads/%d/img-%03d.dat', $i % 7, $i), random_bytes(100 + $i * 37));
		}
		$this->write('wp-content/uploads/big.mov', random_bytes(40 * self::CHUNK_BYTES + 17));
		$this->write('wp-config.php', "<?php\n// config\n");
		mkdir($this->site . '/wp-content/empty');
	}
}
