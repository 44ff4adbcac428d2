<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Repository;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

/**
 * Several installs in one database: `wp_` (this site, a multisite network), `wp_shop_` (another
 * install with its own options and users, a view and a trigger), `wp_stg_` (a copy), and tables the
 * administrator lists as foreign. A backup of `wp_` holds none of the others; a restore of `wp_`
 * never renames, drops or fills them, nor another install's restore in progress.
 */
final class ForeignTablesTest extends SiteTestCase
{
	private const LISTED = ['wp_legacy_log', 'wp_ext_*'];
	private const FOREIGN = [
		'wp_ext_data'     => 'listed as foreign',
		'wp_legacy_log'   => 'listed as foreign',
		'wp_shop_options' => 'another install (wp_shop_)',
		'wp_shop_posts'   => 'another install (wp_shop_)',
		'wp_shop_users'   => 'another install (wp_shop_)',
		'wp_shop_v'       => 'another install (wp_shop_)',
		'wp_stg_options'  => 'another install (wp_stg_)',
		'wp_stg_users'    => 'another install (wp_stg_)',
	];
	private const FOREIGN_TABLES = ['wp_ext_data', 'wp_legacy_log', 'wp_shop_options', 'wp_shop_posts', 'wp_shop_users', 'wp_stg_options', 'wp_stg_users'];

	protected function environment(?DatabaseConfig $config = null): Environment
	{
		return parent::environment(($config ?? $this->config)->withForeignTables(self::LISTED));
	}

	public function testABackupHoldsOnlyTheSitesOwnTablesAndSaysWhatItLeftOut(): void
	{
		$this->createInstalls();
		$record = $this->backUpSite();

		$dump = $this->dumpOf($record->id);
		foreach (array_keys(self::FOREIGN) as $table) {
			$this->assertStringNotContainsString('`' . $table . '`', $dump);
		}
		$this->assertStringNotContainsString('wp_shop_posts_bi', $dump, 'their triggers neither');
		foreach (['wp_options', 'wp_users', 'wp_posts', 'wp_blogs', 'wp_2_options', 'wp_2_users', 'wp_halfway_options'] as $own) {
			$this->assertStringContainsString('CREATE TABLE `' . $own . '`', $dump);
		}
		$this->assertSame(self::FOREIGN, $record->sourceNotes(Repository::DATABASE)['left_out']);
		$this->assertSame('complete', $record->meta['status'], 'what is not the site\'s is not a failure');
	}

	public function testARestoreLeavesEveryOtherInstallsTablesAsTheyWere(): void
	{
		$this->createInstalls();
		$record = $this->backUpSite();
		$this->db->execute("UPDATE wp_posts SET post_title = 'changed'");
		$this->db->execute("INSERT INTO wp_shop_posts VALUES (99, 'shop post written after the backup')");
		$this->db->execute("UPDATE wp_stg_options SET v = 'staging changed after the backup'");
		$this->db->execute('DROP TABLE wp_2_posts'); // the backup brings it back
		$before = $this->foreignState();

		$this->restoreInPlace($record->id);

		$this->assertSame($before, $this->foreignState());
		$this->assertSame('Title 1 🎉', $this->db->fetchValue('SELECT post_title FROM wp_posts WHERE ID = 1'));
		$this->assertSame('1', $this->db->fetchValue('SELECT COUNT(*) FROM wp_2_posts'));
		$this->assertSame([], $this->leftovers());
	}

	public function testTheRestoreOfABackupThatHoldsAnotherInstallsTablesLeavesThemAlone(): void
	{
		// Backed up before wp_shop_ had its users table (so before it was known as another install).
		$this->createInstalls();
		$this->db->execute('RENAME TABLE wp_shop_users TO shop_users_aside');
		$record = $this->backUpSite();
		$this->assertStringContainsString('CREATE TABLE `wp_shop_posts`', $this->dumpOf($record->id));
		$this->db->execute('RENAME TABLE shop_users_aside TO wp_shop_users');
		$this->db->execute("UPDATE wp_shop_posts SET title = 'the shop moved on'");
		$before = $this->foreignState();

		$left = $this->restoreInPlace($record->id);

		$this->assertSame($before, $this->foreignState());
		$this->assertContains('wp_shop_posts', $left);
		$this->assertContains('wp_shop_options', $left);
	}

	public function testAnotherInstallsRestoreInProgressIsNotTouched(): void
	{
		$this->createInstalls();
		$record = $this->backUpSite();
		// wp_shop_ is in the middle of its own restore: its loaded and its set-aside tables.
		$this->db->execute('CREATE TABLE sbtmp_wp_shop_posts (id int PRIMARY KEY)');
		$this->db->execute('CREATE TABLE sbold_wp_shop_posts (id int PRIMARY KEY)');
		$this->db->execute('CREATE TABLE sbrst_wp_shop_progress (id TINYINT PRIMARY KEY, chunks INT NOT NULL, phase VARCHAR(16) NOT NULL)');
		$this->db->execute('CREATE TABLE sbtmp_wp_legacy_log (id int PRIMARY KEY)');

		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'wp_');
		$restore->prepare();
		$restore->load(0.01);
		$restore->discard();
		$this->restoreInPlace($record->id);

		$this->assertSame(['sbold_wp_shop_posts', 'sbrst_wp_shop_progress', 'sbtmp_wp_legacy_log', 'sbtmp_wp_shop_posts'], $this->leftovers());
	}

	/** `wp_` with a network's tables and a plugin table, `wp_shop_`, `wp_stg_`, and listed tables. */
	private function createInstalls(): void
	{
		self::createWordPressTables($this->db, 30);
		$this->runAll($this->db, [
			'CREATE TABLE wp_users (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, user_login varchar(60) NOT NULL)',
			"INSERT INTO wp_users (user_login) VALUES ('admin')",
			'CREATE TABLE wp_blogs (blog_id bigint NOT NULL PRIMARY KEY, domain varchar(200) NOT NULL)',
			"INSERT INTO wp_blogs VALUES (1, 'example.test'), (2, 'two.example.test')",
			'CREATE TABLE wp_2_options (option_id bigint NOT NULL PRIMARY KEY, option_name varchar(191) NOT NULL)',
			"INSERT INTO wp_2_options VALUES (1, 'siteurl')",
			'CREATE TABLE wp_2_users (id int PRIMARY KEY)',
			'CREATE TABLE wp_2_posts (id int PRIMARY KEY, title varchar(50))',
			"INSERT INTO wp_2_posts VALUES (1, 'blog two')",
			'CREATE TABLE wp_halfway_options (id int PRIMARY KEY)',
			'CREATE TABLE wp_shop_options (option_id bigint NOT NULL PRIMARY KEY, option_name varchar(191) NOT NULL, v text)',
			"INSERT INTO wp_shop_options VALUES (1, 'siteurl', 'https://shop.example.test')",
			'CREATE TABLE wp_shop_users (ID bigint NOT NULL PRIMARY KEY, user_login varchar(60) NOT NULL)',
			"INSERT INTO wp_shop_users VALUES (1, 'shopkeeper')",
			'CREATE TABLE wp_shop_posts (id int PRIMARY KEY, title varchar(50))',
			"INSERT INTO wp_shop_posts VALUES (1, 'shop post')",
			'CREATE VIEW wp_shop_v AS SELECT id, title FROM wp_shop_posts',
			'CREATE TRIGGER wp_shop_posts_bi BEFORE INSERT ON wp_shop_posts FOR EACH ROW SET NEW.title = UPPER(NEW.title)',
			'CREATE TABLE wp_stg_options (id int PRIMARY KEY, v varchar(50))',
			"INSERT INTO wp_stg_options VALUES (1, 'staging')",
			'CREATE TABLE wp_stg_users (id int PRIMARY KEY)',
			'CREATE TABLE wp_legacy_log (id int PRIMARY KEY, line text)',
			"INSERT INTO wp_legacy_log VALUES (1, 'kept by another tool')",
			'CREATE TABLE wp_ext_data (id int PRIMARY KEY)',
			'INSERT INTO wp_ext_data VALUES (7)',
		]);
	}

	/** @return list<string> the tables a restore left out, as load() reported them */
	private function restoreInPlace(string $id): array
	{
		$left = [];
		$this->backups()->databaseRestore($id, $this->db, 'wp_')->prepare();
		do {
			$progress = $this->backups()->databaseRestore($id, $this->db, 'wp_')->load(0.02);
			$left     = array_merge($left, $progress->leftAlone);
		} while (!$progress->complete);
		$restore = $this->backups()->databaseRestore($id, $this->db, 'wp_');
		$restore->swap();
		$restore->finish();
		return array_values(array_unique($left));
	}

	/** @return array<string, mixed> */
	private function foreignState(): array
	{
		return [
			'exist'     => array_column($this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME IN ('" . implode("','", self::FOREIGN_TABLES) . "') ORDER BY 1"), 'TABLE_NAME'),
			'checksums' => self::checksums($this->db, self::FOREIGN_TABLES),
			'creates'   => self::createStatements($this->db, self::FOREIGN_TABLES),
			'other'     => self::checksums($this->db, ['other_options']),
			'view'      => $this->db->fetchAll("SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'wp_shop_v'"),
			'trigger'   => $this->db->fetchAll("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'wp_shop_posts_bi'"),
		];
	}

	private function dumpOf(string $id): string
	{
		$out = self::memoryStream();
		(new SnapshotReader($this->backups()->store()))->streamSource($id, DatabaseSource::KEY, $out);
		rewind($out);
		$dump = (string) stream_get_contents($out);
		fclose($out);
		return $dump;
	}

	/** @return list<string> */
	private function leftovers(): array
	{
		return array_column($this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%') ORDER BY 1"), 'TABLE_NAME');
	}
}
