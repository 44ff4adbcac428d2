<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\SqlStatementReader;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

/**
 * A restore asked to keep unchanged tables leaves in place every live table whose schema and every
 * key range already hold what the backup holds (nothing loaded, nothing swapped), loads every other,
 * and still ends with the database exactly as the backup has it. What it loads reaches the server
 * as few, large INSERTs.
 */
final class UnchangedTablesRestoreTest extends SiteTestCase
{
	private const TABLES = ['wp_options', 'wp_postmeta', 'wp_posts'];

	public function testARestoreOverAnIdenticalDatabaseLoadsNoTableYetEndsAsTheBackup(): void
	{
		$this->createTables();
		$record = $this->backUpSite();
		$before = $this->state();
		$ids    = $this->tableIds();
		$this->db->execute('CREATE TABLE wp_added (id int PRIMARY KEY)'); // added since: it goes

		$this->assertSame([], $this->restoreKeeping($record->id), 'no table is loaded');

		$this->assertSame($before, $this->state());
		$this->assertSame($ids, $this->tableIds(), 'every table is the one that was there');
		$this->assertSame(self::TABLES, self::wpTables($this->db));
		$this->assertSame([], $this->leftovers($this->db));
	}

	public function testATableWithOneRowChangedInOneRangeIsLoadedAndTheOthersAreKept(): void
	{
		$this->createTables();
		$record = $this->backUpSite();
		$before = $this->state();
		$ids    = $this->tableIds();
		// Same length, same count, same time: only the row's bytes tell.
		$this->db->execute("UPDATE wp_posts SET post_title = 'Title 7 x' WHERE ID = 777");

		$this->assertSame(['sbtmp_wp_posts'], $this->restoreKeeping($record->id));

		$this->assertSame($before, $this->state());
		$this->assertSame($ids['wp_options'], $this->tableIds()['wp_options']);
		$this->assertSame($ids['wp_postmeta'], $this->tableIds()['wp_postmeta']);
		$this->assertNotSame($ids['wp_posts'], $this->tableIds()['wp_posts']);
	}

	public function testARowAddedOrDeletedMakesItsTableLoaded(): void
	{
		$this->createTables();
		$record = $this->backUpSite();
		$before = $this->state();
		$this->db->execute('DELETE FROM wp_postmeta WHERE meta_id = 5');
		$this->db->execute("INSERT INTO wp_options (option_name, option_value) VALUES ('added', 'since')");
		$this->db->execute("DELETE FROM wp_options WHERE option_name = 'added'"); // gone again, its counter moved on

		$this->assertSame(['sbtmp_wp_options', 'sbtmp_wp_postmeta'], $this->restoreKeeping($record->id));

		$this->assertSame($before, $this->state());
	}

	public function testASchemaChangeMakesItsTableLoaded(): void
	{
		$this->createTables();
		$record = $this->backUpSite();
		$before = $this->state();
		$this->db->execute('ALTER TABLE wp_options ADD KEY autoload (autoload)');

		$this->assertSame(['sbtmp_wp_options'], $this->restoreKeeping($record->id));

		$this->assertSame($before, $this->state());
	}

	public function testATableWrittenWhileTheRestLoadsIsLoadedAtTheSwitch(): void
	{
		$this->createTables();
		$record = $this->backUpSite();
		$before = $this->state();
		$this->db->execute("UPDATE wp_posts SET post_title = 'changed' WHERE ID = 3");

		$written = function (): void {
			// Kept at prepare(), written before the switch: it must not stay so.
			$this->db->execute("UPDATE wp_postmeta SET meta_value = 'written meanwhile' WHERE meta_id = 9");
		};
		$this->assertSame(['sbtmp_wp_posts'], $this->restoreKeeping($record->id, $written));

		$this->assertSame($before, $this->state());
		$this->assertSame([], $this->leftovers($this->db));
	}

	public function testWithoutBeingAskedEveryTableIsLoaded(): void
	{
		$this->createTables();
		$record = $this->backUpSite();

		$this->assertSame(['sbtmp_wp_options', 'sbtmp_wp_postmeta', 'sbtmp_wp_posts'], $this->restoreKeeping($record->id, keep: false));
	}

	public function testABackupWithAViewKeepsNothing(): void
	{
		$this->createTables();
		$this->db->execute('CREATE VIEW wp_titles AS SELECT ID, post_title FROM wp_posts');
		$record = $this->backUpSite();

		$this->assertSame(['sbtmp_wp_options', 'sbtmp_wp_postmeta', 'sbtmp_wp_posts', 'sbtmp_wp_titles'], $this->restoreKeeping($record->id));
		$this->assertSame('Title 3', $this->db->fetchValue('SELECT post_title FROM wp_titles WHERE ID = 3'));
	}

	/** The backup's INSERTs into one table reach the server as fewer, larger ones (each well under max_allowed_packet). */
	public function testRowsAreSentInFewerLargerInsertsThanTheBackupHoldsYetAllArrive(): void
	{
		$this->createTables();
		$record = $this->backUpSite();
		$before = $this->state();
		$out    = fopen('php://memory', 'w+b');
		(new SnapshotReader($this->backups()->store()))->streamSource($record->id, Repository::DATABASE, $out);
		rewind($out);
		$inserts = 0;
		foreach ((new SqlStatementReader($out))->statements() as $statement) {
			$inserts += str_starts_with($statement, 'INSERT INTO ') ? 1 : 0;
		}
		fclose($out);
		$target  = $this->connect($this->createDatabase());
		$restore = $this->backups()->databaseRestore($record->id, $target, 'wp_');
		$restore->prepare();
		$sent = static fn (): int => (int) $target->fetchRow("SHOW SESSION STATUS LIKE 'Com_insert'")['Value'];
		$at   = $sent();
		do {
			$progress = $restore->load(60.0);
		} while (!$progress->complete);

		$this->assertGreaterThan(20, $inserts, 'the backup holds many small INSERTs (8 KB each here)');
		$this->assertLessThan(intdiv($inserts, 5), $sent() - $at, 'they reach the server merged');
		$restore->swap();
		$restore->finish();
		$this->assertSame($before['checksums'], self::checksums($target, self::wpTables($this->db)));
	}

	/**
	 * Restores in slices as the plugin does, each step on a connection of its own; $meanwhile runs
	 * once everything is loaded, before the switch.
	 * @return list<string> the tables loaded beside the live ones
	 */
	private function restoreKeeping(string $id, ?\Closure $meanwhile = null, bool $keep = true): array
	{
		$restore = fn (): DatabaseRestore => $this->backups()->databaseRestore($id, $this->connect($this->config), 'wp_', null, $keep);
		$restore()->prepare();
		do {
			$progress = $restore()->load(0.02);
		} while (!$progress->complete);
		$loaded = array_column($this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'sbtmp%' ORDER BY TABLE_NAME"), 'TABLE_NAME');
		if (null !== $meanwhile) {
			$meanwhile();
		}
		$restore()->swap();
		$restore()->finish();
		return $loaded;
	}

	/** @return array<string, mixed> every table's rows and CREATE TABLE */
	private function state(): array
	{
		$tables = self::wpTables($this->db);
		return ['checksums' => self::checksums($this->db, $tables), 'create' => self::createStatements($this->db, $tables)];
	}

	/** @return array<string, string> InnoDB's id of each table: a table loaded anew gets a new one */
	private function tableIds(): array
	{
		$ids = [];
		foreach (self::TABLES as $table) {
			$ids[$table] = (string) $this->db->fetchValue(
				'SELECT TABLE_ID FROM information_schema.INNODB_SYS_TABLES WHERE NAME = ' . $this->db->quote($this->db->databaseName() . '/' . $table)
			);
		}
		return $ids;
	}

	/** @return list<string> */
	private function leftovers(Connection $db): array
	{
		return array_column($db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%' OR TABLE_NAME LIKE 'sbkeep%')"), 'TABLE_NAME');
	}

	/** Three WordPress-like tables of several key ranges each, without views, triggers or foreign keys. */
	private function createTables(): void
	{
		$this->db->execute('SET SESSION max_recursive_iterations = 100000000');
		$this->db->execute(
			"CREATE TABLE wp_options (option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL DEFAULT '',"
			. " option_value longtext NOT NULL, autoload varchar(20) NOT NULL DEFAULT 'yes', PRIMARY KEY (option_id),"
			. ' UNIQUE KEY option_name (option_name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$this->db->execute(
			'INSERT INTO wp_options (option_name, option_value) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 300)'
			. " SELECT CONCAT('option_', n), REPEAT(MD5(n), 4) FROM s"
		);
		$this->db->execute(
			'CREATE TABLE wp_posts (ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_title text NOT NULL,'
			. ' post_content longtext NOT NULL, PRIMARY KEY (ID)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$this->db->execute(
			'INSERT INTO wp_posts (ID, post_title, post_content) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1500)'
			. " SELECT n, CONCAT('Title ', n), CONCAT('<p>', REPEAT(MD5(n), 6), '</p>') FROM s"
		);
		$this->db->execute(
			'CREATE TABLE wp_postmeta (meta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_id bigint(20) unsigned NOT NULL DEFAULT 0,'
			. ' meta_key varchar(255) DEFAULT NULL, meta_value longtext, PRIMARY KEY (meta_id), KEY post_id (post_id))'
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$this->db->execute(
			'INSERT INTO wp_postmeta (post_id, meta_key, meta_value) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1500)'
			. " SELECT n, '_edit_lock', CONCAT(n, ':1') FROM s"
		);
	}
}
