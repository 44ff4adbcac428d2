<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Retention;

use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Retention\BackupInUse;
use SiteBackups\Engine\Retention\Deletion;
use SiteBackups\Engine\Retention\Forgetter;
use SiteBackups\Engine\Retention\PlanRetention;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/** Deleting a backup, or those the plan no longer keeps: the record, what the host keeps beside it, then the objects only it used. */
final class DeletionTest extends EngineTestCase
{
	/** @var list<SnapshotRecord> oldest first */
	private array $records = [];

	/** @var list<list<string>> what the host was told, call by call */
	private array $told = [];

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
			$this->ageObjects();
		}
	}

	public function testDeletingABackupTellsTheHostAndFreesOnlyWhatItAloneUsed(): void
	{
		[$first, $second, $third] = $this->records;

		$report = $this->deletion()->delete($second->id);

		$this->assertSame([[$second->id]], $this->told);
		$this->assertSame(4, $report->deleted, 'the three chunks of only-second.bin and its own manifest piece');
		$this->assertSame([$third->id, $first->id], $this->store->snapshots()->ids());
		foreach ([$first, $third] as $record) {
			$this->assertTrue((new Verifier($this->store))->verify($record->id)->isOk());
		}
	}

	public function testTheNewestProductionBackupCanBeDeletedOnRequest(): void
	{
		$this->deletion()->delete($this->records[2]->id);

		$this->assertSame([$this->records[1]->id, $this->records[0]->id], $this->store->snapshots()->ids());
	}

	public function testABackupThatABackupInProgressBuildsOnIsNotDeleted(): void
	{
		$third  = $this->records[2];
		$runner = new BackupRunner($this->store, pieceCapBytes: 16384);
		$runner->begin($this->request(['parentId' => $third->id]));

		try {
			$this->deletion()->delete($third->id);
			$this->fail('deleted the parent of a backup in progress');
		} catch (BackupInUse $refused) {
			$this->assertSame($third->id, $refused->id);
		}
		$this->assertSame([], $this->told);
		$this->assertTrue((new Verifier($this->store))->verify($third->id)->isOk());
		$runner->cancel();
	}

	public function testABackupTheStoreDoesNotHoldIsRefused(): void
	{
		$second = $this->records[1]->id;
		$this->deletion()->delete($second);

		$this->expectException(BackupInUse::class);
		$this->deletion()->delete($second);
	}

	public function testPruningDeletesWhatThePlanNoLongerKeepsWithTheirObjects(): void
	{
		[$first, $second, $third] = $this->records;
		$inTwoDays = time() + 2 * 86400;

		$forgotten = $this->deletion()->prune((new PlanRetention(1))->rules($inTwoDays, [$first->id]));

		$this->assertSame([$second->id], $forgotten, 'the newest production backup and the one named stay');
		$this->assertSame([[$second->id]], $this->told);
		$this->assertSame([$third->id, $first->id], $this->store->snapshots()->ids());
		$this->assertSame(0, (new \SiteBackups\Engine\Retention\Sweeper($this->store))->sweep()->deleted, 'the prune swept');
	}

	public function testPruningThatKeepsEverythingNeitherTellsTheHostNorSweeps(): void
	{
		// An object left by a forget without a sweep: a prune that forgets nothing leaves it.
		(new Forgetter($this->store))->forget(new RetentionRule(keepLast: 2));
		$objects = iterator_count($this->store->objects()->all());

		$this->assertSame([], $this->deletion()->prune((new PlanRetention(60))->rules(time())));

		$this->assertSame([], $this->told);
		$this->assertSame($objects, iterator_count($this->store->objects()->all()));
	}

	private function deletion(): Deletion
	{
		return new Deletion($this->store, function (array $ids): void {
			$this->told[] = $ids;
		});
	}

	/** Pretend the objects were written long ago, so the sweep's protection of recent objects does not apply. */
	private function ageObjects(): void
	{
		foreach ($this->store->objects()->all() as $hash => $mtime) {
			touch($this->store->objects()->pathFor($hash), time() - 86400);
		}
	}
}
