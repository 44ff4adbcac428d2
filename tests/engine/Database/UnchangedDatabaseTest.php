<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\JournalFolder;
use SiteBackups\Engine\Database\UnchangedProof;
use SiteBackups\Engine\Database\WriteHorizon;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * An unchanged table is proved unchanged without reading it (its facts, UPDATE_TIME against the previous
 * backup's horizon, the write journal), and every kind of change is still found: a direct UPDATE from
 * another client, a transaction open across the previous backup, UPDATE_TIME lost (as after a restart),
 * TRUNCATE and the same number of rows again, ALTER TABLE, an update that moves neither size nor
 * AUTO_INCREMENT. Each backup restores byte for byte as the site stood, and the server's own count of
 * the rows read from each table (TABLE_STATISTICS) shows the tables proved unchanged were not read at all.
 */
final class UnchangedDatabaseTest extends DatabaseTestCase
{
	private const OPTIONS = ['maxStatementBytes' => 4096, 'targetChunkBytes' => 8192, 'maxChunkBytes' => 65536];
	private const TABLES = ['wp_comments', 'wp_options', 'wp_postmeta', 'wp_posts', 'wp_terms', 'wp_usermeta', 'wp_users'];

	private string $tmp;
	private BackupStore $store;
	private JournalFolder $journal;
	/** @var array<string, int> rows the last backup read, by table */
	private array $rowsRead = [];
	private ?Connection $filler = null;
	private ?string $userStatistics = null;

	protected function setUp(): void
	{
		parent::setUp();
		$this->tmp = sys_get_temp_dir() . '/sb-unchanged-' . bin2hex(random_bytes(4));
		mkdir($this->tmp . '/site', 0700, true);
		file_put_contents($this->tmp . '/site/index.php', '<?php');
		$this->store   = BackupStore::create($this->tmp . '/store');
		$this->journal = JournalFolder::at($this->store->root(), $this->config->name, 'wp_');
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		BigTables::integerKeyed($this->db, 'wp_postmeta', 12000, 64);
		BigTables::integerKeyed($this->db, 'wp_options', 1500);
		BigTables::integerKeyed($this->db, 'wp_comments', 800);
		BigTables::integerKeyed($this->db, 'wp_users', 40);
		BigTables::integerKeyed($this->db, 'wp_usermeta', 400);
		$this->runAll($this->db, [
			'CREATE TABLE wp_terms (term_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(200) NOT NULL) ENGINE=Aria',
			"INSERT INTO wp_terms (name) SELECT CONCAT('term ', seq) FROM seq_1_to_300",
			// Settled statistics: InnoDB recounts a table's size in the background after a bulk insert.
			'ANALYZE TABLE ' . implode(', ', self::TABLES),
		]);
		$this->userStatistics = (string) $this->db->fetchValue('SELECT @@global.userstat');
		$this->db->execute('SET GLOBAL userstat = 1');
		// The journal is kept: a request of the site has written (as the plugin notes it).
		$this->wordPressWrites(['wp_options'], "UPDATE wp_options SET title = 'site' WHERE id = 1");
	}

	protected function tearDown(): void
	{
		if ($this->userStatistics !== null) {
			$this->db->execute('SET GLOBAL userstat = ' . (int) $this->userStatistics);
		}
		exec('rm -rf ' . escapeshellarg($this->tmp));
		parent::tearDown();
	}

	public function testAnUnchangedDatabaseIsProvedUnchangedWithoutReadingIt(): void
	{
		$first = $this->backUpLater();
		$this->assertSame(array_fill_keys(self::TABLES, 'read:new'), $this->how($first));

		$second = $this->backUp();

		$how = $this->how($second);
		$this->assertSame([], array_filter($how, static fn (string $h): bool => str_starts_with($h, 'read')), 'nothing left to read');
		$this->assertContains('time', $how);
		$this->assertLessThanOrEqual(2, count(array_keys($how, 'scrub', true)), 'about a seventh is scrubbed');
		$this->assertReadOnly($how, []);
		$this->assertSame($first->sources['database']['pieces'], $second->sources['database']['pieces'], 'the same chunks');
		$this->assertRestoresAsLive($second);
	}

	public function testABackupInManyShortRequestsCatchesUpWithoutReadingTheProvedTables(): void
	{
		$first = $this->backUpLater();

		$second = $this->backUp(0.005);

		$how = $this->how($second);
		$this->assertSame([], array_filter($how, static fn (string $h): bool => str_starts_with($h, 'read')));
		// Read under many views, every table was checked again in a catch-up pass: none was read for it.
		$this->assertReadOnly($how, []);
		$this->assertIsFloat($second->sourceNotes('database')['moment'] ?? null);
		$this->assertSame($first->sources['database']['pieces'], $second->sources['database']['pieces']);
		$this->assertRestoresAsLive($second);
	}

	public function testADirectUpdateFromAnotherClientOnATableTheJournalCallsCleanIsFound(): void
	{
		$first = $this->backUpLater();
		$mark  = $first->sourceNotes('database')['proof']['journal'];
		$this->assertIsArray($mark);

		$other = $this->connect($this->config);
		$other->execute("UPDATE wp_usermeta SET title = 'changed by hand' WHERE id = 200");
		$reading = $this->journal->writtenSince($mark);
		$this->assertNotNull($reading);
		$this->assertFalse($reading->mayHaveWritten('wp_usermeta'), 'the journal saw no write');
		$second = $this->backUp();

		$this->assertSame('read:written', $this->how($second)['wp_usermeta']);
		$this->assertReadOnly($this->how($second), ['wp_usermeta']);
		$this->assertRestoresAsLive($second);
	}

	public function testAWriteThatLeftNoStampIsFoundByTheScrubWithinAWeek(): void
	{
		$this->backUpLater();
		$other = $this->connect($this->config);
		$other->execute("UPDATE wp_users SET title = 'changed by hand' WHERE id = 7");
		$this->forgetUpdateTimes();

		$found = null;
		for ($day = 1; $day <= UnchangedProof::SCRUB_ROUNDS && $found === null; $day++) {
			$record = $this->backUp();
			$how    = $this->how($record)['wp_users'];
			if ($how === 'scrub') {
				$found = $record;
			} else {
				$this->assertSame('journal', $how, 'the journal vouches for it meanwhile');
			}
		}
		$this->assertNotNull($found, 'read within ' . UnchangedProof::SCRUB_ROUNDS . ' backups');
		$this->assertRestoresAsLive($found);
	}

	public function testATransactionOpenAcrossThePreviousBackupIsFound(): void
	{
		$this->waitPastWrites();
		$writer = $this->connect($this->config);
		$writer->execute('START TRANSACTION');
		$writer->execute("UPDATE wp_comments SET title = 'committed after the backup' WHERE id = 300");
		// Its stamp, when it commits, will be older than the backup's start by more than the rounding.
		sleep(WriteHorizon::EXACT_MARGIN + 2);
		$first = $this->backUp();
		$writer->execute('COMMIT');
		$horizon = WriteHorizon::fromArray($first->sourceNotes('database')['proof']['horizon']);
		$this->assertNotNull($horizon);
		$this->assertTrue($horizon->exact, 'the open transactions were seen');

		$second = $this->backUpLater();

		$this->assertSame('read:written', $this->how($second)['wp_comments']);
		$this->assertReadOnly($this->how($second), ['wp_comments']);
		$this->assertRestoresAsLive($second);
	}

	public function testUpdateTimesLostAsAfterARestartLeaveItToTheJournal(): void
	{
		$this->backUpLater();
		$this->wordPressWrites(['wp_posts'], "UPDATE wp_posts SET title = 'edited in WordPress' WHERE id = 1234");
		$this->forgetUpdateTimes();

		$second = $this->backUp();

		$how = $this->how($second);
		$this->assertSame('read:journal', $how['wp_posts']);
		foreach (['wp_comments', 'wp_postmeta', 'wp_usermeta', 'wp_users'] as $clean) {
			$this->assertContains($how[$clean], ['journal', 'scrub'], $clean);
		}
		$this->assertReadOnly($how, ['wp_posts']);
		$this->assertRestoresAsLive($second);
	}

	public function testTruncateAndTheSameNumberOfRowsAgainIsFound(): void
	{
		$this->backUpLater();
		$this->runAll($this->db, [
			'TRUNCATE TABLE wp_users',
			"INSERT INTO wp_users (id, title, body) SELECT seq, CONCAT('title ', seq), REPEAT(SHA1(seq), 3) FROM seq_1_to_40",
		]);

		$second = $this->backUp();

		$this->assertStringStartsWith('read:', $this->how($second)['wp_users']);
		$this->assertReadOnly($this->how($second), ['wp_users']);
		$this->assertRestoresAsLive($second);
	}

	public function testAnAlterTableIsFound(): void
	{
		$this->backUpLater();
		$this->db->execute('ALTER TABLE wp_comments ADD COLUMN karma int NOT NULL DEFAULT 0');
		$this->forgetUpdateTimes();

		$second = $this->backUp();

		$this->assertStringStartsWith('read:', $this->how($second)['wp_comments']);
		$this->assertReadOnly($this->how($second), ['wp_comments']);
		$this->assertRestoresAsLive($second);
	}

	public function testAnUpdateThatMovesNeitherSizeNorAutoIncrementIsFound(): void
	{
		$first = $this->backUpLater();
		$facts = $first->sourceNotes('database')['proof']['tables']['wp_postmeta']['f'];
		$this->db->execute("UPDATE wp_postmeta SET title = REVERSE(title) WHERE id = 5000");

		$second = $this->backUp();

		$this->assertSame($facts, $second->sourceNotes('database')['proof']['tables']['wp_postmeta']['f'], 'the same facts');
		$this->assertSame('read:written', $this->how($second)['wp_postmeta']);
		$this->assertReadOnly($this->how($second), ['wp_postmeta']);
		$this->assertRestoresAsLive($second);
	}

	public function testASnapshotFromBeforeTheProofsIsReadInFull(): void
	{
		$first  = $this->backUpLater();
		$notes  = $first->sourceNotes('database');
		unset($notes['proof']);
		$record = new SnapshotRecord($first->id, $first->parentId, $first->meta, $first->filePieces, ['database' => ['notes' => $notes] + $first->sources['database']]);
		$this->store->snapshots()->delete($first->id);
		$this->store->snapshots()->publish($record);

		$second = $this->backUp();

		$this->assertSame(array_fill_keys(self::TABLES, 'read:new'), $this->how($second));
		$this->assertSame($first->sources['database']['pieces'], $second->sources['database']['pieces'], 'its ranges reused by fingerprint');
		$this->assertRestoresAsLive($second);
	}

	/** A backup whose proofs may use UPDATE_TIME: the tables were last written well before it starts. */
	private function backUpLater(): SnapshotRecord
	{
		$this->waitPastWrites();

		return $this->backUp();
	}

	/**
	 * One backup, the newest one its parent: in one run, as the command line makes it, or in steps of
	 * $seconds, each a request of its own (a new process: a new connection, a new read view).
	 */
	private function backUp(?float $seconds = null): SnapshotRecord
	{
		$this->db->execute('FLUSH TABLE_STATISTICS');
		$db     = Connection::open($this->config);
		$runner = new BackupRunner($this->store, [$this->source($db)], null, 0.0);
		$id     = $runner->begin(new BackupRequest($this->tmp . '/site', tablePrefix: 'wp_'));
		while (!$runner->step($seconds ?? 10.0)->isReady()) {
			if ($seconds !== null) {
				$db->close();
				$db     = Connection::open($this->config);
				$runner = new BackupRunner($this->store, [$this->source($db)], null, 0.0);
				$runner->resume($id);
			}
		}
		$record = $runner->publish();
		$db->close();
		$this->rowsRead = [];
		foreach ($this->db->fetchAll('SELECT TABLE_NAME AS t, ROWS_READ AS r FROM information_schema.TABLE_STATISTICS WHERE TABLE_SCHEMA = DATABASE()') as $row) {
			$this->rowsRead[(string) $row['t']] = (int) $row['r'];
		}

		return $record;
	}

	private function source(Connection $db): DatabaseSource
	{
		return new DatabaseSource($db, 'wp_', new DumpOptions(...self::OPTIONS), [], $this->journal);
	}

	/** @param list<string> $tables */
	private function wordPressWrites(array $tables, string $statement): void
	{
		$request = $this->journal->request();
		$this->assertTrue($request->note($tables));
		$this->db->execute($statement);
		$request->end();
	}

	/** @return array<string, string> table => how it was proved */
	private function how(SnapshotRecord $record): array
	{
		$tables = $record->sourceNotes('database')['proof']['tables'] ?? [];
		$how    = [];
		foreach ($tables as $table => $entry) {
			$how[$table] = $entry['how'];
		}
		ksort($how);

		return $how;
	}

	/**
	 * The backup read not one row of the tables it proved unchanged (the server's count), and did read
	 * the changed ones (and the scrubbed ones).
	 *
	 * @param array<string, string> $how
	 * @param list<string> $changed
	 */
	private function assertReadOnly(array $how, array $changed): void
	{
		$proved = 0;
		foreach ($how as $table => $proof) {
			$read = $this->rowsRead[$table] ?? 0;
			if (in_array($table, $changed, true) || $proof === 'scrub') {
				$this->assertGreaterThan(0, $read, "$table ($proof) was read");
			} elseif ($proof === 'time' || $proof === 'journal') {
				$this->assertSame(0, $read, "$table ($proof): rows read");
				$proved++;
			} else {
				$this->fail("$table was read ($proof), though only " . implode(', ', $changed) . ' changed');
			}
		}
		$this->assertGreaterThan(0, $proved);
	}

	private function assertRestoresAsLive(SnapshotRecord $record): void
	{
		$restored = $this->connect($this->createDatabase());
		$restore  = new DatabaseRestore($this->store, $restored, $record->id, 'wp_');
		$restore->prepare();
		while (!$restore->load(5.0)->complete) {
		}
		$restore->swap();
		$restore->finish();
		$this->assertSame(self::checksums($this->db, self::TABLES), self::checksums($restored, self::TABLES));
		$this->assertSame(self::createStatements($this->db, self::TABLES), self::createStatements($restored, self::TABLES));
	}

	/** Sleeps until every table's last write is older than a backup starting now can take for its own time. */
	private function waitPastWrites(): void
	{
		$last = (int) $this->db->fetchValue(
			'SELECT MAX(UNIX_TIMESTAMP(UPDATE_TIME)) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'
		);
		do {
			$now = (float) $this->db->fetchValue('SELECT UNIX_TIMESTAMP(NOW(6))');
			if ($now >= $last + WriteHorizon::EXACT_MARGIN + 1.2) {
				return;
			}
			usleep(200000);
		} while (true);
	}

	/** Makes the server forget when the InnoDB tables were written, as it does after a restart. */
	private function forgetUpdateTimes(): void
	{
		$this->filler ??= $this->connect($this->createDatabase());
		ForgottenWrites::forget($this->db, $this->filler, array_values(array_diff(self::TABLES, ['wp_terms'])));
	}

}
