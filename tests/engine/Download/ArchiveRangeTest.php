<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use SiteBackups\Engine\Download\ByteRange;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Download\ZipException;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectCorrupt;
use SiteBackups\Engine\Store\ObjectMissing;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

/**
 * Any range of a snapshot's archive is exactly those bytes of the whole archive, whichever request
 * asks and whatever it already knows; the size is known without reading any file; a range needs
 * no object before it once the files' CRCs are known, and a download cut off leaves them for the
 * request that finishes it.
 */
final class ArchiveRangeTest extends EngineTestCase
{
	public function testEveryRangeIsExactlyThoseBytesOfTheWholeArchiveWithOrWithoutKnownChecksums(): void
	{
		$record  = $this->mixedBackup();
		$whole   = $this->whole($record->id);
		$size    = strlen($whole);
		$entries = ZipTools::pythonEntries($this->saved($whole));
		$this->assertSame($size, $this->opened($record->id)->size());

		$database = $entries['database.sql'];
		$dbData   = self::dataStart($whole, $database['offset']);
		$large    = $entries['files/wp-content/uploads/random.bin'];
		$ranges   = [
			'the first byte'                        => [0, 0],
			'inside the first local header'         => [3, 17],
			'the last byte'                         => [$size - 1, $size - 1],
			'the end record'                        => [$size - 22, $size - 1],
			'everything'                            => [0, $size - 1],
			'the deflated database, whole'          => [$dbData, $dbData + $database['packed'] - 1],
			'inside the deflated database'          => [$dbData + 7, $dbData + intdiv($database['packed'], 2)],
			'across the end of the database'        => [$dbData + $database['packed'] - 5, $dbData + $database['packed'] + 40],
			'inside a stored file, across a chunk'  => [self::dataStart($whole, $large['offset']) + self::CHUNK - 10, self::dataStart($whole, $large['offset']) + self::CHUNK + 10],
			'a stored file\'s data descriptor'      => [self::dataStart($whole, $large['offset']) + $large['packed'], self::dataStart($whole, $large['offset']) + $large['packed'] + 15],
		];
		foreach ($entries as $name => $entry) {
			// Both sides of every entry's start, and the inside of its local header.
			$ranges["around the start of $name"] = [max(0, $entry['offset'] - 3), min($size - 1, $entry['offset'] + 3)];
			$ranges["the local header of $name"]  = [$entry['offset'] + 10, min($size - 1, $entry['offset'] + 40)];
		}
		mt_srand(20_261_205);
		for ($i = 0; $i < 25; $i++) {
			$first                  = mt_rand(0, $size - 1);
			$ranges["random $i"]    = [$first, mt_rand($first, min($size - 1, $first + mt_rand(0, 300_000)))];
		}
		foreach (['no checksums known' => true, 'checksums known' => false] as $case => $forget) {
			foreach ($ranges as $what => [$first, $last]) {
				if ($forget) {
					$this->forgetChecksums();
				}
				$this->assertSame(
					bin2hex(substr($whole, $first, $last - $first + 1)),
					bin2hex($this->range($record->id, $first, $last)),
					"$what: bytes $first-$last, $case"
				);
			}
		}
	}

	public function testRangesSplitAnywherePutTogetherInAnyOrderAreTheWholeArchive(): void
	{
		$record = $this->mixedBackup();
		$whole  = $this->whole($record->id);
		$size   = strlen($whole);
		mt_srand(7_777);
		for ($round = 0; $round < 6; $round++) {
			$this->forgetChecksums();
			$cuts = [0, $size];
			for ($i = mt_rand(1, 7); $i > 0; $i--) {
				$cuts[] = mt_rand(1, $size - 1);
			}
			$cuts = array_values(array_unique($cuts));
			sort($cuts);
			$order = range(0, count($cuts) - 2);
			shuffle($order);
			$parts = [];
			foreach ($order as $part) {
				$parts[$part] = $this->range($record->id, $cuts[$part], $cuts[$part + 1] - 1);
			}
			ksort($parts);
			$joined = implode('', $parts);
			$this->assertSame(hash('sha256', $whole), hash('sha256', $joined), 'cut at ' . implode(', ', $cuts));
			$zip  = $this->saved($joined);
			$test = ZipTools::unzipTest($zip);
			$this->assertSame(0, $test['status'], $test['output']);
			$this->assertTrue(ZipTools::python($zip)['ok']);
		}
	}

	public function testTheSameSnapshotGivesTheSameBytesWhateverTheTimeZoneAndFloatPrecision(): void
	{
		$record = $this->mixedBackup();
		$zone   = date_default_timezone_get();
		$digits = (string) ini_get('serialize_precision');
		try {
			date_default_timezone_set('Pacific/Chatham');
			ini_set('serialize_precision', '17');
			$first = $this->whole($record->id);
			$etag  = $this->opened($record->id)->etag();
			date_default_timezone_set('America/St_Johns');
			ini_set('serialize_precision', '-1');
			$second = $this->whole($record->id);
		} finally {
			date_default_timezone_set($zone);
			ini_set('serialize_precision', $digits);
		}
		$this->assertSame(hash('sha256', $first), hash('sha256', $second));
		$this->assertSame($etag, $this->opened($record->id)->etag());
		$this->assertMatchesRegularExpression('/\A"[0-9a-f]{40}"\z/', $etag);

		// Made again from nothing (the compressed database swept), the bytes and the ETag are the same.
		foreach (glob($this->storeDir . '/tmp/download-*') ?: [] as $cached) {
			unlink($cached);
		}
		$this->assertSame(hash('sha256', $first), hash('sha256', $this->whole($record->id)));
		$this->assertSame($etag, $this->opened($record->id)->etag());
	}

	public function testAnotherSnapshotHasAnotherEtag(): void
	{
		$first = $this->mixedBackup();
		$this->write('new.txt', 'a change');
		$second = $this->backUp([], [new FakeTableSource(['wp_posts' => 300], 40)]);
		$this->assertNotSame($this->opened($first->id)->etag(), $this->opened($second->id)->etag());
	}

	public function testTheSizeIsKnownWithoutReadingAnyFileAndARangeReadsOnlyWhatItHolds(): void
	{
		$record  = $this->mixedBackup();
		$whole   = $this->whole($record->id);
		$size    = strlen($whole);
		$entries = ZipTools::pythonEntries($this->saved($whole));
		$random  = $this->chunksOf($record, 'wp-content/uploads/random.bin');
		$start   = self::dataStart($whole, $entries['files/wp-content/uploads/random.bin']['offset']) + 2 * self::CHUNK + 5;
		$objects = $this->store->objects();

		// Nothing known yet: the file's first two chunks (kept raw) are passed over by the size of their
		// object files, never read; their content is damaged to prove it.
		$this->forgetChecksums();
		foreach ([$random[0], $random[1]] as $hash) {
			$bytes = (string) file_get_contents($objects->pathFor($hash));
			$bytes[strlen($bytes) - 9] = chr(ord($bytes[strlen($bytes) - 9]) ^ 0x01);
			file_put_contents($objects->pathFor($hash), $bytes);
		}
		$this->assertSame(substr($whole, $start, 1000), $this->range($record->id, $start, $start + 999));

		foreach ($this->contentObjects($record) as $hash) {
			rename($objects->pathFor($hash), $objects->pathFor($hash) . '.away');
		}
		$archive = $this->opened($record->id);
		$this->assertSame($size, $archive->size(), 'The size needs neither the files nor the database chunks');

		// The deflated database is read from its compressed copy, from the range's first byte.
		$dbData = self::dataStart($whole, $entries['database.sql']['offset']);
		$inside = [$dbData + 100, $dbData + $entries['database.sql']['packed'] - 100];
		$this->assertSame(substr($whole, $inside[0], $inside[1] - $inside[0] + 1), $this->range($record->id, ...$inside));

		// Inside the third chunk of a file: only that chunk is read (the two before it are passed over
		// as above), not the files before it, which are gone.
		foreach ([$random[0], $random[1], $random[2]] as $hash) {
			rename($objects->pathFor($hash) . '.away', $objects->pathFor($hash));
		}
		$this->assertSame(substr($whole, $start, 1000), $this->range($record->id, $start, $start + 999));
	}

	public function testTheLastMegabyteNeedsNoObjectBeforeItOnceTheChecksumsAreKnown(): void
	{
		for ($i = 0; $i < 24; $i++) {
			$this->write(sprintf('wp-content/uploads/file-%02d.bin', $i), random_bytes(1_048_576));
		}
		$record = $this->backUp();
		$whole  = $this->whole($record->id);
		$size   = strlen($whole);
		$tail   = substr($whole, -1_048_576);
		$this->forgetChecksums();

		$cold = $this->timed(fn (): string => $this->range($record->id, $size - 1_048_576, $size - 1));
		$this->assertSame(hash('sha256', $tail), hash('sha256', $cold['bytes']));
		$warm = $this->timed(fn (): string => $this->range($record->id, $size - 1_048_576, $size - 1));
		$this->assertSame(hash('sha256', $tail), hash('sha256', $warm['bytes']));

		// The proof that nothing before the range is read: the first file's objects are gone, and it still works.
		foreach ($this->chunksOf($record, 'wp-content/uploads/file-00.bin') as $hash) {
			rename($this->store->objects()->pathFor($hash), $this->store->objects()->pathFor($hash) . '.away');
		}
		$this->assertSame(hash('sha256', $tail), hash('sha256', $this->range($record->id, $size - 1_048_576, $size - 1)));
		$middle = intdiv($size, 2);
		$this->assertSame(substr($whole, $middle, 100_000), $this->range($record->id, $middle, $middle + 99_999));
		$this->forgetChecksums();
		try {
			$this->range($record->id, $size - 1_048_576, $size - 1);
			$this->fail('Without its CRC, the first file must be read for the zip directory.');
		} catch (ObjectMissing) {
			$this->addToAssertionCount(1);
		}
		fwrite(STDERR, sprintf(
			"\n[range] last 1 MB of a %.1f MB archive: %.3f s with no CRC known (reads the backup once), %.3f s once known\n",
			$size / 1_048_576,
			$cold['seconds'],
			$warm['seconds']
		));
	}

	public function testADownloadCutOffInsideALargeFileIsFinishedWithoutReadingWhatWasSent(): void
	{
		for ($i = 0; $i < 6; $i++) {
			$this->write(sprintf('wp-content/uploads/file-%02d.bin', $i), random_bytes(100_000));
		}
		$this->write('wp-content/uploads/large.bin', random_bytes(40 * self::CHUNK + 99));
		$record = $this->backUp([], [new FakeTableSource(['wp_posts' => 400], 40)]);
		$whole  = $this->whole($record->id);
		$this->forgetChecksums();
		$name = SnapshotArchive::FILES . 'wp-content/uploads/large.bin';
		$cut  = self::dataStart($whole, ZipTools::pythonEntries($this->saved($whole))[$name]['offset']) + 25 * self::CHUNK + 1234;

		// A whole download whose client goes away inside the 26th of the large file's 41 chunks.
		$archive = $this->opened($record->id);
		$out     = CutOffStream::open($cut);
		try {
			$archive->writeRange($out, ByteRange::all($archive->size()));
			$this->fail('The output that stopped taking bytes went unnoticed.');
		} catch (ZipException $e) {
			$this->assertStringContainsString('Could not write the archive', $e->getMessage());
		}
		$received = CutOffStream::received();
		fclose($out);
		$this->assertSame(substr($whole, 0, $cut), $received, 'What arrived is the start of the archive');

		// What was sent is not read again: not the other files, not the database, not the large file's first 25 chunks.
		$sent = array_slice($this->chunksOf($record, 'wp-content/uploads/large.bin'), 0, 25);
		for ($i = 0; $i < 6; $i++) {
			array_push($sent, ...$this->chunksOf($record, sprintf('wp-content/uploads/file-%02d.bin', $i)));
		}
		foreach ((new SnapshotReader($this->store))->sourceChunks($record->id, 'database') as $chunk) {
			$sent[] = $chunk->hash;
		}
		foreach (array_unique($sent) as $hash) {
			$this->store->objects()->delete($hash);
		}
		$rest = $this->range($record->id, $cut, strlen($whole) - 1);
		$this->assertSame(hash('sha256', $whole), hash('sha256', $received . $rest));
		$this->assertSame(0, ZipTools::unzipTest($this->saved($received . $rest))['status']);
	}

	public function testAFailureInsideARangeStopsItShortAndLeavesNothingAReaderTakesForComplete(): void
	{
		$this->write('a.txt', str_repeat('alpha ', 1000));
		$inner = $this->tmp . '/inner.zip';
		$this->assertSame(0, ZipTools::run(['sh', '-c', 'cd "$1" && echo inside > inner.txt && zip -q "$2" inner.txt', 'sh', $this->tmp, $inner])['status']);
		$this->write('zz-last.zip', (string) file_get_contents($inner));
		$record = $this->backUp();
		$whole  = $this->whole($record->id);
		$size   = strlen($whole);
		$object = $this->store->objects()->pathFor($this->chunksOf($record, 'zz-last.zip')[0]);
		$bytes  = (string) file_get_contents($object);
		$bytes[intdiv(strlen($bytes), 2)] = chr(ord($bytes[intdiv(strlen($bytes), 2)]) ^ 0x01);
		file_put_contents($object, $bytes);

		$data = self::dataStart($whole, ZipTools::pythonEntries($this->saved($whole))['files/zz-last.zip']['offset']);
		// The whole archive, and a range that ends inside the damaged object: its hash is checked at the object's end.
		foreach (['whole' => [0, $size - 1], 'ending inside it' => [$data - 100, $data + 20]] as $case => [$first, $last]) {
			$zip = $this->tmp . '/partial-' . bin2hex(random_bytes(3)) . '.zip';
			$out = fopen($zip, 'xb');
			try {
				$this->opened($record->id)->writeRange($out, new ByteRange($first, $last));
				$this->fail("$case: a corrupt object was sent without an error.");
			} catch (ObjectCorrupt $e) {
				$this->assertStringContainsString('does not match its hash', $e->getMessage());
			} finally {
				fclose($out);
			}
			$this->assertLessThan($last - $first + 1, filesize($zip), "$case: the client sees a transfer that did not complete");
			$this->assertSame(substr($whole, $first, (int) filesize($zip)), file_get_contents($zip), "$case: what was sent came before the damage");
		}
	}

	public function testADamagedOrForeignChecksumFileIsIgnored(): void
	{
		$record = $this->mixedBackup();
		$whole  = $this->whole($record->id);
		$size   = strlen($whole);
		$this->range($record->id, 0, $size - 1);
		$files = glob($this->storeDir . '/tmp/download-' . $record->id . '-checksums-*.php') ?: [];
		$this->assertCount(1, $files);
		$path = $files[0];
		$this->assertSame(0600, fileperms($path) & 0777);
		$this->assertStringStartsWith(GuardedFile::GUARD, (string) file_get_contents($path));

		$flipped = (string) file_get_contents($path);
		$flipped[strlen($flipped) - 20] = chr(ord($flipped[strlen($flipped) - 20]) ^ 0x40);
		$damaged = [
			'garbage'          => 'not a checksum file',
			'guarded garbage'  => GuardedFile::GUARD . "{}\nxyz",
			'truncated'        => substr((string) file_get_contents($path), 0, -3),
			'a flipped record' => $flipped,
		];
		foreach ($damaged as $case => $bytes) {
			file_put_contents($path, $bytes);
			$this->assertSame(bin2hex(substr($whole, -5000)), bin2hex($this->range($record->id, $size - 5000, $size - 1)), $case);
		}
	}

	/** A backup with a database and files that cross chunk boundaries, kept raw or deflated by the store. */
	private function mixedBackup(): SnapshotRecord
	{
		$this->write('index.php', "<?php\n// front controller\n", 1_600_000_000);
		$this->write('wp-content/uploads/random.bin', random_bytes(3 * self::CHUNK + 777));
		$this->write('wp-content/uploads/text.txt', str_repeat("compressible words\n", 20_000));
		$this->write('wp-content/uploads/mixed.bin', str_repeat('z', self::CHUNK + 5) . random_bytes(2 * self::CHUNK));
		$this->write('wp-content/empty.txt', '');
		mkdir($this->site . '/wp-content/empty-folder');
		symlink('index.php', $this->site . '/link');
		return $this->backUp([], [new FakeTableSource(['wp_posts' => 900, 'wp_options' => 120], 40)]);
	}

	/** An archive as a request has it: opened, its database compressed. */
	private function opened(string $id): SnapshotArchive
	{
		$archive = SnapshotArchive::open($this->store, $id);
		$this->assertTrue($archive->prepare(30.0));
		return $archive;
	}

	private function whole(string $id): string
	{
		$out = fopen('php://temp', 'w+b');
		SnapshotArchive::open($this->store, $id)->writeTo($out);
		$bytes = (string) stream_get_contents($out, -1, 0);
		fclose($out);
		return $bytes;
	}

	private function range(string $id, int $first, int $last): string
	{
		$out = fopen('php://temp', 'w+b');
		$this->opened($id)->writeRange($out, new ByteRange($first, $last));
		$bytes = (string) stream_get_contents($out, -1, 0);
		fclose($out);
		return $bytes;
	}

	/** Where an entry's data begins: after its local header, whose name and extra field vary. */
	private static function dataStart(string $zip, int $offset): int
	{
		$lengths = unpack('vname/vextra', $zip, $offset + 26);
		return $offset + 30 + $lengths['name'] + $lengths['extra'];
	}

	private function saved(string $bytes): string
	{
		$path = $this->tmp . '/archive-' . bin2hex(random_bytes(4)) . '.zip';
		file_put_contents($path, $bytes);
		return $path;
	}

	private function forgetChecksums(): void
	{
		foreach (glob($this->storeDir . '/tmp/download-*-checksums-*') ?: [] as $file) {
			unlink($file);
		}
	}

	/** @return list<string> the objects of every file and of the database */
	private function contentObjects(SnapshotRecord $record): array
	{
		$hashes = [];
		foreach ((new SnapshotReader($this->store))->entries($record->id) as $entry) {
			array_push($hashes, ...$entry->chunks);
		}
		foreach ((new SnapshotReader($this->store))->sourceChunks($record->id, 'database') as $chunk) {
			$hashes[] = $chunk->hash;
		}
		return array_values(array_unique($hashes));
	}

	/** @return list<string> */
	private function chunksOf(SnapshotRecord $record, string $path): array
	{
		foreach ((new SnapshotReader($this->store))->entries($record->id) as $entry) {
			if ($entry->path === $path && Entry::FILE === $entry->type) {
				return $entry->chunks;
			}
		}
		$this->fail("no $path");
	}

	/**
	 * @param callable(): string $run
	 * @return array{bytes: string, seconds: float}
	 */
	private function timed(callable $run): array
	{
		$start = microtime(true);
		$bytes = $run();
		return ['bytes' => $bytes, 'seconds' => microtime(true) - $start];
	}
}
