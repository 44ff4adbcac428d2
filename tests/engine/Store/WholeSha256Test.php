<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Store\WholeSha256;

/**
 * Whichever way the bytes are hashed (gathered and hashed by OpenSSL at once, or streamed once past the
 * limit), the digest is SHA-256 of everything added, as hash() gives it.
 */
final class WholeSha256Test extends TestCase
{
	/** @return iterable<string, array{list<int>}> the sizes of the blocks added, in order */
	public static function blocks(): iterable
	{
		yield 'nothing' => [[]];
		yield 'an empty block' => [[0]];
		yield 'one small block' => [[1000]];
		yield 'many blocks, under the limit' => [[262144, 262144, 1, 8192]];
		yield 'exactly the limit' => [[WholeSha256::LIMIT]];
		yield 'one byte past it' => [[WholeSha256::LIMIT, 1]];
		yield 'crossing it mid-block' => [[WholeSha256::LIMIT - 10, 4096, 4096]];
		yield 'past it at once' => [[WholeSha256::LIMIT + 4096]];
	}

	/** @param list<int> $sizes */
	#[DataProvider('blocks')]
	public function testTheDigestIsTheSha256OfEverythingAdded(array $sizes): void
	{
		$hash = new WholeSha256();
		$all  = hash_init('sha256');
		foreach ($sizes as $i => $size) {
			$block = str_repeat(chr(65 + $i), $size);
			$hash->add($block);
			hash_update($all, $block);
		}
		$this->assertSame(hash_final($all), $hash->digest());
	}
}
