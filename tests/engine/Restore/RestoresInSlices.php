<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;

/**
 * A database restore as the plugin runs it, and what a restore must not leave behind. For site
 * tests (SiteTestCase: backups(), connect()).
 */
trait RestoresInSlices
{
	/** Prepares, loads in short slices, switches and finishes, each step on a connection of its own (as the plugin's requests). */
	private function restore(string $id, DatabaseConfig $target, string $prefix, float $slice = 0.02): void
	{
		$this->backups()->databaseRestore($id, $this->connect($target), $prefix)->prepare();
		do {
			$progress = $this->backups()->databaseRestore($id, $this->connect($target), $prefix)->load($slice);
		} while (!$progress->complete);
		$db = $this->connect($target);
		$this->backups()->databaseRestore($id, $db, $prefix)->swap();
		$this->assertSame('1', $db->fetchValue('SELECT @@SESSION.FOREIGN_KEY_CHECKS'), 'the switch turns the checks back on');
		$this->backups()->databaseRestore($id, $this->connect($target), $prefix)->finish();
	}

	/**
	 * The restore's own tables still in a database: loaded, set aside or renamed.
	 *
	 * @return list<string>
	 */
	private function leftovers(Connection $db): array
	{
		return array_column($db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')"), 'TABLE_NAME');
	}
}
