<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Restore\BackupDamaged;
use SiteBackups\Engine\Restore\RestorePhase;
use SiteBackups\Engine\Restore\RestoreRefused;
use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;

/**
 * A whole restore through the RestoreRunner, its state kept outside it as a job keeps it: a runner
 * rebuilt from that state between slices ends where one runner does; a restore given up or failing
 * before the point of no return leaves the site as it was; after it, it can only go on, and does.
 */
final class RestoreRunnerTest extends SiteTestCase
{
	use RunnerRestores;

	public function testARunnerRebuiltFromItsSavedStateBetweenEverySliceFinishesAsOneRunnerDoes(): void
	{
		$this->buildRestorableSite(300);
		$other   = $this->backUpAs($this->asStaging()); // of the other environment: its address is rewritten
		$this->changeSite();
		$current = $this->backUpAs($this->live());
		$changed = $this->siteState();

		$sliced = $this->restoreWithRunner($other->id, $this->live(), 0.001, true);
		$restored = $this->siteState();
		$this->assertSame(['safety_backup', 'checking', 'database', 'rewriting', 'files', 'switching', 'cleanup'], $sliced['phases']);
		$this->assertGreaterThan(30, $sliced['slices'], 'many slices, each in a new runner');
		$this->assertNotSame($changed, $restored);
		$this->assertSame(self::LIVE_URL, $this->db->fetchValue("SELECT option_value FROM wp_options WHERE option_name = 'siteurl'"));
		$this->assertSame('Title 1 🎉', $this->db->fetchValue('SELECT post_title FROM wp_posts WHERE ID = 1'));
		$this->assertSame([], $this->leftovers());
		$this->assertSame('new version', file_get_contents($this->site . '/' . TargetSiteDouble::PLUGIN . '/site-backups.php'), 'protected paths are left alone');
		$this->assertFileDoesNotExist($this->site . '/wp-content/plugins/added-later/inc/a.php');
		$safety = (string) $sliced['state']->safety;
		$this->assertSame('safety', $this->engine($this->live())->snapshot($safety)->meta['trigger']);
		$calls = TargetSiteDouble::calls($this->journal());
		$this->assertContains('keepIdentity wp_ other loaded=1', $calls, 'the live site is kept on the loaded tables, before the switch');
		$this->assertSame('letVisitorsIn', end($calls));
		$this->assertLessThan(array_search('databaseSwitched', $calls, true), array_search('holdVisitors', $calls, true), 'visitors are kept out before the switch');

		// The same restore again from the same site, in one runner and big slices.
		$this->restoreWithRunner($current->id, $this->live(), 5.0, false, false);
		$this->assertSame($changed, $this->siteState(), 'back to the site as it was');
		$whole = $this->restoreWithRunner($other->id, $this->live(), 5.0, false);
		$this->assertSame($restored, $this->siteState());
		$this->assertSame($sliced['phases'], $whole['phases']);
		$this->assertLessThan($sliced['slices'], $whole['slices']);
		$this->assertSame(self::withoutIds($sliced['log']), self::withoutIds($whole['log']));
	}

	public function testTheFilesAreStagedWhileTheServerLoadsTheDatabase(): void
	{
		$this->buildRestorableSite(600);
		$backup = $this->backUpAs($this->live());
		$before = $this->siteState();
		$this->changeSite();
		// Every file differs from the backup's: none is left for the files phase as the live one's second name.
		foreach (new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($this->site, \FilesystemIterator::SKIP_DOTS)) as $file) {
			if ($file->isFile() && !$file->isLink()) {
				touch($file->getPathname(), time() + 3600);
			}
		}

		$staged = $this->restoreStagedWhileLoading($backup->id);
		$this->assertGreaterThan(0, $staged, 'staged while the server inserted rows');
		$this->assertSame($before, $this->siteState());
		$this->assertSame([], $this->leftovers());

		// Over a site that holds the backup's files, the first of them (index.php) is staged as the live
		// file's second name: that waits for the files phase, so the live file's edits have less time to come in.
		$this->assertSame(0, $this->restoreStagedWhileLoading($backup->id));
		$this->assertSame($before, $this->siteState());
	}

	/** Restores $id into the live site in 5-second slices; the files staged by the end of the database phase. */
	private function restoreStagedWhileLoading(string $id): int
	{
		$runner = $this->runner($id, $this->live(), false);
		$step   = $runner->begin();
		while (RestorePhase::Database !== $step->state->phase) {
			$step = $runner->step($step->state, 5.0);
		}
		$this->assertSame(0, $step->state->filesDone);
		while (RestorePhase::Database === $step->state->phase) {
			$step = $runner->step($step->state, 5.0);
		}
		$staged = $step->state->filesStaged;
		$this->assertLessThanOrEqual((int) $step->state->filesTotal, $staged);
		while (!$step->finished) {
			$step = $runner->step($step->state, 5.0);
		}
		$this->assertSame($step->state->filesTotal, $step->state->filesStaged, 'each counted once');
		return $staged;
	}

	public function testARestoreGivenUpAtAnyPhaseBeforeTheSwitchLeavesTheSiteAsItWas(): void
	{
		$this->buildRestorableSite(100);
		$other = $this->backUpAs($this->asStaging());
		$this->changeSite();
		$changed = $this->siteState();
		$before  = [RestorePhase::SafetyBackup, RestorePhase::Checking, RestorePhase::Database, RestorePhase::Rewriting, RestorePhase::Files];

		foreach ($before as $phase) {
			$state = $this->runUntil($other->id, $phase);
			$this->assertFalse($state->isCommitted());
			$this->assertNotSame([], $this->leftovers(), "the restore had begun something in {$phase->value}");

			// The job gives up (cancelled, or failed): a new request throws away what it holds.
			$this->runner($other->id, $this->live())->discard(RestoreState::fromArray($state->toArray()));
			$this->assertSame($changed, $this->siteState(), "given up in {$phase->value}");
			$this->assertSame([], $this->leftovers(), "given up in {$phase->value}");
		}
		$this->assertNotContains('holdVisitors', TargetSiteDouble::calls($this->journal()), 'visitors were never kept out');
	}

	public function testASliceThatFailsWhileLoadingIsThrownAwayAndTheNextRestoreSucceeds(): void
	{
		$this->buildRestorableSite(300);
		$record = $this->backUpAs($this->live());
		$atBackup = $this->siteState();
		$this->changeSite();
		$changed = $this->siteState();
		$path  = $this->engine($this->live())->store()->objects()->pathFor($this->lastTableChunk($record->id));
		$bytes = (string) file_get_contents($path);
		file_put_contents($path, substr($bytes, 0, -20) . str_repeat('x', 20));

		$state = $this->runUntil($record->id, RestorePhase::Database, true);
		try {
			while (true) {
				$state = $this->runner($record->id, $this->live())->step($state, 0.001)->state;
				$this->assertSame(RestorePhase::Database, $state->phase, 'a damaged chunk is never passed');
			}
		} catch (\Throwable $failure) {
			$this->assertStringContainsString('Loading part', $failure->getMessage());
		}
		$this->assertSame($changed, $this->siteState(), 'the failed slice changed nothing');
		$this->runner($record->id, $this->live())->discard($state);
		$this->assertSame([], $this->leftovers());
		$this->assertSame($changed, $this->siteState());

		file_put_contents($path, $bytes);
		$this->restoreWithRunner($record->id, $this->live(), 0.05, true);
		$this->assertSame($atBackup, $this->siteState());
	}

	public function testPastThePointOfNoReturnAFailedSliceIsRunAgainAndTheRestoreCompletes(): void
	{
		$this->buildRestorableSite(100);
		$record = $this->backUpAs($this->live());
		$atBackup = $this->siteState();
		$this->changeSite();

		$state = $this->runUntil($record->id, RestorePhase::POINT_OF_NO_RETURN, true);
		$this->assertTrue($state->isCommitted());
		$this->assertTrue($state->toArray()['committed'], 'the job record says so to whoever reads it');
		$runner = $this->runner($record->id, $this->live(), true, $site);
		$site->failAtSwitch = new \RuntimeException('the database went away');
		try {
			$runner->step($state, 0.001);
			$this->fail('the slice did not fail');
		} catch (\RuntimeException $failure) {
			$this->assertSame('the database went away', $failure->getMessage());
		}
		$this->assertFileExists($this->site . '/.maintenance', 'visitors are kept out meanwhile');

		$state = RestoreState::fromArray($state->toArray());
		do {
			$step  = $this->runner($record->id, $this->live())->step($state, 0.001);
			$state = $step->state;
		} while (!$step->finished);
		$this->assertSame($atBackup, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	public function testALiveFileWrittenInPlaceAfterItWasStagedIsPutBackAsTheBackupHasIt(): void
	{
		$this->buildRestorableSite(50);
		$index = $this->site . '/index.php';
		touch($index, time() - 3600); // its time tells the write below, however fast the restore
		$record   = $this->backUpAs($this->live());
		$atBackup = $this->siteState();

		// Every file is staged as a second name of the live one; after the database switch, with the
		// files not moved yet, a request that got past maintenance writes one in place.
		$state = $this->runUntil($record->id, RestorePhase::POINT_OF_NO_RETURN, true);
		$this->assertGreaterThan(1, (int) stat($index)['nlink']);
		$log = [];
		$written = false;
		do {
			$step  = $this->runner($record->id, $this->live())->step(RestoreState::fromArray($state->toArray()), 0.001);
			$state = $step->state;
			$log   = array_merge($log, $step->log);
			if ($state->dbSwapped && !$written) {
				$this->assertFalse($state->filesMoved);
				$handle = fopen($index, 'r+b');
				fwrite($handle, '<?php // hacked');
				fclose($handle);
				$written = true;
			}
		} while (!$step->finished);
		$this->assertTrue($written);
		$this->assertSame($atBackup, $this->siteState());
		$put = preg_grep('/^Files the site wrote to while the restore ran/', $log);
		$this->assertSame(['Files the site wrote to while the restore ran, put back as the backup has them: 1.'], array_values($put));
		$this->assertSame([], $this->leftovers());
	}

	public function testABackupTheTargetRefusesOrThatMissesPartsChangesNothing(): void
	{
		$this->buildRestorableSite(50);
		$record = $this->backUpAs($this->live());
		$this->changeSite();
		$changed = $this->siteState();
		$engine  = $this->engine($this->live());
		$request = new RestoreRequest($record->id, $this->live(), ['database', 'files'], false);
		$refusing = new RestoreRunner($engine, $request, new TargetSiteDouble($engine, $this->live(), $this->storeDir, $this->journal(), 'Not into this site.'));
		try {
			$refusing->step($refusing->begin()->state, 1.0);
			$this->fail('the refusal was not heard');
		} catch (RestoreRefused $refused) {
			$this->assertSame('Not into this site.', $refused->getMessage());
		}

		unlink($engine->store()->objects()->pathFor($this->lastTableChunk($record->id)));
		$runner = $this->runner($record->id, $this->live(), false);
		try {
			$runner->step($runner->begin()->state, 1.0);
			$this->fail('a backup missing a part was restored');
		} catch (BackupDamaged $damaged) {
			$this->assertCount(1, $damaged->report->missing);
		}
		$this->assertSame($changed, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	public function testAStateSavedByTheEarlierHandlerCarriesOn(): void
	{
		$stored = [
			'phase'       => 'switching',
			'after_fetch' => 'safety_backup',
			'source'      => 'staging',
			'committed'   => true,
			'safety'      => '01m91y4bnwe0vdc6jy4bpqcg0m',
			'safety_done' => true,
			'db_prepared' => true,
			'area'        => '/srv/site-.site-backups-restore-0123456789abcdef',
			'files_done'  => 42,
			'db_swapped'  => true,
			'prune'       => ['last' => 'wp-content/uploads', 'entered' => true],
		];
		$state = RestoreState::fromArray($stored);
		$this->assertSame(RestorePhase::Switching, $state->phase);
		$this->assertTrue($state->isCommitted());
		$this->assertSame(['last' => 'wp-content/uploads', 'entered' => true], $state->prune);
		$this->assertSame($stored, $state->toArray());
		$this->assertFalse(RestoreState::fromArray($stored + ['pruned' => false])->pruned);
		$this->assertFalse(RestoreState::fromArray(['phase' => 'files', 'committed' => false])->isCommitted());
		$this->expectException(\UnexpectedValueException::class);
		RestoreState::fromArray(['phase' => 'somewhere']);
	}

	/**
	 * Runs a new restore of $id in small slices, each in a new runner, until a slice has worked in
	 * $phase (or, $entering, until the restore enters it); returns the state that slice saved.
	 */
	private function runUntil(string $id, RestorePhase $phase, bool $entering = false): RestoreState
	{
		$step = $this->runner($id, $this->live())->begin();
		do {
			$this->assertFalse($step->finished, "the restore never reached {$phase->value}");
			if ($entering && $step->state->phase === $phase) {
				break;
			}
			$was  = $step->state->phase;
			$step = $this->runner($id, $this->live())->step(RestoreState::fromArray($step->state->toArray()), 0.001);
		} while ($entering || $was !== $phase);
		return $step->state;
	}

	private function lastTableChunk(string $id): string
	{
		$hash = '';
		foreach ((new SnapshotReader($this->engine($this->live())->store()))->sourceChunks($id, DatabaseSource::KEY) as $chunk) {
			if (str_starts_with($chunk->label, 'wp_posts')) {
				$hash = $chunk->hash;
			}
		}
		$this->assertNotSame('', $hash);
		return $hash;
	}

	/**
	 * @param list<string> $log
	 * @return list<string>
	 */
	private static function withoutIds(array $log): array
	{
		return array_map(static fn (string $line): string => (string) preg_replace('/\b[0-9a-z]{26}\b/', '<id>', $line), $log);
	}
}
