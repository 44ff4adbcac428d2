<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Restore\RestoreState;
use SiteBackups\Tests\Engine\Support\KilledChild;

/**
 * A restore killed (SIGKILL) in a child process, its state saved after every slice as the job
 * record keeps it: before the point of no return the site is as it was, and the restore goes on or
 * is thrown away; after it, a new process takes it to the end.
 */
final class RestoreRunnerCrashTest extends SiteTestCase
{
	use RunnerRestores;

	public function testARestoreKilledBeforeTheSwitchLeavesTheSiteAsItWasAndANewProcessFinishesIt(): void
	{
		$this->buildRestorableSite(3000);
		$record   = $this->backUpAs($this->live());
		$atBackup = $this->siteState();
		$this->changeSite();
		$changed = $this->siteState();

		$lines = $this->killAfter($record->id, 'STEP database open', 4);
		$this->assertNotContains('STEP switching committed', $lines);
		$state = $this->savedState();
		$this->assertFalse($state->isCommitted(), 'killed before the switch');
		$this->assertSame($changed, $this->siteState(), 'the site is as it was');
		$this->assertFileDoesNotExist($this->site . '/.maintenance');

		// Killed again after going on from there: the second process took up the first one's work.
		$this->killAfter($record->id, 'STEP files open', 2);
		$again = $this->savedState();
		$this->assertFalse($again->isCommitted());
		$this->assertNotNull($again->area);
		$this->assertSame($state->safety, $again->safety, 'one safety backup');
		$this->assertSame($changed, $this->siteState());

		$this->finishInThisProcess($record->id);
		$this->assertSame($atBackup, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	public function testARestoreKilledBeforeTheSwitchIsThrownAwayWithNothingLeft(): void
	{
		$this->buildRestorableSite(3000);
		$record = $this->backUpAs($this->live());
		$this->changeSite();
		$changed = $this->siteState();

		$this->killAfter($record->id, 'STEP files open', 2);
		$state = $this->savedState();
		$this->assertFalse($state->isCommitted());
		$this->runner($record->id, $this->live())->discard($state);
		$this->assertSame($changed, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	public function testARestoreKilledAfterThePointOfNoReturnIsTakenToTheEndByANewProcess(): void
	{
		$this->buildRestorableSite(300);
		$record   = $this->backUpAs($this->live());
		$atBackup = $this->siteState();
		$this->changeSite();

		$this->killAfter($record->id, 'STEP switching committed', 3);
		$state = $this->savedState();
		$this->assertTrue($state->isCommitted(), 'killed after the switch began');
		$this->assertTrue($state->dbSwapped, 'the database was switched');
		$this->assertFalse($state->filesMoved, 'the files were not all moved in');
		$this->assertFileExists($this->site . '/.maintenance', 'visitors are kept out meanwhile');

		$this->finishInThisProcess($record->id);
		$this->assertSame($atBackup, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	/** @return list<string> the child's lines until it was killed */
	private function killAfter(string $id, string $line, int $times): array
	{
		$run = KilledChild::run(
			[__DIR__ . '/restore-runner-child.php', $this->storeDir, $this->site, $this->config->name, $id, $this->stateFile(), $this->journal()],
			static fn (string $seen): bool => $seen === $line,
			$times,
			120.0
		);
		$this->assertTrue($run['killed'], KilledChild::describe($run));
		return $run['lines'];
	}

	/** Goes on from the saved state in this process, a new runner for every slice. */
	private function finishInThisProcess(string $id): void
	{
		$state = $this->savedState();
		do {
			$step  = $this->runner($id, $this->live())->step($state, 0.05);
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
}
