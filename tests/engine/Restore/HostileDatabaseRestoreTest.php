<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\RefusedStatement;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Tests\Engine\Database\HardCasesFixture;
use SiteBackups\Tests\Engine\Site\SiteTestCase;
use SiteBackups\Tests\Engine\Support\PlantedDatabase;

/**
 * A backup's database planted with statements the dumper never writes (someone wrote the bucket):
 * the restore refuses before the switch, and the live site, the server's accounts and settings,
 * other databases and the file system are as they were.
 */
final class HostileDatabaseRestoreTest extends SiteTestCase
{
	private string $otherDb;
	private string $file;
	private string $readTimeout;

	protected function setUp(): void
	{
		parent::setUp();
		$this->otherDb     = $this->createDatabase()->name;
		$this->file        = sys_get_temp_dir() . '/sb-planted-' . bin2hex(random_bytes(6)) . '.txt';
		$this->readTimeout = (string) $this->db->fetchValue('SELECT @@GLOBAL.net_read_timeout');
	}

	protected function tearDown(): void
	{
		// Put back what a failing test may have changed on the shared server.
		$this->db->execute('SET GLOBAL net_read_timeout = ' . (int) $this->readTimeout);
		$this->db->execute("DROP USER IF EXISTS 'sb_planted'@'localhost'");
		@unlink($this->file);
		parent::tearDown();
	}

	/** @return array<string, array{string, string}> where, statement ({db}: another database, {file}: a path) */
	public static function hostileStatements(): array
	{
		return [
			'grant'                         => ['table', "GRANT SELECT ON *.* TO 'sb_planted'@'localhost' IDENTIFIED BY 'x';\n"],
			'create user'                   => ['table', "CREATE USER 'sb_planted'@'localhost';\n"],
			'set global'                    => ['table', "SET GLOBAL net_read_timeout = 7;\n"],
			'select into outfile'           => ['table', "SELECT option_value FROM wp_options INTO OUTFILE '{file}';\n"],
			'load data'                     => ['table', "LOAD DATA INFILE '/etc/hostname' INTO TABLE wp_options (option_name);\n"],
			'create table on another db'    => ['table', "CREATE TABLE `{db}`.`t` (`id` int(11) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;\n"],
			'create table outside prefix'   => ['table', "CREATE TABLE `other_planted` (`id` int(11) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;\n"],
			'drop a table outside prefix'   => ['table', "DROP TABLE IF EXISTS `other_options`;\n"],
			'view with a definer'           => ['tail', "CREATE ALGORITHM=UNDEFINED DEFINER=`sitebackups`@`localhost` SQL SECURITY DEFINER VIEW `wp_planted_v` AS select 1 AS `x`;\n"],
			'view reading another db'       => ['tail', "CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_planted_v` AS select `t`.`User` AS `u` from `mysql`.`user` `t`;\n"],
			'trigger writing outside'       => ['tail', "DELIMITER ;;\nCREATE TRIGGER `wp_planted_t` AFTER INSERT ON `wp_posts` FOR EACH ROW INSERT INTO other_options (id, v) VALUES (NEW.ID, 'x');;\nDELIMITER ;\n"],
			'trigger writing another db'    => ['tail', "DELIMITER ;;\nCREATE TRIGGER `wp_planted_t` AFTER INSERT ON `wp_posts` FOR EACH ROW BEGIN DELETE FROM `{db}`.`t`; END;;\nDELIMITER ;\n"],
			'executable comment'            => ['table', "/*!50000 CREATE TABLE `other_planted` (id int) */;\n"],
			'executable comment in a table' => ['table', "CREATE TABLE `wp_planted` (`id` int(11) NOT NULL /*!50000 , `x` int DEFAULT (LOAD_FILE('/etc/hostname')) */) ENGINE=InnoDB;\n"],
			'two statements in one'         => ['table', "DELIMITER ;;\nINSERT INTO `wp_options` (`option_name`,`option_value`,`autoload`) VALUES\n('planted','x','no'); DROP TABLE `other_options`;;\nDELIMITER ;\n"],
		];
	}

	#[DataProvider('hostileStatements')]
	public function testAPlantedStatementIsRefusedBeforeTheSwitchAndNothingChanges(string $where, string $statement): void
	{
		self::createWordPressTables($this->db, 40);
		$record = $this->backUpSite();
		$this->db->execute("UPDATE wp_posts SET post_title = 'changed since the backup'");
		$before = $this->serverState();
		$sql    = strtr($statement, ['{db}' => $this->otherDb, '{file}' => $this->file]);
		if ('tail' === $where) {
			PlantedDatabase::intoTail($this->backups()->store(), $record->id, $sql);
		} else {
			PlantedDatabase::intoTable($this->backups()->store(), $record->id, 'wp_posts', $sql);
		}

		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		try {
			$this->loadToTheEnd($record->id);
			$this->fail('the planted statement was loaded');
		} catch (RefusedStatement $refused) {
			$this->assertMatchesRegularExpression(
				"/\\AThe backup's database holds a statement a backup never contains \\([^)]+\\); nothing was changed\\.\\z/",
				$refused->getMessage()
			);
			$this->assertStringNotContainsString('/etc/hostname', $refused->getMessage());
		}

		$this->assertSame('', $restore->phase(), 'nothing is left to switch in');
		$this->expectNoSwap($restore);
		$this->assertSame($before, $this->serverState());
		$this->assertFileDoesNotExist($this->file);
		$this->assertSame([], $this->leftovers());
	}

	public function testARowTheServerRefusesFailsTheLoadWithItsReasonAndChangesNothing(): void
	{
		self::createWordPressTables($this->db, 40);
		$record = $this->backUpSite();
		$this->db->execute("UPDATE wp_posts SET post_title = 'changed since the backup'");
		$before = $this->serverState();
		// Passes the policy (a row of a table of the backup), but its key is already loaded: a row sent twice.
		$done = false;
		PlantedDatabase::edit($this->backups()->store(), $record->id, static function (string $label, string $chunk) use (&$done): string {
			// A statement's head on a line of its own, then a row per line (the dump escapes line breaks).
			if ($done || !str_starts_with($label, 'wp_posts') || preg_match('/^(INSERT INTO `wp_posts` \(.*\) VALUES\n)(.*)[,;]$/m', $chunk, $m) !== 1) {
				return $chunk;
			}
			$done = true;
			return $chunk . $m[1] . $m[2] . ";\n";
		});
		$this->assertTrue($done, 'a row was sent twice');

		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		try {
			$this->loadToTheEnd($record->id);
			$this->fail('a duplicate key was loaded');
		} catch (DatabaseException $e) {
			$this->assertStringContainsString('Loading', $e->getMessage());
			// The server's reason: the key at once, or (bulk loading an empty table) at the commit.
			$this->assertMatchesRegularExpression('/Duplicate entry|during COMMIT/', $e->getMessage());
			$this->assertStringContainsString('wp_posts', $e->getMessage());
		}

		$this->expectNoSwap($restore);
		$restore->discard();
		$this->assertSame($before, $this->serverState(), 'the live tables are as they were');
		$this->assertSame([], $this->leftovers());
	}

	public function testRowsThatLookLikeSqlAreRestoredAsTheyWere(): void
	{
		self::createWordPressTables($this->db, 20);
		$values = [
			"'; DROP TABLE wp_users; --",
			"*/ GRANT ALL ON *.* TO x; /*!50000 DROP TABLE other_options */ -- ",
			"\\'); SELECT LOAD_FILE('/etc/passwd') INTO OUTFILE '/tmp/x'; #",
			"DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON wp_posts FOR EACH ROW SET @x = 1;;",
		];
		$insert = $this->db->mysqli()->prepare("INSERT INTO wp_options (option_name, option_value, autoload) VALUES (?, ?, 'no')");
		foreach ($values as $i => $value) {
			$name = 'sql_like_' . $i;
			$insert->bind_param('ss', $name, $value);
			$insert->execute();
		}
		$insert->close();
		$record = $this->backUpSite();
		$before = $this->serverState();
		$this->db->execute("UPDATE wp_options SET option_value = 'changed' WHERE option_name LIKE 'sql\\_like\\_%'");

		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		while (!$restore->load(0.05)->complete) {
			// loads
		}
		$restore->swap();
		$restore->finish();

		$this->assertSame($values, array_column($this->db->fetchAll("SELECT option_value FROM wp_options WHERE option_name LIKE 'sql\\_like\\_%' ORDER BY option_name"), 'option_value'));
		$this->assertSame($before, $this->serverState());
		$this->assertSame([], $this->leftovers());
	}

	public function testEveryHardCaseComesBackThroughThePolicy(): void
	{
		HardCasesFixture::create($this->db);
		$record = $this->backUpSite();
		$before = $this->serverState();
		$this->db->execute('DELETE FROM wp_hard WHERE id > 1');
		$this->db->execute('DROP TRIGGER wp_sparse_bu');

		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		while (!$restore->load(0.05)->complete) {
			// loads
		}
		$restore->swap();
		$restore->finish();

		$this->assertSame($before, $this->serverState());
		$this->assertSame([], $this->leftovers());
	}

	/**
	 * Every table, view and trigger of the database (the site's and its neighbours'), the tables of
	 * the other database, the server's accounts, and one global setting.
	 * @return array<string, mixed>
	 */
	private function serverState(): array
	{
		$tables = array_column($this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"), 'TABLE_NAME');
		return [
			'tables'    => $tables,
			'checksums' => self::checksums($this->db, $tables),
			'creates'   => self::createStatements($this->db, $tables),
			'views'     => $this->db->fetchAll('SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1'),
			'triggers'  => $this->db->fetchAll('SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1'),
			'other db'  => $this->db->fetchAll('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ' . $this->db->quote($this->otherDb)),
			'grants'    => $this->db->fetchAll('SHOW GRANTS'),
			'accounts'  => $this->db->fetchAll("SELECT User, Host FROM mysql.global_priv WHERE User LIKE 'sb\\_%' ORDER BY 1, 2"),
			'global'    => $this->db->fetchValue('SELECT @@GLOBAL.net_read_timeout'),
		];
	}

	/** Loads the backup's database in short steps, each by a new DatabaseRestore (as each request makes one). */
	private function loadToTheEnd(string $id): void
	{
		do {
			$progress = $this->backups()->databaseRestore($id, $this->db, 'wp_')->load(0.01);
		} while (!$progress->complete);
	}

	private function expectNoSwap(DatabaseRestore $restore): void
	{
		try {
			$restore->swap();
			$this->fail('a refused restore could still be switched in');
		} catch (DatabaseException $e) {
			$this->assertStringContainsString('not loaded', $e->getMessage());
		}
	}

	/** @return list<string> */
	private function leftovers(): array
	{
		return array_column($this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')"), 'TABLE_NAME');
	}
}
