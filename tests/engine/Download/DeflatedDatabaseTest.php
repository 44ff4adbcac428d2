<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use SiteBackups\Engine\Download\DeflatedDatabase;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

/**
 * The database of a download, compressed once into the store's tmp/ and read back by every request
 * after: the same bytes however many requests it took, going on after a request that was cut off,
 * never two requests at once, a damaged copy made again.
 */
final class DeflatedDatabaseTest extends EngineTestCase
{
	/** Small segments, so that a small database takes many of them (and many requests). */
	private const SEGMENT = 6000;

	public function testTheCompressedDatabaseInflatesToTheSqlWithItsSizesAndCrcs(): void
	{
		$record   = $this->backedUp();
		$sql      = $this->sql($record);
		$database = new DeflatedDatabase($this->store, $record);
		$this->assertTrue($database->prepare(30.0));
		$packed = $this->packed($database);

		$this->assertSame($sql, gzinflate($packed));
		$this->assertSame(strlen($sql), $database->plainBytes());
		$this->assertSame(crc32($sql), $database->plainCrc());
		$this->assertSame(strlen($packed), $database->packedBytes());
		$this->assertSame(crc32($packed), $database->packedCrc());
		$this->assertLessThan(strlen($sql), strlen($packed));
		$this->assertSame(1.0, $database->share());
		$this->assertSame([$this->wholePath($record, $database)], $this->cached($record));
		$this->assertSame(0600, fileperms($this->wholePath($record, $database)) & 0777);
	}

	public function testALargeDatabaseTakesManyRequestsEachGoingOnWhereTheLastStoppedToTheSameBytes(): void
	{
		$record = $this->backedUp();
		$sql    = $this->sql($record);
		$shares = [];
		$tries  = 0;
		do {
			$tries++;
			// Each try is a new request: a new object, nothing remembered but the partial file.
			$database = new DeflatedDatabase($this->store, $record, self::SEGMENT);
			$ready    = $database->prepare(0.0);
			$shares[] = $database->share();
		} while (!$ready && $tries < 1000);

		$this->assertTrue($ready);
		$this->assertSame($this->segments($record), $tries, 'One segment per try: at least one, and no more once the time is up');
		$this->assertSame($shares, array_values(array_unique($shares)), 'Every try got further');
		$this->assertSame($sql, gzinflate($this->packed($database)));

		// The same bytes as one request that does it all: they depend only on the SQL.
		$bytes = $this->packed($database);
		unset($database);
		foreach ($this->cached($record) as $file) {
			unlink($file);
		}
		$again = new DeflatedDatabase($this->store, $record, self::SEGMENT);
		$this->assertTrue($again->prepare(30.0));
		$this->assertSame(bin2hex($bytes), bin2hex($this->packed($again)));
	}

	public function testARequestKilledMidSegmentLeavesWhatTheNextOneGoesOnFrom(): void
	{
		$record = $this->backedUp();
		$sql    = $this->sql($record);
		$first  = new DeflatedDatabase($this->store, $record, self::SEGMENT);
		$this->assertFalse($first->prepare(0.0));
		$this->assertFalse((new DeflatedDatabase($this->store, $record, self::SEGMENT))->prepare(0.0));
		$partial = $this->partialPath($record);
		$this->assertFileExists($partial);

		// Killed while writing its segment: bytes after what the header records, never recorded.
		file_put_contents($partial, random_bytes(3000), FILE_APPEND);
		$next = new DeflatedDatabase($this->store, $record, self::SEGMENT);
		$this->assertTrue($next->prepare(30.0));
		$this->assertSame($sql, gzinflate($this->packed($next)));
		$this->assertFileDoesNotExist($partial, 'Renamed into place once whole');

		// A partial file that is not this database's (or not readable as one) is begun again.
		foreach ($this->cached($record) as $file) {
			unlink($file);
		}
		file_put_contents($partial, "<?php exit; __halt_compiler(); ?>\n{\"kind\":\"something else\"}");
		$fresh = new DeflatedDatabase($this->store, $record, self::SEGMENT);
		$this->assertTrue($fresh->prepare(30.0));
		$this->assertSame($sql, gzinflate($this->packed($fresh)));
	}

	public function testWhileAnotherRequestCompressesItARequestWaitsItsTimeThenSaysNotYet(): void
	{
		$record = $this->backedUp();
		$this->assertFalse((new DeflatedDatabase($this->store, $record, self::SEGMENT))->prepare(0.0));
		$partial = $this->partialPath($record);
		$other   = fopen($partial, 'r+b');
		$this->assertIsResource($other);
		$this->assertTrue(flock($other, LOCK_EX));
		try {
			$waiting = new DeflatedDatabase($this->store, $record, self::SEGMENT);
			$start   = microtime(true);
			$this->assertFalse($waiting->prepare(0.5));
			$this->assertGreaterThanOrEqual(0.45, microtime(true) - $start, 'It waited its time');
			$this->assertGreaterThan(0.0, $waiting->share(), 'It says how far the other request got');
			$this->assertLessThan(1.0, $waiting->share());
		} finally {
			flock($other, LOCK_UN);
			fclose($other);
		}
		$this->assertTrue((new DeflatedDatabase($this->store, $record, self::SEGMENT))->prepare(30.0));
	}

	public function testADamagedCopyIsRemovedAndMadeAgain(): void
	{
		$record   = $this->backedUp();
		$sql      = $this->sql($record);
		$database = new DeflatedDatabase($this->store, $record);
		$this->assertTrue($database->prepare(30.0));
		$path  = $this->wholePath($record, $database);
		$bytes = (string) file_get_contents($path);
		unset($database);

		// Cut short: not taken for whole, made again.
		file_put_contents($path, substr($bytes, 0, -10));
		$again = new DeflatedDatabase($this->store, $record);
		$this->assertFalse($again->isReady());
		$this->assertTrue($again->prepare(30.0));
		$this->assertSame($bytes, file_get_contents($path));
		unset($again);

		// A changed byte in the deflate stream: found when it is read whole, and removed.
		$flipped = $bytes;
		$flipped[strlen($flipped) - 100] = chr(ord($flipped[strlen($flipped) - 100]) ^ 0x20);
		file_put_contents($path, $flipped);
		$damaged = new DeflatedDatabase($this->store, $record);
		$this->assertTrue($damaged->prepare(30.0));
		try {
			$this->packed($damaged);
			$this->fail('A damaged compressed database was read as if whole.');
		} catch (StoreException $e) {
			$this->assertStringContainsString('was damaged', $e->getMessage());
		}
		$this->assertFileDoesNotExist($path);
		$made = new DeflatedDatabase($this->store, $record);
		$this->assertTrue($made->prepare(30.0));
		$this->assertSame($sql, gzinflate($this->packed($made)));
	}

	public function testAMissingChunkFailsWithTheStoresMessage(): void
	{
		$record = $this->backedUp();
		$chunks = iterator_to_array((new SnapshotReader($this->store))->sourceChunks($record->id, 'database'), false);
		$this->store->objects()->delete($chunks[count($chunks) - 1]->hash);
		$this->expectException(StoreException::class);
		(new DeflatedDatabase($this->store, $record))->prepare(30.0);
	}

	/** A backup whose database is about 100 KB of SQL in many chunks. */
	private function backedUp(): SnapshotRecord
	{
		$this->write('index.php', "<?php\n");
		return $this->backUp([], [new FakeTableSource(['wp_posts' => 900, 'wp_postmeta' => 300], 60)]);
	}

	private function sql(SnapshotRecord $record): string
	{
		$out = fopen('php://memory', 'w+b');
		(new SnapshotReader($this->store))->streamSource($record->id, 'database', $out);
		return (string) stream_get_contents($out, -1, 0);
	}

	private function packed(DeflatedDatabase $database): string
	{
		$this->assertTrue($database->prepare(30.0));
		$bytes = '';
		$database->copy(0, $database->packedBytes(), static function (string $block) use (&$bytes): void {
			$bytes .= $block;
		});
		return $bytes;
	}

	/** How many segments the database makes: whole chunks, until a segment holds SEGMENT bytes or more. */
	private function segments(SnapshotRecord $record): int
	{
		$segments = 0;
		$bytes    = 0;
		foreach ((new SnapshotReader($this->store))->sourceChunks($record->id, 'database') as $chunk) {
			$bytes += $chunk->size;
			if ($bytes >= self::SEGMENT) {
				$segments++;
				$bytes = 0;
			}
		}
		return $segments + ($bytes > 0 ? 1 : 0);
	}

	/** @return list<string> the download files of the snapshot in the store's tmp/ */
	private function cached(SnapshotRecord $record): array
	{
		return glob($this->storeDir . '/tmp/download-' . $record->id . '-*') ?: [];
	}

	private function wholePath(SnapshotRecord $record, DeflatedDatabase $database): string
	{
		return $this->storeDir . '/tmp/download-' . $record->id . '-' . $database->key() . '-database.php';
	}

	private function partialPath(SnapshotRecord $record): string
	{
		$key = (new DeflatedDatabase($this->store, $record, self::SEGMENT))->key();
		return $this->storeDir . '/tmp/download-' . $record->id . '-' . $key . '-database-partial.php';
	}
}
