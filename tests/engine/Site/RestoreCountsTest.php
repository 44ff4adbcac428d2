<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;
use SiteBackups\Engine\Restore\RestoreStep;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotScope;

/**
 * A restore counts what it brings back in the units people know, as a backup does: the tables it
 * loads and the entries of the files it writes, each done and in all, through every slice of a
 * runner rebuilt from its saved state. Its safety backup names the backup it was taken before.
 */
final class RestoreCountsTest extends SiteTestCase
{
	use RunnerRestores;

	public function testAWholeRestoreCountsItsTablesThenItsFilesUpToTheirTotals(): void
	{
		$this->buildRestorableSite(300);
		$record = $this->backUpAs($this->live());
		$this->changeSite();

		[$steps, $state] = $this->restoreCounting($record->id, null);

		$tables = $this->countsIn($steps, 'database', 'tables');
		$this->assertGreaterThan(2, count($tables), 'the database was loaded in many slices');
		$labels = array_unique(array_map(
			static fn ($chunk): string => $chunk->label,
			iterator_to_array((new SnapshotReader($this->engine($this->live())->store()))->sourceChunks($record->id, 'database'), false)
		));
		$expectedTables = count(array_filter($labels, static fn (string $label): bool => str_starts_with($label, 'wp_')));
		$this->assertGreaterThanOrEqual(5, $expectedTables);
		$this->assertCountsUpTo($tables, $expectedTables);

		$files = $this->countsIn($steps, 'files', 'files');
		$this->assertNotEmpty($files);
		$this->assertCountsUpTo($files, $this->restoredEntries($record->id, null));
		$this->assertSame($expectedTables, end($tables)['done']);
		$this->assertNotNull($state->filesTotal);

		// The safety backup names the backup restored, with when it was made.
		$safety = $this->engine($this->live())->snapshot((string) $state->safety);
		$this->assertSame(['id' => $record->id, 'created' => $record->startedAt()], $safety->meta['restore_of']);
		$this->assertEquals(new RestoreOrigin($record->id, $record->startedAt()), $safety->restoreOf());
		$this->assertNull($record->restoreOf(), 'a backup taken otherwise names none');
	}

	public function testARestoreOfPartOfTheSiteCountsOnlyThatPart(): void
	{
		$this->buildRestorableSite(100);
		$record = $this->backUpAs($this->live());
		$this->changeSite();
		$scope = new SnapshotScope(['wp-content/themes/theme', 'index.php'], ['wp_options', 'wp_posts']);

		[$steps] = $this->restoreCounting($record->id, $scope);

		$this->assertCountsUpTo($this->countsIn($steps, 'database', 'tables'), 2);
		// The theme's folder, its style.css, its parts folder and header.html, and index.php.
		$this->assertSame(5, $this->restoredEntries($record->id, $scope));
		$this->assertCountsUpTo($this->countsIn($steps, 'files', 'files'), 5);
	}

	/**
	 * Restores $id to the end in small slices, each in a new runner given the state as JSON.
	 * @return array{0: list<RestoreStep>, 1: RestoreState}
	 */
	private function restoreCounting(string $id, ?SnapshotScope $scope): array
	{
		$step  = $this->countingRunner($id, $scope)->begin();
		$steps = [];
		while (!$step->finished) {
			$state   = RestoreState::fromArray(json_decode((string) json_encode($step->state->toArray()), true));
			$step    = $this->countingRunner($id, $scope)->step($state, 0.001);
			$steps[] = $step;
			$this->assertLessThan(5000, count($steps), 'the restore never ends');
		}
		return [$steps, $step->state];
	}

	private function countingRunner(string $id, ?SnapshotScope $scope): RestoreRunner
	{
		$engine = $this->engine($this->live());
		$site   = new TargetSiteDouble($engine, $this->live(), $this->storeDir, $this->journal());
		return new RestoreRunner($engine, new RestoreRequest($id, $this->live(), ['database', 'files'], true, $scope), $site);
	}

	/**
	 * The counts of one kind the steps of a phase gave (a step's phase is the one it leaves the state in,
	 * so the last step of the phase is the first of the next).
	 * @param list<RestoreStep> $steps
	 * @return list<array{done: int, total: int|null}>
	 */
	private function countsIn(array $steps, string $phase, string $kind): array
	{
		$counts = [];
		$in     = false;
		foreach ($steps as $step) {
			if ($step->phase() === $phase) {
				$in = true;
			} elseif (!$in) {
				continue;
			}
			if (isset($step->counts[$kind])) {
				$counts[] = $step->counts[$kind];
			}
			if ($step->phase() !== $phase) {
				break;
			}
		}
		return $counts;
	}

	/** @param list<array{done: int, total: int|null}> $counts */
	private function assertCountsUpTo(array $counts, int $total): void
	{
		$this->assertNotEmpty($counts);
		$done = array_column($counts, 'done');
		$sorted = $done;
		sort($sorted);
		$this->assertSame($sorted, $done, 'counts only go up');
		$this->assertSame([$total], array_values(array_unique(array_column($counts, 'total'))), 'the total is known from the start');
		$this->assertSame($total, end($done), 'all of them, at the end');
		$this->assertLessThan($total, $done[0], 'counted as it goes, not at once');
	}

	/** The backup's entries a restore writes: backed up, inside the scope, and not among the paths left alone. */
	private function restoredEntries(string $id, ?SnapshotScope $scope): int
	{
		$left = ['wp-config.php', '.maintenance', TargetSiteDouble::PLUGIN];
		$count = 0;
		foreach ((new SnapshotReader($this->engine($this->live())->store()))->entries($id) as $entry) {
			$alone = array_filter($left, static fn (string $path): bool => $entry->path === $path || str_starts_with($entry->path, $path . '/'));
			if ($entry->isBackedUp() && [] === $alone && (null === $scope || $scope->covers($entry->path))) {
				$count++;
			}
		}
		return $count;
	}
}
