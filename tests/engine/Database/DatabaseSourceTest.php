<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Backup\SourceChunk;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\DumpWriteException;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Tests\Engine\Support\SqlLoader;

/** The database as a snapshot source: one SQL script in chunks, resumable from a JSON cursor. */
final class DatabaseSourceTest extends DatabaseTestCase
{
	private const SMALL = ['maxStatementBytes' => 4096, 'targetChunkBytes' => 8192, 'maxChunkBytes' => 32768];

	public function testTheChunksConcatenatedAreTheWholeDatabaseDumpAndLoadBack(): void
	{
		HardCasesFixture::create($this->db);
		$source = new DatabaseSource($this->db, 'wp_');

		[$chunks, $notes, $last] = $this->drive($source, []);

		$sql = implode('', array_column($chunks, 1));
		self::assertSameText($this->dumpDatabase($this->db), $sql, 'the same script as a one-run dump');
		$this->assertSame('header', $chunks[0][0]);
		$this->assertSame('views, triggers', end($chunks)[0]);
		$this->assertSame(HardCasesFixture::TABLES, array_values(array_unique(array_slice(array_column($chunks, 0), 1, -1))));
		$this->assertSame([], $notes['skipped']);
		$this->assertSame(HardCasesFixture::TABLES, array_keys($notes['hints']));
		$this->assertSame(count(HardCasesFixture::TABLES) + 2, $last->unitsTotal);
		$this->assertSame($last->unitsTotal, $last->unitsDone);

		$target = $this->connect($this->createDatabase());
		(new SqlLoader($target))->load(self::streamOf($sql));
		$tables = HardCasesFixture::TABLES;
		$this->assertSame(self::checksums($this->db, $tables), self::checksums($target, $tables));
		$this->assertSame(self::createStatements($this->db, $tables), self::createStatements($target, $tables));
		$this->assertEquals((new InventoryReader($this->db))->read('wp_'), (new InventoryReader($target))->read('wp_'));

		$file = tempnam(sys_get_temp_dir(), 'sbsrc');
		file_put_contents($file, $sql);
		$config = $this->createDatabase();
		try {
			$this->importWithClient($config, $file);
		} finally {
			unlink($file);
		}
		$this->assertSame(self::checksums($this->db, $tables), self::checksums($this->connect($config), $tables));
	}

	public function testTheCursorIsJsonAndTheInventoryIsFixedAtStart(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		BigTables::compositeKeyed($this->db, 'wp_meta', 2000);
		$options = new DumpOptions(...self::SMALL);
		[$uninterrupted] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), []);

		// Begun in one "request", a table added meanwhile, continued chunk by chunk in new ones.
		$cursor = (new DatabaseSource($this->db, 'wp_', $options))->start([]);
		$this->db->execute('CREATE TABLE wp_added_later (id int PRIMARY KEY)');
		$written = [];
		$passes  = [];
		while (null !== $cursor) {
			$cursor    = json_decode(json_encode($cursor, JSON_THROW_ON_ERROR), true, 512, JSON_THROW_ON_ERROR);
			$out       = self::memoryStream();
			$chunk     = (new DatabaseSource($this->connect($this->config), 'wp_', $options))->writeNextChunk($cursor, $out);
			$written[] = [$chunk->label, $chunk->pass, (string) stream_get_contents($out, -1, 0)];
			$passes[ $chunk->label ] = max($chunk->pass, $passes[ $chunk->label ] ?? 0);
			$cursor    = $chunk->next;
		}
		// As the runner lists them: of each label, the chunks of its last pass (tables read again under one view).
		// A table read again moves to the end (before the views and triggers): compare table by table.
		$text = [];
		foreach ($written as [$label, $pass, $bytes]) {
			$text[ $label ] = ($text[ $label ] ?? '') . ($pass === $passes[ $label ] ? $bytes : '');
		}
		$expected = [];
		foreach ($uninterrupted as [$label, $bytes]) {
			$expected[ $label ] = ($expected[ $label ] ?? '') . $bytes;
		}
		ksort($text);
		ksort($expected);
		$this->assertSame(array_keys($expected), array_keys($text));
		foreach ($expected as $label => $bytes) {
			self::assertSameText($bytes, $text[ $label ], (string) $label);
		}
		$this->assertGreaterThan(10, count($uninterrupted));
	}

	public function testParentHintsKeepTheChunkBoundaries(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		$options = new DumpOptions(...self::SMALL);
		[, $notes] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), []);
		$width = $notes['hints']['wp_posts']['width'];

		// Ten times the rows would call for another width; the hint keeps the old one.
		$this->db->execute('INSERT INTO wp_posts (title, body) SELECT title, body FROM wp_posts');
		[, $again] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), $notes);

		$this->assertSame($width, $again['hints']['wp_posts']['width']);
	}

	public function testATableDroppedHalfWayIsUndoneAndListedAsSkipped(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		BigTables::integerKeyed($this->db, 'wp_zz', 10);
		$this->db->execute('CREATE VIEW wp_view AS SELECT id FROM wp_posts');
		$this->db->execute('CREATE TRIGGER wp_posts_bi BEFORE INSERT ON wp_posts FOR EACH ROW SET NEW.title = NEW.title');
		$source = new DatabaseSource($this->db, 'wp_', new DumpOptions(...self::SMALL));
		$chunksOfPosts = 0;

		[$chunks, $notes] = $this->drive($source, [], function (string $label) use (&$chunksOfPosts): void {
			if ('wp_posts' === $label && 3 === ++$chunksOfPosts) {
				$this->db->execute('DROP TABLE wp_posts');
			}
		});

		$this->assertSame('the table was dropped during the backup', $notes['skipped']['wp_posts']);
		$this->assertStringStartsWith('view could not be backed up', $notes['skipped']['wp_view']);
		$this->assertSame('its table `wp_posts` was skipped', $notes['skipped']['trigger wp_posts_bi']);
		$this->assertArrayNotHasKey('wp_posts', $notes['hints']);
		$this->assertSame("DROP TABLE IF EXISTS `wp_posts`;\n", $chunks[4][1], 'what was written of it is undone');
		$sql    = implode('', array_column($chunks, 1));
		$target = $this->connect($this->createDatabase());
		(new SqlLoader($target))->load(self::streamOf($sql));
		$this->assertSame(['wp_zz'], (new InventoryReader($target))->read('wp_')->tables);
	}

	public function testATableThatChangesIsDumpedAgainOnceThenSkipped(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		$source  = new DatabaseSource($this->db, 'wp_', new DumpOptions(...self::SMALL));
		$altered = 0;
		$seen    = 0;
		[$chunks, $notes] = $this->drive($source, [], function (string $label) use (&$altered, &$seen): void {
			if ('wp_posts' === $label && 0 === ++$seen % 3 && $altered < 1) {
				$altered++;
				$this->db->execute("ALTER TABLE wp_posts ADD COLUMN extra{$altered} int NOT NULL DEFAULT 7");
			}
		});

		$this->assertSame([], $notes['skipped'], 'one change: the table is dumped again from its schema');
		$sql    = implode('', array_column($chunks, 1));
		$target = $this->connect($this->createDatabase());
		(new SqlLoader($target))->load(self::streamOf($sql));
		$this->assertSame(self::checksums($this->db, ['wp_posts']), self::checksums($target, ['wp_posts']));

		$seen = 0;
		[, $notes] = $this->drive($source, [], function (string $label) use (&$seen): void {
			if ('wp_posts' === $label && 0 === ++$seen % 3) {
				$this->db->execute("ALTER TABLE wp_posts ADD COLUMN again{$seen} int NOT NULL DEFAULT 7");
			}
		});
		$this->assertSame('its columns changed twice while it was being backed up', $notes['skipped']['wp_posts']);
	}

	public function testAShortWriteFailsWithAClearMessage(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 100);
		$source = new DatabaseSource($this->db, 'wp_');
		$cursor = $source->start([]);
		$file   = tempnam(sys_get_temp_dir(), 'sbro');
		$out    = fopen($file, 'rb'); // takes no bytes
		try {
			$this->expectException(DumpWriteException::class);
			$this->expectExceptionMessageMatches('/Could not write the header of the database backup: .*failed after 0 of \d+ bytes/');
			$source->writeNextChunk($cursor, $out);
		} finally {
			fclose($out);
			unlink($file);
		}
	}

	public function testACursorOfAnotherDatabaseIsRefused(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 10);
		$cursor = (new DatabaseSource($this->db, 'wp_'))->start([]);
		$other  = $this->connect($this->createDatabase());

		$this->expectException(\LogicException::class);
		(new DatabaseSource($other, 'wp_'))->writeNextChunk($cursor, self::memoryStream());
	}

	/**
	 * Runs a source to its end, as the runner does.
	 * @param array<string, mixed> $parentNotes
	 * @param (callable(string): void)|null $afterChunk called with each chunk's label
	 * @return array{0: list<array{0: string, 1: string}>, 1: array<string, mixed>, 2: SourceChunk}
	 */
	private function drive(DatabaseSource $source, array $parentNotes, ?callable $afterChunk = null): array
	{
		$cursor = $source->start($parentNotes);
		$chunks = [];
		$notes  = [];
		do {
			$out      = self::memoryStream();
			$chunk    = $source->writeNextChunk($cursor, $out);
			$chunks[] = [$chunk->label, (string) stream_get_contents($out, -1, 0)];
			$notes    = array_replace($notes, $chunk->notes);
			$cursor   = $chunk->next;
			if (null !== $afterChunk) {
				$afterChunk($chunk->label);
			}
		} while (null !== $cursor);
		return [$chunks, $notes, $chunk];
	}
}
