<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\RefusedStatement;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Tests\Engine\Site\SiteTestCase;
use SiteBackups\Tests\Engine\Support\PlantedDatabase;

/**
 * A backup holding views and triggers restores into any target: in place, into another database
 * (the other environment, which may not have the plugin's tables), into an empty database, and
 * under another table prefix, beside another site's tables or not. What comes back is what a dump
 * of the same objects made there would say, byte for byte, and it works.
 */
final class ViewsAndTriggersRestoreTest extends SiteTestCase
{
	use RestoresInSlices;

	private string $expected;

	protected function setUp(): void
	{
		parent::setUp();
		ViewsAndTriggersFixture::create($this->db, 'wp_');
		$this->expected = $this->dumpDatabase($this->db);
	}

	public function testIntoAnEmptyDatabase(): void
	{
		$record = $this->backUpSite();
		$targetConfig = $this->createDatabase();
		$target = $this->connect($targetConfig);

		$this->restore($record->id, $targetConfig, 'wp_');

		self::assertSameText($this->expected, $this->dumpDatabase($target));
		$this->assertObjectsWork($target, 'wp_');
		$this->assertSame([], $this->leftovers($target));
	}

	public function testIntoAnotherDatabaseWhoseSiteHasNoneOfTheseTables(): void
	{
		$record = $this->backUpSite();
		$targetConfig = $this->createDatabase();
		$target = $this->connect($targetConfig);
		$this->runAll($target, [
			'CREATE TABLE wp_options (option_id int PRIMARY KEY, option_name varchar(191) NOT NULL)',
			"INSERT INTO wp_options VALUES (1, 'siteurl')",
			'CREATE VIEW wp_staging_only AS SELECT option_name FROM wp_options',
			'CREATE TRIGGER wp_options_bi BEFORE INSERT ON wp_options FOR EACH ROW SET NEW.option_name = LOWER(NEW.option_name)',
		]);

		$this->restore($record->id, $targetConfig, 'wp_');

		self::assertSameText($this->expected, $this->dumpDatabase($target));
		$this->assertObjectsWork($target, 'wp_');
		$this->assertSame([], $this->leftovers($target));
	}

	public function testInPlaceOverChangedViewsAndTriggers(): void
	{
		$record = $this->backUpSite();
		$this->runAll($this->db, [
			'DROP VIEW wp_xx',
			"CREATE OR REPLACE VIEW wp_x AS SELECT id FROM wp_log WHERE what = 'changed'",
			'DROP TRIGGER wp_y_bu',
			'CREATE TRIGGER wp_log_bi BEFORE INSERT ON wp_log FOR EACH ROW SET NEW.what = UPPER(NEW.what)',
			"UPDATE wp_y SET title = 'changed'",
			'CREATE TABLE wp_newer (id int PRIMARY KEY)',
			'CREATE VIEW wp_newer_view AS SELECT id FROM wp_newer',
		]);

		$this->restore($record->id, $this->config, 'wp_');

		self::assertSameText($this->expected, $this->dumpDatabase($this->db));
		$this->assertObjectsWork($this->db, 'wp_');
		$this->assertSame([], $this->leftovers($this->db));
	}

	public function testIntoAnotherPrefixInAnotherDatabase(): void
	{
		$record    = $this->backUpSite();
		$targetConfig = $this->createDatabase();
		$target = $this->connect($targetConfig);
		$reference = $this->connect($this->createDatabase());
		ViewsAndTriggersFixture::create($reference, 'stg_');

		$this->restore($record->id, $targetConfig, 'stg_');

		self::assertSameText($this->dumpDatabase($reference, 'stg_'), $this->dumpDatabase($target, 'stg_'));
		$this->assertObjectsWork($target, 'stg_');
	}

	public function testIntoAnotherPrefixBesideTheSiteItCameFrom(): void
	{
		$record    = $this->backUpSite();
		$reference = $this->connect($this->createDatabase());
		ViewsAndTriggersFixture::create($reference, 'stg_');

		$this->restore($record->id, $this->config, 'stg_');

		self::assertSameText($this->dumpDatabase($reference, 'stg_'), $this->dumpDatabase($this->db, 'stg_'));
		self::assertSameText($this->expected, $this->dumpDatabase($this->db), 'the site the backup came from is as it was');
		$this->assertSame([], $this->leftovers($this->db));
		// The restored views and triggers read and write the restored tables, never the site's.
		$this->assertObjectsWork($this->db, 'stg_');
		$this->assertSame('3', $this->db->fetchValue('SELECT COUNT(*) FROM wp_log'));
		$this->db->execute('UPDATE wp_y SET wp_owner = 99 WHERE id = 2');
		$this->assertSame('2', $this->db->fetchValue('SELECT wp_owner FROM stg_x WHERE id = 2'));
	}

	public function testARestoreStoppedRightAfterTheSwitchIsSettledByFinish(): void
	{
		$record = $this->backUpSite();
		$target = $this->connect($this->createDatabase());
		$target->execute('CREATE TABLE wp_y (id int PRIMARY KEY)');
		$target->execute('CREATE TRIGGER wp_y_ai AFTER INSERT ON wp_y FOR EACH ROW SET @x = 1');
		$restore = $this->backups()->databaseRestore($record->id, $target, 'wp_');
		$restore->prepare();
		while (!$restore->load(0.05)->complete) {
			// loads
		}
		// The RENAME of swap(), then the process dies.
		$target->execute('RENAME TABLE wp_y TO sbold_wp_y, sbtmp_wp_log TO wp_log, sbtmp_wp_y TO wp_y, sbtmp_wp_x TO wp_x, sbtmp_wp_xx TO wp_xx');

		$restore = $this->backups()->databaseRestore($record->id, $target, 'wp_');
		$this->assertSame(DatabaseRestore::SWAPPED, $restore->phase());
		$restore->finish();

		self::assertSameText($this->expected, $this->dumpDatabase($target));
		$this->assertObjectsWork($target, 'wp_');
		$this->assertSame([], $this->leftovers($target));
	}

	public function testAViewReadingATableTheBackupDoesNotHoldIsRefusedBeforeTheSwitch(): void
	{
		$record = $this->backUpSite();
		// A table of the site made after the backup: the switch would set it aside, and the view would read nothing.
		$this->db->execute('CREATE TABLE wp_ghost (id int PRIMARY KEY)');
		PlantedDatabase::intoTail(
			$this->backups()->store(),
			$record->id,
			"CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_planted` AS select `wp_ghost`.`id` AS `id` from `wp_ghost`;\n"
		);
		$before = $this->dumpDatabase($this->db);

		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		try {
			while (!$restore->load(0.05)->complete) {
				// loads
			}
			$this->fail('a view reading a table outside the backup was loaded');
		} catch (RefusedStatement $refused) {
			$this->assertStringContainsString('CREATE VIEW touching a table outside the backup', $refused->getMessage());
		}

		self::assertSameText($before, $this->dumpDatabase($this->db));
		$this->assertSame([], $this->leftovers($this->db));
	}

	/** The views read the restored rows and the triggers write the restored tables. */
	private function assertObjectsWork(Connection $db, string $p): void
	{
		$this->assertSame(
			[['id' => '2', 'wp_owner' => '2', 'n' => '2'], ['id' => '3', 'wp_owner' => null, 'n' => '0'], ['id' => '4', 'wp_owner' => '2', 'n' => '1']],
			$db->fetchAll("SELECT * FROM {$p}xx ORDER BY id")
		);
		$this->assertSame('reads `wp_y`', $db->fetchValue("SELECT wp_note FROM {$p}x WHERE id = 2"));
		$db->execute("INSERT INTO {$p}y (title) VALUES ('five')");
		$db->execute("UPDATE {$p}y SET title = 'one again' WHERE id = 1");
		$this->assertSame('ONE AGAIN', $db->fetchValue("SELECT title FROM {$p}y WHERE id = 1"));
		$this->assertSame(
			['two', 'two', 'four', 'added five of nobody', 'updated; `wp_y`'],
			array_column($db->fetchAll("SELECT what FROM {$p}log ORDER BY id"), 'what')
		);
	}
}
