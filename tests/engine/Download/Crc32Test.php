<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Download\Crc32;

/** The CRC-32 of two pieces put together, from their CRCs: what PHP's crc32() gives for the whole. */
final class Crc32Test extends TestCase
{
	public function testCombiningGivesTheCrcOfTheConcatenation(): void
	{
		foreach ([0, 1, 3, 100, 65_536, 1_000_003] as $firstLength) {
			foreach ([0, 1, 7, 8_192, 123_457, 8_388_608] as $secondLength) {
				$first  = 0 === $firstLength ? '' : random_bytes($firstLength);
				$second = 0 === $secondLength ? '' : random_bytes($secondLength);
				$this->assertSame(
					crc32($first . $second),
					Crc32::combine(crc32($first), crc32($second), $secondLength),
					"$firstLength + $secondLength bytes"
				);
			}
		}
	}

	public function testAFileIsItsChunksCombinedInOrder(): void
	{
		$chunks = [random_bytes(65_536), random_bytes(65_536), str_repeat('z', 4_000), random_bytes(17)];
		$crc    = 0;
		foreach ($chunks as $chunk) {
			$crc = Crc32::combine($crc, crc32($chunk), strlen($chunk));
		}
		$this->assertSame(crc32(implode('', $chunks)), $crc);
	}
}
