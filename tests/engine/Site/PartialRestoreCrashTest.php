<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Tests\Engine\Support\KilledChild;

/**
 * A restore of some paths and tables killed (SIGKILL) in a child process behaves as a whole one:
 * before the point of no return the site is as it was and the restore goes on or is thrown away;
 * after it, a new process takes it to the end, and only the listed paths and tables have changed.
 */
final class PartialRestoreCrashTest extends SiteTestCase
{
	use RunnerRestores;

	private const PATHS  = ['wp-content/themes/theme', 'wp-content/uploads/2024/01/empty.txt'];
	private const TABLES = ['wp_postmeta', 'wp_posts'];

	public function testKilledBeforeTheSwitchTheSiteIsAsItWasAndANewProcessFinishesOnlyTheListedPart(): void
	{
		$this->buildRestorableSite(3000);
		$record   = $this->backUpAs($this->live());
		$atBackup = $this->siteState();
		$this->changeSite();
		$changed = $this->siteState();

		$this->killAfter($record->id, 'STEP database open', 3);
		$state = $this->savedState();
		$this->assertFalse($state->isCommitted());
		$this->assertSame($changed, $this->siteState(), 'the site is as it was');

		$this->finishInThisProcess($record->id);
		$this->assertSame($this->expected($changed, $atBackup), $this->comparable($this->siteState()));
		$this->assertSame([], $this->leftovers());
	}

	public function testKilledBeforeTheSwitchItIsThrownAwayWithNothingLeft(): void
	{
		$this->buildRestorableSite(3000);
		$record = $this->backUpAs($this->live());
		$this->changeSite();
		$changed = $this->siteState();

		$this->killAfter($record->id, 'STEP files open', 1);
		$state = $this->savedState();
		$this->assertFalse($state->isCommitted());
		$this->runner($record->id)->discard($state);
		$this->assertSame($changed, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	public function testKilledAfterThePointOfNoReturnANewProcessTakesItToTheEnd(): void
	{
		$this->buildRestorableSite(300);
		$record   = $this->backUpAs($this->live());
		$atBackup = $this->siteState();
		$this->changeSite();
		$changed = $this->siteState();

		$this->killAfter($record->id, 'STEP switching committed', 2);
		$state = $this->savedState();
		$this->assertTrue($state->isCommitted(), 'killed after the switch began');
		$this->assertFileExists($this->site . '/.maintenance', 'visitors are kept out meanwhile');

		$this->finishInThisProcess($record->id);
		$this->assertSame($this->expected($changed, $atBackup), $this->comparable($this->siteState()));
		$this->assertSame([], $this->leftovers());
	}

	private function scope(): SnapshotScope
	{
		return new SnapshotScope(self::PATHS, self::TABLES);
	}

	private function runner(string $id): RestoreRunner
	{
		$engine = $this->engine($this->live());
		$site   = new TargetSiteDouble($engine, $this->live(), $this->storeDir, $this->journal());
		return new RestoreRunner($engine, new RestoreRequest($id, $this->live(), ['database', 'files'], true, $this->scope()), $site);
	}

	private function killAfter(string $id, string $line, int $times): void
	{
		$run = KilledChild::run(
			[__DIR__ . '/restore-runner-child.php', $this->storeDir, $this->site, $this->config->name, $id, $this->stateFile(), $this->journal(), (string) json_encode($this->scope()->toArray())],
			static fn (string $seen): bool => $seen === $line,
			$times,
			120.0
		);
		$this->assertTrue($run['killed'], KilledChild::describe($run));
	}

	private function finishInThisProcess(string $id): void
	{
		$state = $this->savedState();
		do {
			$step  = $this->runner($id)->step($state, 0.05);
			$state = RestoreState::fromArray(json_decode((string) json_encode($step->state->toArray()), true));
		} while (!$step->finished);
	}

	private function savedState(): RestoreState
	{
		return RestoreState::fromArray(json_decode((string) file_get_contents($this->stateFile()), true, 512, JSON_THROW_ON_ERROR));
	}

	private function stateFile(): string
	{
		return $this->tmp . '/state.json';
	}

	/**
	 * @param array<string, mixed> $changed
	 * @param array<string, mixed> $atBackup
	 * @return array<string, mixed> the changed site with the listed paths and tables as at the backup
	 */
	private function expected(array $changed, array $atBackup): array
	{
		$scope = $this->scope();
		$expected = $changed;
		$expected['files'] = array_filter($changed['files'], static fn (string $path): bool => !$scope->covers($path), ARRAY_FILTER_USE_KEY)
			+ array_filter($atBackup['files'], static fn (string $path): bool => $scope->covers($path), ARRAY_FILTER_USE_KEY);
		foreach (['checksums', 'creates'] as $kind) {
			foreach ($scope->tables as $table) {
				$expected[$kind][$table] = $atBackup[$kind][$table];
			}
		}
		return $this->comparable($expected);
	}

	/**
	 * The folders leading to a restored path change their time as their contents change: only that is left out.
	 * @param array<string, mixed> $state
	 * @return array<string, mixed>
	 */
	private function comparable(array $state): array
	{
		foreach (array_keys($state['files']) as $path) {
			if ($this->scope()->leadsTo((string) $path)) {
				unset($state['files'][$path]['mtime']);
			}
		}
		ksort($state['files'], SORT_STRING);
		return $state;
	}
}
