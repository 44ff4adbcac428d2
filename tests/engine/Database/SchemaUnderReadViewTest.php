<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\ConsistentSnapshot;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\TableDumper;

/**
 * A table's schema is read for each chunk until the read view has read its rows, once more after, and not
 * again for its other chunks: from then on the view's metadata lock keeps any ALTER waiting until the view ends. Outside a
 * view, or after a statement that may have ended the view's transaction, it is read for every chunk.
 */
final class SchemaUnderReadViewTest extends DatabaseTestCase
{
	private const OPTIONS = ['maxStatementBytes' => 4096, 'targetChunkBytes' => 8192, 'maxChunkBytes' => 65536];

	protected function setUp(): void
	{
		parent::setUp();
		BigTables::integerKeyed($this->db, 'wp_posts', 3000);
		$this->db->execute('ANALYZE TABLE wp_posts');
	}

	protected function tearDown(): void
	{
		ConsistentSnapshot::on($this->db)->release();
		parent::tearDown();
	}

	public function testUnderOneViewTheSchemaIsNotReadForEveryChunk(): void
	{
		$view = ConsistentSnapshot::on($this->db);
		[$chunks, $schemaReads, $text] = $this->dumpCounting(static fn () => $view->hold());

		$this->assertGreaterThan(10, $chunks, 'a table of many chunks');
		$this->assertSame(3, $schemaReads, 'for its schema chunk and its first rows, then once under their lock');
		$view->release();
		$this->assertSame($text, $this->dumpCounting(static function (): void {
		})[2], 'the same dump as outside a view');
	}

	public function testOutsideAViewEveryChunkReadsTheSchema(): void
	{
		[$chunks, $schemaReads] = $this->dumpCounting(static function (): void {
		});
		$this->assertSame($chunks, $schemaReads);
	}

	public function testAStatementThatMayHaveEndedTheViewMakesTheNextChunkReadTheSchemaAgain(): void
	{
		$view = ConsistentSnapshot::on($this->db);
		$db   = $this->db;
		$calls = 0;
		[$chunks, $schemaReads] = $this->dumpCounting(static function () use ($view, $db, &$calls): void {
			if (++$calls === 6) {
				$db->execute('SET @sb_between_chunks = 1'); // not a plain read: the lock may be gone
			}
			$view->hold();
		});
		$this->assertGreaterThan(10, $chunks);
		$this->assertSame(5, $schemaReads, 'twice more after the statement');
	}

	public function testAnAlterWaitsForTheViewThatReadTheTable(): void
	{
		$view = ConsistentSnapshot::on($this->db);
		$view->hold();
		$dumper = new TableDumper($this->db, new DumpOptions(...self::OPTIONS));
		$cursor = $dumper->start('wp_posts');
		$cursor = $dumper->writeNextChunk($cursor, $out = self::memoryStream());
		$dumper->writeNextChunk($cursor, $out);
		fclose($out);

		$other = $this->connect($this->config);
		$other->execute('SET SESSION lock_wait_timeout = 1');
		try {
			$other->execute('ALTER TABLE wp_posts ADD COLUMN extra int NOT NULL DEFAULT 0');
			$this->fail('the table was altered under the view that read it');
		} catch (DatabaseException $e) {
			$this->assertStringContainsString('Lock wait timeout', $e->getMessage());
		}
		$view->release();
		$other->execute('ALTER TABLE wp_posts ADD COLUMN extra int NOT NULL DEFAULT 0');
	}

	/**
	 * Dumps wp_posts whole, running $beforeChunk before each chunk (as the backup holds its view).
	 * @return array{int, int, string} chunks, schema reads (SHOW INDEX, one per read), the dump
	 */
	private function dumpCounting(\Closure $beforeChunk): array
	{
		$before = $this->showIndexCount($this->db);
		$dumper = new TableDumper($this->db, new DumpOptions(...self::OPTIONS));
		$beforeChunk();
		$cursor = $dumper->start('wp_posts');
		$chunks = 0;
		$text   = '';
		while (null !== $cursor) {
			$beforeChunk();
			$out    = self::memoryStream();
			$cursor = $dumper->writeNextChunk($cursor, $out);
			rewind($out);
			$text .= (string) stream_get_contents($out);
			fclose($out);
			$chunks++;
		}
		// start() reads it too, as it always has: counted apart.
		return [$chunks, $this->showIndexCount($this->db) - $before - 1, $text];
	}

	private function showIndexCount(Connection $db): int
	{
		return (int) $db->fetchRow("SHOW SESSION STATUS LIKE 'Com_show_keys'")['Value'];
	}
}
