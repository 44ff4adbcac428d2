<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;

/**
 * Unchanged key ranges reuse the previous snapshot's chunk object (the server fingerprints the range,
 * no row reaches PHP), and the script is still byte for byte what a fresh dump writes.
 * The runner is played by drive(): objects in an array, chunk_objects notes kept as it keeps them.
 */
final class ChunkReuseTest extends DatabaseTestCase
{
	private const SMALL = ['maxStatementBytes' => 4096, 'targetChunkBytes' => 8192, 'maxChunkBytes' => 65536];

	/** @var array<string, string> hash => chunk bytes */
	private array $objects = [];

	public function testAnUnchangedDatabaseReusesEveryRangeChunk(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		HardCasesFixture::create($this->db);
		$options = new DumpOptions(...self::SMALL);
		[$first, $notes] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), []);
		$this->assertSame(0, $first['reused']);
		$this->assertGreaterThan(10, count($notes[BackupRunner::CHUNK_OBJECTS]));

		[$second, $again] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), $notes);

		$this->assertSame(count($notes[BackupRunner::CHUNK_OBJECTS]), $second['reused'], 'every remembered range chunk reused');
		$this->assertSame($first['sql'], $second['sql']);
		self::assertSameText($this->dumpDatabase($this->db, 'wp_', $options), $second['sql']);
		$this->assertEquals($notes[BackupRunner::CHUNK_OBJECTS], $again[BackupRunner::CHUNK_OBJECTS], 'kept for the day after');
		$this->assertSame(3000, $notes['rows']['wp_posts']);
		foreach ($notes['rows'] as $table => $rows) {
			$this->assertSame((int) $this->db->fetchValue("SELECT COUNT(*) FROM `{$table}`"), $rows, $table . ' counted as written');
		}
		$this->assertSame($notes['rows'], $again['rows'], 'and as the fingerprints of the ranges reused count them');
	}

	public function testAChangedRowIsDumpedAgainAndTheRestReused(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		HardCasesFixture::create($this->db);
		$options = new DumpOptions(...self::SMALL);
		[$first, $notes] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), []);
		$remembered = count($notes[BackupRunner::CHUNK_OBJECTS]);

		$this->db->execute("UPDATE wp_posts SET title = 'edited' WHERE id = 1500");
		// One ulp of a DOUBLE, a NULL that becomes an empty string: changes the text must show.
		$this->db->execute('UPDATE wp_hard SET d = d + d * 2.3e-16 WHERE d IS NOT NULL AND d <> 0 LIMIT 1');
		$this->db->execute("UPDATE wp_hard SET maybe = '' WHERE maybe IS NULL LIMIT 1");
		[$second] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), $notes);

		self::assertSameText($this->dumpDatabase($this->db, 'wp_', $options), $second['sql']);
		$this->assertNotSame($first['sql'], $second['sql']);
		$this->assertLessThan($remembered, $second['reused']);
		$this->assertGreaterThanOrEqual($remembered - 3, $second['reused'], 'only the changed ranges are dumped');
	}

	public function testASchemaChangeNeverReuses(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 2000);
		$options = new DumpOptions(...self::SMALL);
		[, $notes] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), []);

		$this->db->execute('ALTER TABLE wp_posts MODIFY title varchar(120) NOT NULL');
		[$second] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), $notes);

		$this->assertSame(0, $second['reused']);
		self::assertSameText($this->dumpDatabase($this->db, 'wp_', $options), $second['sql']);
	}

	public function testAMissingParentObjectFallsBackToDumping(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		$options = new DumpOptions(...self::SMALL);
		[, $notes] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), []);
		$remembered = $notes[BackupRunner::CHUNK_OBJECTS];
		$gone = reset($remembered)[0];
		unset($this->objects[$gone]);

		[$second] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), $notes);

		$this->assertSame(count($remembered) - 1, $second['reused']);
		self::assertSameText($this->dumpDatabase($this->db, 'wp_', $options), $second['sql']);
		$this->assertArrayHasKey($gone, $this->objects, 'written again');
	}

	public function testWithoutAnObjectCheckNothingIsReused(): void
	{
		BigTables::integerKeyed($this->db, 'wp_posts', 1000);
		$options = new DumpOptions(...self::SMALL);
		[, $notes] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), []);

		[$second] = $this->drive(new DatabaseSource($this->db, 'wp_', $options), $notes, false);

		$this->assertSame(0, $second['reused']);
	}

	/**
	 * Runs a source to its end as BackupRunner does, storing chunks by hash.
	 * @param array<string, mixed> $parentNotes
	 * @return array{0: array{sql: string, reused: int}, 1: array<string, mixed>}
	 */
	private function drive(DatabaseSource $source, array $parentNotes, bool $offerObjects = true): array
	{
		if ($offerObjects) {
			$source->useObjects(fn (string $hash): bool => isset($this->objects[$hash]));
		}
		$cursor = $source->start($parentNotes);
		$sql    = '';
		$reused = 0;
		$notes  = [];
		do {
			$out   = self::memoryStream();
			$chunk = $source->writeNextChunk($cursor, $out);
			$text  = (string) stream_get_contents($out, -1, 0);
			if (null !== $chunk->reuseHash) {
				$this->assertSame('', $text, 'a reused chunk writes nothing');
				$this->assertArrayHasKey($chunk->reuseHash, $this->objects);
				$text = $this->objects[$chunk->reuseHash];
				$this->assertSame(strlen($text), $chunk->reuseSize);
				$reused++;
			}
			$hash                 = hash('sha256', $text);
			$this->objects[$hash] = $text;
			$sql                 .= $text;
			$notes                = array_replace($notes, $chunk->notes);
			if (null !== $chunk->contentKey) {
				$notes[BackupRunner::CHUNK_OBJECTS][$chunk->contentKey] = [$hash, strlen($text)];
			}
			$cursor = $chunk->next;
		} while (null !== $cursor);
		return [['sql' => $sql, 'reused' => $reused], $notes];
	}
}
