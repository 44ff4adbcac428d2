<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Tests\Engine\Support\SqlLoader;

/**
 * The database copy is one moment in time: a writer process keeps placing orders (a post and its
 * meta rows in one transaction) while the backup runs, and no order of the copy is torn in half,
 * whether the backup runs in many short requests (a new connection each) or in one long run.
 */
final class ConsistentCopyTest extends DatabaseTestCase
{
	public const ORDER_META = 4;
	private const OPTIONS = ['maxStatementBytes' => 4096, 'targetChunkBytes' => 8192, 'maxChunkBytes' => 65536];

	private string $tmp;
	private BackupStore $store;

	protected function setUp(): void
	{
		parent::setUp();
		$this->tmp = sys_get_temp_dir() . '/sb-consistent-' . bin2hex(random_bytes(4));
		mkdir($this->tmp . '/site', 0700, true);
		file_put_contents($this->tmp . '/site/index.php', '<?php');
		$this->store = BackupStore::create($this->tmp . '/store');
		$this->runAll($this->db, [
			'CREATE TABLE wp_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,'
				. ' option_name varchar(191) NOT NULL, option_value longtext NOT NULL) ENGINE=InnoDB',
			'CREATE TABLE wp_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,'
				. ' post_title text NOT NULL, post_type varchar(20) NOT NULL) ENGINE=InnoDB',
			'CREATE TABLE wp_postmeta (meta_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,'
				. ' post_id bigint unsigned NOT NULL, meta_key varchar(255), meta_value longtext, KEY post_id (post_id)) ENGINE=InnoDB',
			"INSERT INTO wp_options (option_name, option_value) SELECT CONCAT('option_', seq), REPEAT('x', 40) FROM seq_1_to_10000",
			"INSERT INTO wp_posts (post_title, post_type) SELECT 'Order', 'shop_order' FROM seq_1_to_1500",
			'INSERT INTO wp_postmeta (post_id, meta_key, meta_value) SELECT p.ID, CONCAT(\'_order_\', s.seq - 1), \'value\''
				. ' FROM wp_posts p JOIN seq_1_to_' . self::ORDER_META . ' s ORDER BY p.ID, s.seq',
		]);
	}

	protected function tearDown(): void
	{
		exec('rm -rf ' . escapeshellarg($this->tmp));
		parent::tearDown();
	}

	public function testABackupInManyShortRequestsHasNoTornOrder(): void
	{
		$steps  = 0;
		$record = $this->whileOrdersArePlaced(function () use (&$steps): SnapshotRecord {
			$begin = Connection::open($this->config);
			$id    = (new BackupRunner($this->store, [$this->source($begin)]))->begin($this->request());
			$begin->close();
			do {
				// Each step is a web request of its own: a new process, a new connection.
				$db     = Connection::open($this->config);
				$runner = new BackupRunner($this->store, [$this->source($db)]);
				$runner->resume($id);
				$progress = $runner->step(0.02);
				$db->close();
				$steps++;
			} while (!$progress->isReady());
			$db     = Connection::open($this->config);
			$runner = new BackupRunner($this->store, [$this->source($db)]);
			$runner->resume($id);
			$record = $runner->publish();
			$db->close();

			return $record;
		});

		$this->assertNoTornOrder($record);
		$this->assertGreaterThan(3, $steps, 'the backup took many requests');
		$notes = $record->sourceNotes('database');
		// The last catch-up pass finishes in its request when none fitted before.
		$this->assertTrue($notes['consistent'] ?? null, 'caught up to one moment');
		$this->assertArrayNotHasKey('window', $notes);
		$this->assertIsFloat($notes['moment']);
		$this->assertGreaterThan($record->meta['started_at'] - 5, $notes['moment']);
	}

	public function testABackupInOneLongRunIsOneSnapshot(): void
	{
		$record = $this->whileOrdersArePlaced(function (): SnapshotRecord {
			$runner = new BackupRunner($this->store, [$this->source($this->db)], null, 0.0);
			$runner->begin($this->request());
			// Many steps in one process on one connection, as the command line runs it.
			while (!$runner->step(0.01)->isReady()) {
			}

			return $runner->publish();
		});

		$this->assertNoTornOrder($record);
		$notes = $record->sourceNotes('database');
		$this->assertTrue($notes['consistent'] ?? null);
		$this->assertArrayNotHasKey('window', $notes);
	}

	public function testAnUnchangedDatabaseBackedUpInShortRequestsReusesItsChunksTheNextDay(): void
	{
		$first  = $this->backUpInSteps(0.02);
		$second = $this->backUpInSteps(0.02);

		$this->assertSame($first->id, $second->parentId);
		$this->assertSame($first->sources['database']['pieces'], $second->sources['database']['pieces'], 'the same chunks');
		$this->assertTrue($second->sourceNotes('database')['consistent'] ?? null);
	}

	/** @return SnapshotRecord what $backUp made while the writer placed orders */
	private function whileOrdersArePlaced(\Closure $backUp): SnapshotRecord
	{
		$stop  = $this->tmp . '/stop';
		$child = proc_open(
			[PHP_BINARY, dirname(__DIR__) . '/Fixtures/order-writer-child.php', $this->config->name, $stop],
			[1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
			$pipes
		);
		$this->assertIsResource($child);
		$first = (string) fgets($pipes[1]);
		if (!str_starts_with($first, 'ORDER ')) {
			$this->fail('The order writer did not start: ' . stream_get_contents($pipes[2]));
		}
		$before = (int) $this->db->fetchValue('SELECT COUNT(*) FROM wp_posts');
		try {
			$record = $backUp();
		} finally {
			touch($stop);
			$output = stream_get_contents($pipes[1]);
			$errors = stream_get_contents($pipes[2]);
			proc_close($child);
		}
		$this->assertSame('', $errors);
		$this->assertMatchesRegularExpression('/DONE \d+\n\z/', (string) $output);
		$after = (int) $this->db->fetchValue('SELECT COUNT(*) FROM wp_posts');
		$this->assertGreaterThan(20, $after - $before, 'orders kept coming during the backup');

		return $record;
	}

	private function assertNoTornOrder(SnapshotRecord $record): void
	{
		$loaded = $this->connect($this->createDatabase());
		$sql    = self::memoryStream();
		(new SnapshotReader($this->store))->streamSource($record->id, 'database', $sql);
		rewind($sql);
		(new SqlLoader($loaded))->load($sql);
		$this->assertSame([0, 0], self::tornOrders($loaded), 'orders torn in the dump (posts without all their meta, meta without post)');
		$this->assertGreaterThan(1500, (int) $loaded->fetchValue('SELECT COUNT(*) FROM wp_posts'));

		$restoredConfig = $this->createDatabase();
		$restored       = $this->connect($restoredConfig);
		$restore        = new DatabaseRestore($this->store, $restored, $record->id, 'wp_');
		$restore->prepare();
		while (!$restore->load(1.0)->complete) {
		}
		$restore->swap();
		$restore->finish();
		$this->assertSame([0, 0], self::tornOrders($restored), 'orders torn in the restored site');
		$this->assertSame(
			$loaded->fetchValue('SELECT COUNT(*) FROM wp_posts'),
			$restored->fetchValue('SELECT COUNT(*) FROM wp_posts')
		);
	}

	/** @return array{0: int, 1: int} posts without exactly ORDER_META meta rows, meta rows without their post */
	private static function tornOrders(Connection $db): array
	{
		return [
			(int) $db->fetchValue(
				"SELECT COUNT(*) FROM wp_posts p WHERE p.post_type = 'shop_order'"
				. ' AND (SELECT COUNT(*) FROM wp_postmeta m WHERE m.post_id = p.ID) <> ' . self::ORDER_META
			),
			(int) $db->fetchValue(
				'SELECT COUNT(*) FROM wp_postmeta m WHERE NOT EXISTS (SELECT 1 FROM wp_posts p WHERE p.ID = m.post_id)'
			),
		];
	}

	private function backUpInSteps(float $seconds): SnapshotRecord
	{
		$begin = Connection::open($this->config);
		$id    = (new BackupRunner($this->store, [$this->source($begin)]))->begin($this->request(false));
		$begin->close();
		do {
			$db     = Connection::open($this->config);
			$runner = new BackupRunner($this->store, [$this->source($db)]);
			$runner->resume($id);
			$progress = $runner->step($seconds);
			$db->close();
		} while (!$progress->isReady());
		$db     = Connection::open($this->config);
		$runner = new BackupRunner($this->store, [$this->source($db)]);
		$runner->resume($id);
		$record = $runner->publish();
		$db->close();

		return $record;
	}

	private function source(Connection $db): DatabaseSource
	{
		return new DatabaseSource($db, 'wp_', new DumpOptions(...self::OPTIONS));
	}

	/** @param bool $fresh no parent; else the newest backup is the parent */
	private function request(bool $fresh = true): BackupRequest
	{
		return new BackupRequest($this->tmp . '/site', tablePrefix: 'wp_', parentId: $fresh ? false : null);
	}
}
