<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\ConsistentSnapshot;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\TableActivity;
use SiteBackups\Engine\Database\WriteHorizon;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * "Not written since this view began" is measured, not guessed: each view comes with the write horizon
 * read just before it (the oldest transaction open then), so a transaction that began before the view and
 * commits during it, stamped with its own start, still counts as a write; without one, a table written
 * before the view is unchanged, as before.
 */
final class ViewWriteHorizonTest extends DatabaseTestCase
{
	private const OPTIONS = ['maxStatementBytes' => 4096, 'targetChunkBytes' => 8192, 'maxChunkBytes' => 65536];
	private const TABLES  = ['wp_comments', 'wp_options', 'wp_postmeta', 'wp_posts', 'wp_zz_orders'];

	private string $tmp;

	protected function setUp(): void
	{
		parent::setUp();
		$this->tmp = sys_get_temp_dir() . '/sb-view-horizon-' . bin2hex(random_bytes(4));
		mkdir($this->tmp . '/site', 0700, true);
		file_put_contents($this->tmp . '/site/index.php', '<?php');
		BigTables::integerKeyed($this->db, 'wp_comments', 800);
		BigTables::integerKeyed($this->db, 'wp_options', 1500);
		BigTables::integerKeyed($this->db, 'wp_postmeta', 6000, 64);
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		BigTables::integerKeyed($this->db, 'wp_zz_orders', 200);
		$this->db->execute('ANALYZE TABLE ' . implode(', ', self::TABLES));
	}

	protected function tearDown(): void
	{
		exec('rm -rf ' . escapeshellarg($this->tmp));
		parent::tearDown();
	}

	public function testATransactionOpenBeforeTheViewThatCommitsDuringItCountsAsAWrite(): void
	{
		$this->waitPastWrites();
		$writer = $this->connect($this->config);
		$writer->execute('START TRANSACTION');
		$writer->execute("UPDATE wp_posts SET title = 'paid' WHERE id = 17");
		// Its stamp will be older than the view by more than a clock's rounding.
		sleep(WriteHorizon::EXACT_MARGIN + 2);
		$this->assertTrue(WriteHorizon::read($this->db)->exact, 'the server shows its open transactions');

		[, $moment, $horizon] = ConsistentSnapshot::on($this->db)->hold();
		$writer->execute('COMMIT');

		$activity = TableActivity::read($this->db);
		$stamp    = (int) $this->db->fetchValue(
			"SELECT UNIX_TIMESTAMP(UPDATE_TIME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'wp_posts'"
		);
		$this->assertLessThan((int) floor($moment) - WriteHorizon::EXACT_MARGIN, $stamp, 'stamped with its start, before the view');
		$this->assertSame('title 17', $this->db->fetchValue('SELECT title FROM wp_posts WHERE id = 17'), 'the view does not see it');
		$this->assertFalse($activity->unchangedSince('wp_posts', $horizon), 'written since the view began');
		$this->assertTrue($activity->unchangedSince('wp_comments', $horizon), 'a table nobody wrote is still unchanged');
		ConsistentSnapshot::on($this->db)->release();
	}

	public function testWithoutAnOpenTransactionATableWrittenBeforeTheViewIsUnchanged(): void
	{
		$this->db->execute("UPDATE wp_posts SET title = 'paid' WHERE id = 17");
		$this->waitPastWrites();

		$snapshot             = ConsistentSnapshot::on($this->db);
		[, $moment, $horizon] = $snapshot->hold();
		$this->assertGreaterThanOrEqual((int) floor($moment) - WriteHorizon::EXACT_MARGIN - 1, $horizon, 'the clock, less its rounding');
		$this->assertTrue(TableActivity::read($this->db)->unchangedSince('wp_posts', $horizon));

		$other = $this->connect($this->config);
		$other->execute("UPDATE wp_posts SET title = 'refunded' WHERE id = 17");
		$this->assertFalse(TableActivity::read($this->db)->unchangedSince('wp_posts', $horizon), 'a write after the view began');
		$snapshot->release();
	}

	public function testATableThatIsNotTransactionalIsStampedWhenWritten(): void
	{
		$this->runAll($this->db, [
			'CREATE TABLE wp_stats (id int unsigned NOT NULL PRIMARY KEY, hits int NOT NULL) ENGINE=MyISAM',
			'INSERT INTO wp_stats VALUES (1, 0)',
		]);
		$this->waitPastWrites();
		// No transaction to wait for: a second after its stamp is enough, whatever else is open.
		$writer = $this->connect($this->config);
		$writer->execute('START TRANSACTION');
		$writer->execute("UPDATE wp_posts SET title = 'open' WHERE id = 3");

		[, $moment] = ConsistentSnapshot::on($this->db)->hold();
		$this->assertTrue(TableActivity::read($this->db)->writtenBefore('wp_stats', $moment));
		$this->connect($this->config)->execute('UPDATE wp_stats SET hits = hits + 1');
		$this->assertFalse(TableActivity::read($this->db)->writtenBefore('wp_stats', $moment), 'written since the view');
		$this->assertFalse(TableActivity::read($this->db)->writtenBefore('wp_comments', $moment), 'InnoDB is never judged so');
		$writer->execute('ROLLBACK');
		ConsistentSnapshot::on($this->db)->release();
	}

	public function testACopyOfATransactionOpenAcrossTheFirstViewIsReadAgain(): void
	{
		$this->waitPastWrites();
		$writer = $this->connect($this->config);
		$writer->execute('START TRANSACTION');
		$writer->execute("UPDATE wp_comments SET title = 'approved late' WHERE id = 5");
		sleep(WriteHorizon::EXACT_MARGIN + 2);

		$record = $this->backUpInRequests(false, function () use ($writer): void {
			// wp_comments, read first, was read (in part) without it; it commits while the backup goes on.
			$writer->execute('COMMIT');
			sleep(WriteHorizon::EXACT_MARGIN + 2);
		});

		$this->assertTrue($record->sourceNotes('database')['consistent'] ?? null);
		$this->assertRestoresAsLive($record);
	}

	public function testATableReusedAfterAWriteSinceTheProofWasDecidedIsReadAgain(): void
	{
		$this->waitPastWrites();
		$first = $this->backUpInRequests(false);
		$this->waitPastWrites();

		$second = $this->backUpInRequests($first, function (): void {
			// After the proof was decided under the first view, before the last table is reused.
			$this->connect($this->config)->execute("UPDATE wp_zz_orders SET title = 'shipped' WHERE id = 9");
			sleep(WriteHorizon::EXACT_MARGIN + 2);
		});

		$this->assertSame('time', $second->sourceNotes('database')['proof']['tables']['wp_zz_orders']['how'] ?? null, 'proved unchanged and reused');
		$this->assertTrue($second->sourceNotes('database')['consistent'] ?? null);
		$this->assertRestoresAsLive($second);
	}

	/**
	 * A backup in tiny requests, each with a new connection, as a site's web requests run it.
	 *
	 * @param SnapshotRecord|false $parent false for none
	 * @param (\Closure(): void)|null $meanwhile run once between two requests, once the first table is done
	 */
	private function backUpInRequests(SnapshotRecord|false $parent, ?\Closure $meanwhile = null): SnapshotRecord
	{
		$store   = is_file($this->tmp . '/store/format.php') ? BackupStore::open($this->tmp . '/store') : BackupStore::create($this->tmp . '/store');
		$begin   = Connection::open($this->config);
		$request = new BackupRequest($this->tmp . '/site', tablePrefix: 'wp_', parentId: $parent === false ? false : $parent->id);
		$id      = (new BackupRunner($store, [$this->source($begin)]))->begin($request);
		$begin->close();
		$number = 0;
		do {
			$number++;
			$db     = Connection::open($this->config);
			$runner = new BackupRunner($store, [$this->source($db)]);
			$runner->resume($id);
			$progress = $runner->step(0.001);
			$db->close();
			// The first table is done (the unchanged ones were decided before it), the last one not begun.
			if ($meanwhile !== null && $progress->phase === 'source:database' && $progress->unitsDone >= 2) {
				$this->assertLessThan(count(self::TABLES), $progress->unitsDone, 'the last table is not read yet');
				$meanwhile();
				$meanwhile = null;
			}
		} while (!$progress->isReady());
		$this->assertNull($meanwhile, 'it ran');
		$this->assertGreaterThan(3, $number, 'the backup took many requests');
		$db     = Connection::open($this->config);
		$runner = new BackupRunner($store, [$this->source($db)]);
		$runner->resume($id);
		$record = $runner->publish();
		$db->close();

		return $record;
	}

	private function source(Connection $db): DatabaseSource
	{
		return new DatabaseSource($db, 'wp_', new DumpOptions(...self::OPTIONS));
	}

	private function assertRestoresAsLive(SnapshotRecord $record): void
	{
		$restored = $this->connect($this->createDatabase());
		$restore  = new DatabaseRestore(BackupStore::open($this->tmp . '/store'), $restored, $record->id, 'wp_');
		$restore->prepare();
		while (!$restore->load(5.0)->complete) {
		}
		$restore->swap();
		$restore->finish();
		foreach (self::TABLES as $table) {
			$this->assertSame(self::checksum($this->db, $table), self::checksum($restored, $table), $table . ' as it stands');
		}
	}

	private static function checksum(Connection $db, string $table): string
	{
		return (string) $db->fetchValue("SELECT CONCAT(COUNT(*), ':', BIT_XOR(CRC32(CONCAT_WS('|', id, title, body)))) FROM `{$table}`");
	}

	/** Sleeps until every table's last write is older than a horizon read now can be. */
	private function waitPastWrites(): void
	{
		$last = (int) $this->db->fetchValue(
			'SELECT MAX(UNIX_TIMESTAMP(UPDATE_TIME)) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'
		);
		while ((float) $this->db->fetchValue('SELECT UNIX_TIMESTAMP(NOW(6))') < $last + WriteHorizon::EXACT_MARGIN + 1.2) {
			usleep(200000);
		}
	}
}
