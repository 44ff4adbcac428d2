<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Retention;

use SiteBackups\Engine\Offsite\OffsiteCatalog;
use SiteBackups\Engine\Offsite\OffsiteRetention;
use SiteBackups\Engine\Offsite\RecoveryKey;
use SiteBackups\Engine\Offsite\Replicator;
use SiteBackups\Engine\Retention\Forgetter;
use SiteBackups\Engine\Retention\PlanRetention;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Tests\Engine\Offsite\DirectoryBucket;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/**
 * The plan's rule: backups are kept the plan's days, the newest production backup however old,
 * in the store and in the bucket alike.
 */
final class PlanRetentionTest extends EngineTestCase
{
	private const DAY = 86400;
	private const AGES_IN_DAYS = [0, 0.5, 2, 30, 59, 61, 70];

	private int $now;

	protected function setUp(): void
	{
		parent::setUp();
		$this->now = time();
	}

	public function testSixtyDaysKeepSixtyDaysOfBothEnvironments(): void
	{
		$ids = $this->publish(self::AGES_IN_DAYS);

		$forgotten = (new Forgetter($this->store))->forgetAll((new PlanRetention(60))->rules($this->now));

		sort($forgotten);
		$expected = [$ids['production']['61'], $ids['production']['70'], $ids['staging']['61'], $ids['staging']['70']];
		sort($expected);
		$this->assertSame($expected, $forgotten);
		$this->assertCount(10, $this->store->snapshots()->ids());
	}

	public function testOneDayKeepsTheLastDay(): void
	{
		$ids = $this->publish(self::AGES_IN_DAYS);

		(new Forgetter($this->store))->forgetAll((new PlanRetention(1))->rules($this->now));

		$kept = $this->store->snapshots()->ids();
		sort($kept);
		$expected = [$ids['production']['0'], $ids['production']['0.5'], $ids['staging']['0'], $ids['staging']['0.5']];
		sort($expected);
		$this->assertSame($expected, $kept);
	}

	public function testTheNewestProductionBackupIsKeptHoweverOldButNotStagings(): void
	{
		$ids = $this->publish([61, 70]);

		(new Forgetter($this->store))->forgetAll((new PlanRetention(1))->rules($this->now));

		$this->assertSame([$ids['production']['61']], $this->store->snapshots()->ids());
	}

	public function testBackupsNamedToKeepStayWhateverTheirAge(): void
	{
		$ids  = $this->publish([2, 30, 70]);
		$keep = [$ids['production']['70'], $ids['staging']['30']];

		$forgotten = (new Forgetter($this->store))->forgetAll((new PlanRetention(1))->rules($this->now, $keep));

		sort($forgotten);
		$expected = [$ids['production']['30'], $ids['staging']['2'], $ids['staging']['70']];
		sort($expected);
		$this->assertSame($expected, $forgotten, 'production 2 is the newest; the named ones stay');
	}

	public function testTheBackupKeptHoweverOldIsTheNewestProductionOne(): void
	{
		$ids       = $this->publish([1, 3]);
		$summaries = $this->store->snapshots()->summaries(); // newest first, staging's newest first of all

		$this->assertSame($ids['production']['1'], PlanRetention::alwaysKept($summaries));
		$this->assertNull(PlanRetention::alwaysKept(array_values(array_filter(
			$summaries,
			static fn (array $s): bool => 'staging' === $s['meta']['environment']
		))));
	}

	public function testABackupExpiresThePlansDaysAfterItBegan(): void
	{
		$this->assertSame(1_000_000 + 60 * self::DAY, (new PlanRetention(60))->expiresAt(1_000_000));
		$this->assertSame(1_000_000 + self::DAY, (new PlanRetention(1))->expiresAt(1_000_000));
	}

	public function testTheBucketKeepsWhatTheSameRuleKeeps(): void
	{
		$bucket  = new DirectoryBucket($this->tmp . '/bucket');
		$key     = RecoveryKey::generate();
		$records = [];
		foreach (['production', 'staging', 'production'] as $i => $environment) {
			$this->write("day-$i.bin", random_bytes(2 * self::CHUNK));
			$records[] = $record = $this->backUp(['environment' => $environment]);
			$this->replicate($bucket, $key, $record->id);
			usleep(2000); // ids a few milliseconds apart
		}
		[$oldProduction, $staging, $newProduction] = $records;
		$replicator = new Replicator($this->store, $bucket, null, 'test', $key);

		// Two days later, under a plan of one day: only the newest production backup stays.
		$report = (new OffsiteRetention($this->store, $bucket, null, $replicator))
			->apply((new PlanRetention(1))->rules($this->now + 2 * self::DAY));

		$this->assertSame([$staging->id, $oldProduction->id], $report['forgotten']);
		$this->assertGreaterThan(0, $report['objects_deleted'], 'what only they needed');
		$this->assertGreaterThan(0, $report['packs_deleted'], 'with the packs that held it');
		$this->assertSame([$newProduction->id], (new OffsiteCatalog($bucket, null, $key))->ids());

		// The same rule in the store gives the same answer.
		$forgotten = (new Forgetter($this->store))->forgetAll((new PlanRetention(1))->rules($this->now + 2 * self::DAY));
		$this->assertSame($report['forgotten'], $forgotten);
	}

	private function replicate(DirectoryBucket $bucket, RecoveryKey $key, string $id): void
	{
		$done = 0;
		do {
			// One object per pack: what only the expired backups needed fills packs of its own.
			$replicator = new Replicator($this->store, $bucket, null, 'test', $key, 1);
			$replicator->prepare();
			$progress = $replicator->step($id, $done, 0.0);
			$done     = $progress->done;
		} while (!$progress->complete);
	}

	/**
	 * One empty snapshot per age and environment.
	 *
	 * @param list<int|float> $ages days before now
	 * @return array<string, array<string, string>> ids by environment and age
	 */
	private function publish(array $ages): array
	{
		$ids = [];
		foreach (['production', 'staging'] as $offset => $environment) {
			foreach ($ages as $days) {
				// Staging a millisecond newer: the newest of all is never the production one.
				$started = $this->now - (int) ($days * self::DAY);
				$id      = SnapshotId::generate($started * 1000 + $offset);
				$this->store->snapshots()->publish(new SnapshotRecord(
					$id,
					null,
					['environment' => $environment, 'trigger' => 'scheduled', 'started_at' => (float) $started],
					[],
				));
				$ids[$environment][(string) $days] = $id;
			}
		}
		return $ids;
	}
}
