<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Tests\Engine\Support\KilledChild;

/** A database restore killed (SIGKILL) while loading leaves the site as it was and can go on or start over. */
final class RestoreCrashTest extends SiteTestCase
{
	public function testAKilledLoadLeavesTheSiteAsItWasThenResumesWithoutRepeatingARow(): void
	{
		self::createWordPressTables($this->db, 3000);
		$record = $this->backUpSite(1.0);
		$atBackup = $this->state();
		$this->db->execute("UPDATE wp_posts SET post_title = CONCAT('changed ', ID)");
		$this->db->execute('DELETE FROM wp_postmeta WHERE post_id > 2000');
		$changed = $this->state();

		$done = $this->killWhileLoading($record->id, 'prepare', 6);
		$this->assertSame($changed, $this->state(), 'the live tables are untouched');
		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$this->assertSame(DatabaseRestore::LOADING, $restore->phase());

		$again = $this->killWhileLoading($record->id, 'resume', 3);
		$this->assertGreaterThan($done, $again, 'the second process went on from the first one');
		$this->assertSame($changed, $this->state());

		while (!$restore->load(1.0)->complete) {
			// the rest
		}
		$restore->swap();
		$restore->finish();
		$this->assertSame($atBackup, $this->state());
	}

	public function testAKilledLoadIsThrownAwayByTheNextRestore(): void
	{
		self::createWordPressTables($this->db, 3000);
		$record = $this->backUpSite(1.0);
		$atBackup = $this->state();
		$this->db->execute('DELETE FROM wp_posts WHERE ID > 10');

		$this->killWhileLoading($record->id, 'prepare', 5);
		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		while (!$restore->load(1.0)->complete) {
			// all of it
		}
		$restore->swap();
		$restore->finish();
		$this->assertSame($atBackup, $this->state());
		$this->assertSame([], $this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'sb%'"));
	}

	/** @return int chunks loaded when the child was killed */
	private function killWhileLoading(string $id, string $how, int $afterSlices): int
	{
		$run = KilledChild::run(
			[dirname(__DIR__) . '/Fixtures/restore-child.php', $this->storeDir, $this->config->name, $id, $how],
			static fn (string $line): bool => str_starts_with($line, 'LOADED '),
			$afterSlices
		);
		$this->assertTrue($run['killed'], KilledChild::describe($run));
		$last = (string) end($run['lines']);
		[, $done, $total] = explode(' ', $last);
		$this->assertLessThan((int) $total, (int) $done, 'killed before the load was complete');
		return (int) $done;
	}

	/** @return array<string, mixed> */
	private function state(): array
	{
		$tables = self::wpTables($this->db);
		return [self::checksums($this->db, $tables), self::createStatements($this->db, $tables)];
	}
}
