<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Retention;

use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Tests\Engine\Support\RestoredCopy;
use SiteBackups\Engine\Retention\Forgetter;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Retention\Sweeper;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class SweepTest extends EngineTestCase
{
	/** @var list<SnapshotRecord> oldest first */
	private array $records = [];
	/** @var list<array<string, mixed>> the site as each snapshot saw it */
	private array $trees = [];

	protected function setUp(): void
	{
		parent::setUp();
		$this->write('shared.txt', str_repeat('kept by all ', 1000));
		foreach (['first', 'second', 'third'] as $day => $name) {
			$this->write("only-$name.bin", random_bytes(3 * self::CHUNK));
			if ($day > 0) {
				unlink($this->site . '/only-' . ['first', 'second'][$day - 1] . '.bin');
			}
			$this->records[] = $this->backUp();
			$this->trees[]   = self::describeTree($this->site);
			$this->ageObjects();
		}
	}

	public function testForgettingOneSnapshotFreesOnlyItsOwnObjects(): void
	{
		[$first, $second, $third] = $this->records;
		$forgotten = (new Forgetter($this->store))->forget(new RetentionRule(keepLast: 1, keepIds: [$first->id]));
		$this->assertSame([$second->id], $forgotten);

		$report = (new Sweeper($this->store))->sweep();

		$this->assertSame(4, $report->deleted, 'the three chunks of only-second.bin and its own manifest piece');
		$this->assertSame([$third->id, $first->id], $this->store->snapshots()->ids());
		foreach ([0 => $first, 2 => $third] as $day => $record) {
			$this->assertTrue((new Verifier($this->store))->verify($record->id)->isOk());
			$target = $this->tmp . '/restore-' . $day;
			RestoredCopy::files($this->store, $record->id, $target);
			$this->assertSame($this->trees[$day], self::describeTree($target));
		}
		$this->assertSame(0, (new Sweeper($this->store))->sweep()->deleted, 'a second sweep finds nothing');
	}

	public function testEveryPublishedSnapshotStillVerifiesAfterASweepDiesAtAnyPoint(): void
	{
		(new Forgetter($this->store))->forget(new RetentionRule(keepLast: 1));
		for ($crashAfter = 0; ; $crashAfter++) {
			$deletions = 0;
			try {
				(new Sweeper($this->store))->sweep(static function () use (&$deletions, $crashAfter): void {
					if ($deletions++ === $crashAfter) {
						throw new \RuntimeException('killed');
					}
				});
				break; // a sweep ran to the end
			} catch (\RuntimeException $e) {
				$this->assertSame('killed', $e->getMessage());
			}
			foreach ($this->store->snapshots()->ids() as $id) {
				$this->assertTrue((new Verifier($this->store))->verify($id)->isOk(), "after a crash at deletion $crashAfter");
			}
		}
		$this->assertTrue((new Verifier($this->store))->verify($this->records[2]->id)->isOk());
	}

	public function testObjectsOfABackupInProgressAndOfItsParentSurviveASweep(): void
	{
		[$first, $second, $third] = $this->records;
		$this->write('in-progress.bin', random_bytes(2 * self::CHUNK));
		$runner = new BackupRunner($this->store, pieceCapBytes: 16384);
		$runner->begin($this->request(['parentId' => $second->id]));
		while (!$runner->step(0.05)->isReady()) {
		}
		// Everything but the newest is due to go, including the running backup's parent.
		$forgotten = (new Forgetter($this->store))->forget(new RetentionRule(keepLast: 1));
		$this->assertSame([$first->id], $forgotten, 'the parent of a running backup is kept');

		$sweep = (new Sweeper($this->store))->sweep();
		$this->assertGreaterThan(0, $sweep->keptAsRecent);

		$record = $runner->publish();
		$this->assertTrue((new Verifier($this->store))->verify($record->id)->isOk());
		$this->assertTrue((new Verifier($this->store))->verify($second->id)->isOk());
	}

	public function testRetentionByAgeKeepsNewerSnapshots(): void
	{
		$cutoff    = \SiteBackups\Engine\Snapshot\SnapshotId::timeMs($this->records[1]->id) / 1000;
		$forgotten = (new Forgetter($this->store))->forget(RetentionRule::fromArray(['keep_newer_than' => $cutoff, 'keep_last' => 0]));
		$this->assertSame([$this->records[0]->id], $forgotten);
	}

	public function testAnUnreadableSnapshotRecordStopsTheSweepBeforeItDeletesAnything(): void
	{
		(new Forgetter($this->store))->forget(new RetentionRule(keepLast: 1));
		file_put_contents($this->storeDir . '/snapshots/' . $this->records[2]->id . '.php', \SiteBackups\Engine\Store\GuardedFile::GUARD . '{"damaged":');
		$before = iterator_count($this->store->objects()->all());

		try {
			(new Sweeper($this->store))->sweep();
			$this->fail('swept without knowing what a snapshot references');
		} catch (\SiteBackups\Engine\Store\StoreException $e) {
			$this->assertStringContainsString('Sweep stopped before deleting anything', $e->getMessage());
		}
		$this->assertSame($before, iterator_count($this->store->objects()->all()));
	}

	/** Pretend the objects were written long ago, so the sweep's protection of recent objects does not apply. */
	private function ageObjects(): void
	{
		foreach ($this->store->objects()->all() as $hash => $mtime) {
			touch($this->store->objects()->pathFor($hash), time() - 86400);
		}
	}
}
