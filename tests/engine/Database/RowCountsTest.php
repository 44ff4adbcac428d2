<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Browse\Browser;
use SiteBackups\Engine\Browse\TableChange;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\WriteHorizon;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Each backup counts the rows of every table it copies (the note "rows"), exactly and without a query
 * of its own: rows written are counted as they are written, an unchanged key range reused from the
 * previous backup by its fingerprint's count, a table proved unchanged and reused whole by the previous
 * backup's count. Browsing gives the counts and, between two backups, how many rows a table gained.
 */
final class RowCountsTest extends DatabaseTestCase
{
	private const OPTIONS = ['maxStatementBytes' => 4096, 'targetChunkBytes' => 8192, 'maxChunkBytes' => 65536];
	private const TABLES  = ['wp_comments', 'wp_empty', 'wp_log', 'wp_options', 'wp_posts', 'wp_terms'];

	private string $tmp;
	private BackupStore $store;

	protected function setUp(): void
	{
		parent::setUp();
		$this->tmp = sys_get_temp_dir() . '/sb-rows-' . bin2hex(random_bytes(4));
		mkdir($this->tmp . '/site', 0700, true);
		file_put_contents($this->tmp . '/site/index.php', '<?php');
		$this->store = BackupStore::create($this->tmp . '/store');
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		BigTables::integerKeyed($this->db, 'wp_comments', 800);
		BigTables::integerKeyed($this->db, 'wp_options', 1500);
		BigTables::compositeKeyed($this->db, 'wp_terms', 900);
		$this->runAll($this->db, [
			'CREATE TABLE wp_empty (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB',
			// No key at all: one chunk, in full order.
			'CREATE TABLE wp_log (at int NOT NULL, line varchar(40) NOT NULL) ENGINE=InnoDB',
			"INSERT INTO wp_log SELECT seq, CONCAT('line ', seq) FROM seq_1_to_250",
			'ANALYZE TABLE ' . implode(', ', self::TABLES),
		]);
	}

	protected function tearDown(): void
	{
		exec('rm -rf ' . escapeshellarg($this->tmp));
		parent::tearDown();
	}

	public function testEveryTableIsCountedAsItsRowsAreWritten(): void
	{
		$record = $this->backUp(false);

		$this->assertSame($this->liveCounts(), $record->sourceNotes('database')['rows']);
		$this->assertSame(
			['range', 'range', 'scan', 'range', 'range', 'keyset'],
			array_map(fn (string $table): ?string => $record->sourceNotes('database')['hints'][$table]['strategy'] ?? null, self::TABLES),
			'rows cut every way are counted'
		);
		$page = (new Browser($this->store))->tables($record->id);
		$this->assertTrue($page->toArray()['row_counts']);
		$this->assertSame($this->liveCounts(), array_combine(
			array_map(static fn ($table): string => $table->name, $page->tables),
			array_map(static fn ($table): ?int => $table->toArray()['rows'], $page->tables),
		));
	}

	public function testReusedRangesAndTablesKeepTheirCountsAndAComparisonGivesTheDelta(): void
	{
		$this->waitPastWrites();
		$first = $this->backUp(false);
		$this->runAll($this->db, [
			// New ids at the end, rows gone from the middle: most of the ranges stay the same and are reused.
			"INSERT INTO wp_posts (id, title, body) SELECT 3000 + seq, 'new', 'body' FROM seq_1_to_37",
			'DELETE FROM wp_comments WHERE id BETWEEN 100 AND 111',
			"INSERT INTO wp_terms VALUES ('group-new', 1, 'x')",
		]);

		$second = $this->backUp(null);

		$notes = $second->sourceNotes('database');
		$this->assertSame($this->liveCounts(), $notes['rows']);
		$this->assertSame(3037, $notes['rows']['wp_posts']);
		$this->assertNotSame([], $this->reusedWhole($second), 'some tables reused whole, their counts with them');
		$this->assertStringStartsWith('read:', $notes['proof']['tables']['wp_posts']['how'] ?? '');

		$changes = [];
		foreach ((new Browser($this->store))->tableChanges($first->id, $second->id)->changes as $change) {
			$changes[$change->name] = [$change->kind, $change->rowsBefore, $change->rowsAfter, $change->toArray()['row_delta']];
		}
		$this->assertSame([
			'wp_comments' => [TableChange::CHANGED, 800, 788, -12],
			'wp_posts'    => [TableChange::CHANGED, 3000, 3037, 37],
			'wp_terms'    => [TableChange::CHANGED, 900, 901, 1],
		], $changes);
	}

	public function testATableReusedWholeFromABackupThatDidNotCountItHasNoCount(): void
	{
		$this->waitPastWrites();
		$first = $this->backUp(false);
		$this->forgetCounts($first);

		$second = $this->backUp(null);

		$reused = $this->reusedWhole($second);
		$this->assertNotSame([], $reused);
		$expected = $this->liveCounts();
		foreach ($reused as $table) {
			$expected[$table] = null; // not known, never guessed
		}
		$this->assertSame($expected, $second->sourceNotes('database')['rows']);
		$this->assertNotSame(array_keys($expected), $reused, 'a table read counts its rows again');
		foreach ((new Browser($this->store))->tables($second->id)->tables as $table) {
			$this->assertSame($expected[$table->name], $table->rows);
		}
	}

	private function backUp(?bool $fresh): SnapshotRecord
	{
		$runner = new BackupRunner($this->store, [new DatabaseSource($this->db, 'wp_', new DumpOptions(...self::OPTIONS))], null, 0.0);
		$runner->begin(new BackupRequest($this->tmp . '/site', tablePrefix: 'wp_', parentId: $fresh === false ? false : null));
		while (!$runner->step(1.0)->isReady()) {
		}

		return $runner->publish();
	}

	/** @return list<string> the tables a backup proved unchanged and reused whole, nothing read */
	private function reusedWhole(SnapshotRecord $record): array
	{
		$how = array_map(static fn (array $table): ?string => $table['how'] ?? null, $record->sourceNotes('database')['proof']['tables']);

		return array_keys(array_filter($how, static fn (?string $way): bool => $way === 'time'));
	}

	/** @return array<string, int> */
	private function liveCounts(): array
	{
		$counts = [];
		foreach (self::TABLES as $table) {
			$counts[$table] = (int) $this->db->fetchValue("SELECT COUNT(*) FROM `{$table}`");
		}

		return $counts;
	}

	/** Rewrites a published record without the note, as a backup made before it was kept. */
	private function forgetCounts(SnapshotRecord $record): void
	{
		$notes = $record->sourceNotes('database');
		unset($notes['rows']);
		$this->store->snapshots()->publish(
			new SnapshotRecord($record->id, $record->parentId, $record->meta, $record->filePieces, ['database' => ['notes' => $notes] + $record->sources['database']])
		);
		$this->assertFalse((new Browser($this->store))->tables($record->id)->toArray()['row_counts']);
		$this->assertNull((new Browser($this->store))->tables($record->id)->tables[0]->rows);
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
