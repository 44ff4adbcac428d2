<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Backup\BackupState;
use SiteBackups\Engine\Backup\PendingBackups;
use SiteBackups\Engine\BackupBusy;
use SiteBackups\Tests\Engine\Support\KilledChild;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/** A backup killed (SIGKILL) during its database phase resumes in another process and is whole. */
final class SiteCrashTest extends SiteTestCase
{
	public function testABackupKilledDuringTheDatabasePhaseResumesAndPublishesAWholeSnapshot(): void
	{
		$this->buildSmallSite();
		self::createWordPressTables($this->db, 3000);

		[$id, $lines] = $this->runChildUntil('begin', static fn (string $line): bool => str_starts_with($line, 'STEP source:database '), 8);
		$this->assertNotSame('', $id);
		$this->assertSame([], $this->backups()->list(), 'a killed backup is never listed');
		$this->assertSame([$id], $this->pendingIds());
		$this->assertNotContains('READY', $lines);
		$this->assertKilledMidDatabase($id);

		// Killed a second time, again in the database phase, after resuming there.
		[$again] = $this->runChildUntil($id, static fn (string $line): bool => str_starts_with($line, 'STEP source:database '), 3);
		$this->assertSame($id, $again);
		$chunksBefore = $this->assertKilledMidDatabase($id);

		$backups = $this->backups(); // this process is a new one for the backup
		do {
			$progress = $backups->step($id, 0.5);
		} while (!$progress->isReady());
		$record = $backups->publish($id);
		$this->assertGreaterThan($chunksBefore + 10, $record->sources['database']['chunks'], 'the kill left most of the database to do');

		$this->assertSame([$id], array_column($this->backups()->list(), 'id'));
		$this->assertSame([], $this->pendingIds());
		$this->assertSame('complete', $record->meta['status']);
		$this->assertTrue($this->backups()->verify($id)->isOk());
		$this->assertSameWordPressDatabase($this->db, $this->restoreDatabase($this->backups(), $id));
		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->backups()->store(), $id, $target);
		$this->assertSame(self::describeTree($this->site), self::describeTree($target));

		// The interrupted backup's chunks are exactly those of an uninterrupted one.
		$clean = $this->backUpSite(5.0);
		$this->assertSame($record->sources['database']['pieces'], $clean->sources['database']['pieces']);
		$this->assertSame($record->filePieces, $clean->filePieces);
	}

	public function testTwoProcessesNeverWorkOnTheSameBackupAtOnce(): void
	{
		$this->buildSmallSite();
		self::createWordPressTables($this->db, 50);
		$id   = $this->backups()->beginBackup($this->environment());
		$lock = fopen($this->storeDir . '/pending/' . $id . '/lock.php', 'c+b');
		flock($lock, LOCK_EX); // as a slice running in another process holds it
		try {
			$this->backups()->step($id, 0.1);
			$this->fail('a second slice ran while the first held the lock');
		} catch (BackupBusy) {
			$this->addToAssertionCount(1);
		} finally {
			fclose($lock);
		}
		$this->backups()->cancel($id);
		$this->assertSame([], $this->pendingIds());
	}

	public function testASliceThatOutlivedItsTurnGoesOnFromWhatTheNextOneStored(): void
	{
		$this->buildSmallSite();
		// Enough paths for the manifest to be cut into pieces while the second request works.
		for ($i = 0; $i < 1500; $i++) {
			@mkdir($this->site . '/wp-content/plugins/p' . ($i % 30), 0755, true);
			file_put_contents(sprintf('%s/wp-content/plugins/p%d/f%04d.php', $this->site, $i % 30, $i), '<?php // ' . $i);
		}
		self::createWordPressTables($this->db, 200);
		$first = $this->backups();
		$id    = $first->beginBackup($this->environment());
		$first->step($id, 0.01);
		// Its lease lapsed while it waited on something: another request took the job over for a while.
		$second = $this->backups();
		for ($i = 0; $i < 10; $i++) {
			$second->step($id, 0.02);
		}
		// Then the first request's step ends and it asks for the next, with its own picture of the backup.
		do {
			$progress = $first->step($id, 0.05);
		} while (!$progress->isReady());
		$record = $first->publish($id);

		$this->assertTrue($this->backups()->verify($id)->isOk());
		$this->assertSameWordPressDatabase($this->db, $this->restoreDatabase($this->backups(), $record->id));
		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->backups()->store(), $record->id, $target);
		$this->assertSame(self::describeTree($this->site), self::describeTree($target));
	}

	/** @return list<string> the backups begun and not finished, as retention and the sweep see them */
	private function pendingIds(): array
	{
		return array_column((new PendingBackups($this->backups()->store()))->all(), 'id');
	}

	/** @return int database chunks stored before the kill */
	private function assertKilledMidDatabase(string $id): int
	{
		$state = BackupState::load($this->storeDir . '/pending/' . $id . '/' . BackupState::FILE);
		$this->assertSame('source:database', $state->phase);
		$database = $state->sources['database'];
		$this->assertGreaterThan(1, $database->chunks);
		$this->assertSame('table', $database->cursor['step'] ?? null, 'killed while dumping tables');
		return $database->chunks;
	}

	private function buildSmallSite(): void
	{
		for ($i = 0; $i < 40; $i++) {
			@mkdir($this->site . '/wp-content/uploads/' . ($i % 4), 0755, true);
			file_put_contents(sprintf('%s/wp-content/uploads/%d/img-%02d.dat', $this->site, $i % 4, $i), random_bytes(500 + 97 * $i));
		}
		file_put_contents($this->site . '/wp-config.php', "<?php\n// config\n");
		file_put_contents($this->site . '/wp-content/uploads/big.bin', random_bytes(3 * self::CHUNK + 5));
	}

	/**
	 * Runs the child until $killWhen has accepted $times lines, then kills it with SIGKILL.
	 * @return array{0: string, 1: list<string>}
	 */
	private function runChildUntil(string $what, callable $killWhen, int $times): array
	{
		$run = KilledChild::run(
			[dirname(__DIR__) . '/Fixtures/site-backup-child.php', $this->storeDir, $this->site, $this->config->name, $what],
			$killWhen,
			$times
		);
		$this->assertTrue($run['killed'], KilledChild::describe($run));
		return [$run['id'], $run['lines']];
	}
}
