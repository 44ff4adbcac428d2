<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Offsite\OffsiteException;
use SiteBackups\Engine\Offsite\PackIndex;

/** A pack's index read from the bucket is untrusted: anything but an index of that very pack is refused. */
final class PackIndexTest extends TestCase
{
	public function testAnIndexReadsBackAsWrittenWithOffsetsFromTheLengths(): void
	{
		$pack = PackIndex::newPackId();
		$index = new PackIndex($pack, [[str_repeat('a', 64), 10], [str_repeat('b', 64), 5], [str_repeat('c', 64), 1]]);

		$read = PackIndex::parse($pack, $index->bytes());

		$this->assertSame([[str_repeat('a', 64), 0, 10], [str_repeat('b', 64), 10, 5], [str_repeat('c', 64), 15, 1]], iterator_to_array($read->objects(), false));
		$this->assertSame(16, $read->size());
		$this->assertSame(3, PackIndex::capacity(strlen($index->bytes())));
	}

	/** @return iterable<string, array{callable(string, string): string, string}> */
	public static function damage(): iterable
	{
		yield 'not an index' => [static fn (string $bytes): string => 'GARBAGE!' . substr($bytes, 8), 'not a pack index'];
		yield 'another pack\'s' => [static fn (string $bytes): string => substr($bytes, 0, 8) . random_bytes(16) . substr($bytes, 24), 'another pack'];
		yield 'cut in an entry' => [static fn (string $bytes): string => substr($bytes, 0, -1), 'length is wrong'];
		yield 'no entry' => [static fn (string $bytes): string => substr($bytes, 0, 24), 'length is wrong'];
		yield 'an empty object' => [static fn (string $bytes): string => substr($bytes, 0, -8) . pack('J', 0), 'out of range'];
		yield 'a length past any pack' => [static fn (string $bytes): string => substr($bytes, 0, -8) . pack('J', PHP_INT_MAX), 'out of range'];
		yield 'too many entries' => [static fn (string $bytes): string => $bytes . str_repeat(substr($bytes, 24), PackIndex::MAX_OBJECTS), 'length is wrong'];
	}

	#[DataProvider('damage')]
	public function testADamagedOrForeignIndexIsRefused(callable $damage, string $why): void
	{
		$pack = PackIndex::newPackId();
		$bytes = (new PackIndex($pack, [[str_repeat('d', 64), 100]]))->bytes();

		$this->expectException(OffsiteException::class);
		$this->expectExceptionMessage($why);
		PackIndex::parse($pack, $damage($bytes));
	}

	public function testAPackIdIsThirtyTwoHexDigits(): void
	{
		$this->assertTrue(PackIndex::isPackId(PackIndex::newPackId()));
		$this->assertFalse(PackIndex::isPackId('../' . str_repeat('a', 29)));
		$this->assertFalse(PackIndex::isPackId(str_repeat('A', 32)));
		$this->assertNotSame(PackIndex::newPackId(), PackIndex::newPackId());
	}
}
