<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\ContentHash;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectCorrupt;
use SiteBackups\Engine\Store\ObjectMissing;
use SiteBackups\Engine\Store\ObjectState;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class ObjectStoreTest extends EngineTestCase
{
	public function testObjectsAreNamedByTheHashOfTheirPlaintextAndReadBackIntact(): void
	{
		$objects = $this->store->objects();
		$text    = str_repeat("compressible line of text\n", 4000);

		$stored = $objects->put($text);

		$this->assertSame(hash('sha256', $text), $stored->hash);
		$this->assertTrue($stored->isNew);
		$this->assertFileExists($this->storeDir . '/objects/' . substr($stored->hash, 0, 2) . '/' . $stored->hash . '.php');
		$this->assertStringStartsWith("<?php exit; __halt_compiler(); ?>\n", (string) file_get_contents($objects->pathFor($stored->hash)), 'an object is never servable');
		$this->assertLessThan(strlen($text) / 10, $stored->newBytes, 'text is compressed');
		$this->assertSame($text, $objects->readSmall($stored->hash));
		$this->assertSame(ObjectState::Ok, $objects->check($stored->hash));
	}

	public function testIncompressibleContentIsStoredRaw(): void
	{
		$random = random_bytes(100000);
		$stored = $this->store->objects()->put($random);
		$this->assertSame(\SiteBackups\Engine\Store\GuardedFile::length() + 100000 + 4, $stored->newBytes);

		$jpegLike = str_repeat('a', 10000);
		$hinted   = $this->store->objects()->put($jpegLike, false);
		$this->assertSame(\SiteBackups\Engine\Store\GuardedFile::length() + 10000 + 4, $hinted->newBytes, 'a name saying "already compressed" skips the attempt');
		$this->assertSame($jpegLike, $this->store->objects()->readSmall($hinted->hash));
	}

	public function testContentKnownToCompressIsCompressedWithoutASample(): void
	{
		// A first block that does not compress, then text that does: a sample would have said raw.
		$mixed  = random_bytes(20000) . str_repeat("compressible line of text\n", 4000);
		$raw    = GuardedFile::length() + strlen($mixed) + 4;
		$judged = $this->store->objects()->put($mixed);
		$this->assertSame($raw, $judged->newBytes, 'sampled: stored raw');

		$other = BackupStore::create($this->tmp . '/other-store')->objects();
		$known = $other->put($mixed, true);
		$this->assertLessThan($raw * 0.6, $known->newBytes, 'known to compress: compressed whole');
		$this->assertSame($mixed, $other->readSmall($known->hash));
	}

	public function testWritingTheSameContentAgainStoresNothingAndRefreshesTheMtime(): void
	{
		$objects = $this->store->objects();
		$first   = $objects->put('same');
		touch($objects->pathFor($first->hash), 1_000_000_000);

		$again = $objects->put('same');

		$this->assertFalse($again->isNew);
		$this->assertSame(0, $again->newBytes);
		clearstatcache();
		$this->assertGreaterThan(time() - 60, filemtime($objects->pathFor($first->hash)));
		$this->assertSame([], array_diff(scandir($this->storeDir . '/tmp'), ['.', '..']), 'no temp files left');
	}

	public function testEmptyObjectAndStreamingCopy(): void
	{
		$objects = $this->store->objects();
		$this->assertSame(ContentHash::EMPTY, $objects->put('')->hash);
		$this->assertSame('', $objects->readSmall(ContentHash::EMPTY));

		$big    = str_repeat(random_bytes(1000), 3000); // 3 MB, compressible in the large
		$writer = $objects->writer();
		foreach (str_split($big, 70000) as $part) {
			$writer->write($part);
		}
		$hash = $writer->commit()->hash;
		$out  = fopen('php://memory', 'w+b');
		$this->assertSame(strlen($big), $objects->copyTo($hash, $out));
		$this->assertSame($big, stream_get_contents($out, -1, 0));
	}

	public function testDamageIsDetectedOnRead(): void
	{
		$objects = $this->store->objects();
		$hash    = $objects->put(str_repeat('x', 5000))->hash;
		$path    = $objects->pathFor($hash);
		file_put_contents($path, substr(file_get_contents($path), 0, -3)); // truncated

		$this->assertSame(ObjectState::Corrupt, $objects->check($hash));
		$this->expectException(ObjectCorrupt::class);
		$objects->readSmall($hash);
	}

	public function testMissingObjectsAndBadNames(): void
	{
		$objects = $this->store->objects();
		$this->assertSame(ObjectState::Missing, $objects->check(str_repeat('a', 64)));
		try {
			$objects->readSmall(str_repeat('b', 64));
			$this->fail('missing object read');
		} catch (ObjectMissing $e) {
			$this->assertSame(str_repeat('b', 64), $e->hash);
		}
		$this->expectException(StoreException::class);
		$objects->pathFor('../../etc/passwd');
	}

	public function testTouchingAVanishedObjectDoesNotLeaveAnEmptyFile(): void
	{
		$objects = $this->store->objects();
		$this->assertFalse($objects->touch(str_repeat('c', 64)));
		$this->assertFileDoesNotExist($objects->pathFor(str_repeat('c', 64)));
	}
}
