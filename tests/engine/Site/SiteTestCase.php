<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Database\DatabaseTestCase;
use SiteBackups\Tests\Engine\Support\FileTree;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/**
 * Whole-site tests through the facade: a real WordPress tree in a temp folder, a throw-away
 * database with WordPress-like tables, real MariaDB, real files.
 */
abstract class SiteTestCase extends DatabaseTestCase
{
	public const CHUNK = 65536;
	public const DUMP  = ['maxStatementBytes' => 8192, 'targetChunkBytes' => 16384, 'maxChunkBytes' => 65536];

	protected string $tmp;
	protected string $site;
	protected string $storeDir;

	protected function setUp(): void
	{
		parent::setUp();
		$this->tmp      = sys_get_temp_dir() . '/sb-site-' . bin2hex(random_bytes(6));
		$this->site     = $this->tmp . '/site';
		$this->storeDir = $this->tmp . '/store';
		mkdir($this->site, 0755, true);
	}

	protected function tearDown(): void
	{
		self::makeWritable($this->tmp);
		Durable::removeTree($this->tmp);
		parent::tearDown();
	}

	/** The test server's database $name, for child processes (credentials from the environment). */
	public static function configFor(string $name): DatabaseConfig
	{
		return self::serverConfig($name);
	}

	protected function environment(?DatabaseConfig $config = null): Environment
	{
		return new Environment(Environment::PRODUCTION, $this->site, 'https://example.test', $config ?? $this->config);
	}

	protected function backups(?Environment $environment = null): Repository
	{
		return Repository::open($this->storeDir, [$environment ?? $this->environment()], new DumpOptions(...self::DUMP), self::CHUNK);
	}

	/** Begins, steps in short slices (each through a fresh facade, as separate requests would), publishes. */
	protected function backUpSite(float $slice = 0.05, ?int &$steps = null): SnapshotRecord
	{
		$id    = $this->backups()->beginBackup($this->environment(), 'manual', 'test', '6.8', '0.1.0');
		$steps = 0;
		$backups = $this->backups();
		do {
			$steps++;
			$progress = $backups->step($id, $slice);
			if (0 === $steps % 10) {
				$backups = $this->backups(); // a new request now and then: resume from disk
			}
		} while (!$progress->isReady());
		return $this->backups()->publish($id);
	}

	/** A real WordPress tree: the test site's, or the cached download. */
	protected function copyWordPress(): void
	{
		$from = getenv('SITE_BACKUPS_WP_ROOT') ?: dirname(__DIR__, 3) . '/.dev/cache/wordpress';
		if (!is_file($from . '/wp-includes/version.php')) {
			self::fail("No WordPress to copy: set SITE_BACKUPS_WP_ROOT (tests/stack/run-suite.sh engine does); $from has none.");
		}
		exec('cp -a ' . escapeshellarg($from . '/.') . ' ' . escapeshellarg($this->site) . ' 2>&1', $output, $status);
		$this->assertSame(0, $status, implode("\n", $output));
		// Stores of other tests that may live in the real site's wp-content are not part of this copy.
		foreach (glob($this->site . '/wp-content/site-backups-*', GLOB_ONLYDIR) ?: [] as $dir) {
			Durable::removeTree($dir);
		}
	}

	/**
	 * The cases a file backup gets wrong.
	 * @return list<string> paths that must be excluded (and listed as such)
	 */
	protected function addHardFiles(): array
	{
		$uploads = $this->site . '/wp-content/uploads/2024/01';
		@mkdir($uploads, 0755, true);
		file_put_contents($uploads . '/name with spaces.txt', "spaces\n");
		file_put_contents($uploads . "/caf\u{e9} \u{fc}n\u{ef}code \u{1F600}.txt", "non-ASCII name\n");
		file_put_contents($uploads . '/empty.txt', '');
		file_put_contents($uploads . '/big.bin', random_bytes(3 * self::CHUNK + 123));
		file_put_contents($uploads . '/exactly-one-chunk.bin', random_bytes(self::CHUNK));
		file_put_contents($uploads . '/read-only.txt', "read only\n");
		chmod($uploads . '/read-only.txt', 0444);
		file_put_contents($uploads . '/script.sh', "#!/bin/sh\necho hi\n");
		chmod($uploads . '/script.sh', 0750);
		symlink('2024/01/big.bin', $this->site . '/wp-content/uploads/latest-big');
		symlink('/nonexistent/target', $this->site . '/wp-content/uploads/dangling');
		mkdir($this->site . '/wp-content/uploads/empty-folder');
		mkdir($this->site . '/wp-content/uploads/empty-folder/nested-empty', 0700);
		mkdir($this->site . '/wp-content/cache/page', 0755, true);
		file_put_contents($this->site . '/wp-content/cache/page/index.html', 'cached page');
		mkdir($this->site . '/wp-content/private-stuff', 0755, true);
		file_put_contents($this->site . '/wp-content/private-stuff/.donotbackup', '');
		file_put_contents($this->site . '/wp-content/private-stuff/secret.txt', 'not to be backed up');
		return ['wp-content/cache', 'wp-content/private-stuff'];
	}

	/** WordPress-like tables of the wp_ prefix, a view, a trigger, and a table of another site. */
	protected static function createWordPressTables(Connection $db, int $posts = 400): void
	{
		$db->execute('SET SESSION max_recursive_iterations = 100000000');
		$db->execute(
			"CREATE TABLE wp_options (option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL DEFAULT '',"
			. " option_value longtext NOT NULL, autoload varchar(20) NOT NULL DEFAULT 'yes', PRIMARY KEY (option_id),"
			. ' UNIQUE KEY option_name (option_name), KEY autoload (autoload)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$insert = $db->mysqli()->prepare('INSERT INTO wp_options (option_name, option_value, autoload) VALUES (?, ?, ?)');
		$options = [
			['siteurl', 'https://example.test', 'yes'],
			['home', 'https://example.test', 'yes'],
			['blogname', "Caf\u{e9} \u{1F600} blog", 'yes'],
			['widget_text', serialize([2 => ['title' => "It's \"quoted\" \u{1F389}", 'text' => "a;b\nc\\d"], '_multiwidget' => 1]), 'yes'],
			['cron', serialize([1700000000 => ['wp_version_check' => ['k' => ['schedule' => 'twicedaily', 'args' => []]]], 'version' => 2]), 'yes'],
			['some_json', '{"url":"https:\/\/example.test\/x","n":[1,2.5,null]}', 'no'],
		];
		foreach ($options as [$name, $value, $autoload]) {
			$insert->bind_param('sss', $name, $value, $autoload);
			$insert->execute();
		}
		$insert->close();

		$db->execute(
			'CREATE TABLE wp_posts (ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_author bigint(20) unsigned NOT NULL DEFAULT 0,'
			. " post_date datetime NOT NULL DEFAULT '0000-00-00 00:00:00', post_date_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',"
			. " post_content longtext NOT NULL, post_title text NOT NULL, post_status varchar(20) NOT NULL DEFAULT 'publish',"
			. " post_name varchar(200) NOT NULL DEFAULT '', post_type varchar(20) NOT NULL DEFAULT 'post', guid varchar(255) NOT NULL DEFAULT '',"
			. ' PRIMARY KEY (ID), KEY post_name (post_name(191)), KEY type_status_date (post_type, post_status, post_date, ID))'
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"INSERT INTO wp_posts (ID, post_author, post_date, post_content, post_title, post_status, post_name, guid)"
			. " WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {$posts})"
			. " SELECT n, 1, '2024-01-01 00:00:00' + INTERVAL n HOUR,"
			. " CONCAT('<p>Post ', n, ' \u{1F600} caf\u{e9} ', REPEAT(MD5(n), 20), '</p>'), CONCAT('Title ', n, ' \u{1F389}'),"
			. " IF(n MOD 10 = 0, 'draft', 'publish'), CONCAT('post-', n), CONCAT('https://example.test/?p=', n) FROM s"
		);
		$db->execute(
			'CREATE TABLE wp_postmeta (meta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_id bigint(20) unsigned NOT NULL DEFAULT 0,'
			. ' meta_key varchar(255) DEFAULT NULL, meta_value longtext, PRIMARY KEY (meta_id), KEY post_id (post_id),'
			. ' KEY meta_key (meta_key(191))) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"INSERT INTO wp_postmeta (post_id, meta_key, meta_value)"
			. " WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {$posts})"
			. " SELECT n, '_wp_attachment_metadata', CONCAT('a:2:{s:5:\"width\";i:', n, ';s:4:\"file\";s:', LENGTH(CONCAT('2024/01/img-', n, '.jpg')), ':\"2024/01/img-', n, '.jpg\";}') FROM s"
		);
		$db->execute(
			'CREATE TABLE wp_blobs (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, data longblob, hash binary(32) DEFAULT NULL) ENGINE=InnoDB'
		);
		$blob = $db->mysqli()->prepare('INSERT INTO wp_blobs (data, hash) VALUES (?, ?)');
		for ($i = 0; $i < 8; $i++) {
			$data = random_bytes(5000 + $i * 3000) . "\0\x1a'\"\\";
			$hash = hash('sha256', $data, true);
			$blob->bind_param('ss', $data, $hash);
			$blob->execute();
		}
		$blob->close();
		$db->execute("CREATE TABLE wp_zero_dates (id int PRIMARY KEY, d date NOT NULL DEFAULT '0000-00-00', dt datetime NOT NULL DEFAULT '0000-00-00 00:00:00', note varchar(20))");
		$db->execute("INSERT INTO wp_zero_dates VALUES (1, '0000-00-00', '0000-00-00 00:00:00', 'zero'), (2, '2024-02-29', '2024-02-29 12:00:00', 'leap')");
		$db->execute("CREATE VIEW wp_published AS SELECT ID, post_title FROM wp_posts WHERE post_status = 'publish'");
		$db->execute('CREATE TRIGGER wp_postmeta_bi BEFORE INSERT ON wp_postmeta FOR EACH ROW BEGIN IF NEW.meta_key IS NULL THEN SET NEW.meta_key = \'_none;\'; END IF; END');
		$db->execute('CREATE TABLE other_options (id int PRIMARY KEY, v varchar(50))');
		$db->execute("INSERT INTO other_options VALUES (1, 'other site')");
	}

	/** @return list<string> */
	protected static function wpTables(Connection $db): array
	{
		return array_column($db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE 'wp\\_%' ORDER BY TABLE_NAME"), 'TABLE_NAME');
	}

	/** Restores the snapshot's database into a new database, as a restore does, and returns a connection to it. */
	protected function restoreDatabase(Repository $backups, string $id): Connection
	{
		$target = $this->connect($this->createDatabase());
		RestoredCopy::database($backups->store(), $id, $target);
		return $target;
	}

	protected function assertSameWordPressDatabase(Connection $source, Connection $target): void
	{
		$tables = self::wpTables($source);
		$this->assertGreaterThanOrEqual(5, count($tables));
		$this->assertSame($tables, self::wpTables($target));
		$this->assertSame(self::checksums($source, $tables), self::checksums($target, $tables));
		$this->assertSame(self::createStatements($source, $tables), self::createStatements($target, $tables));
		$this->assertSame($source->fetchAll('SELECT * FROM wp_published ORDER BY ID'), $target->fetchAll('SELECT * FROM wp_published ORDER BY ID'));
		$this->assertSame(['wp_postmeta_bi'], array_column($target->fetchAll('SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'), 'TRIGGER_NAME'));
		$this->assertSame([], $target->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'other%'"), 'another prefix is left out');
	}

	/**
	 * @param list<string> $skip
	 * @return array<string, array<string, mixed>>
	 */
	protected static function describeTree(string $root, array $skip = []): array
	{
		return FileTree::describe($root, $skip);
	}

	protected static function makeWritable(string $path): void
	{
		FileTree::makeWritable($path);
	}
}
