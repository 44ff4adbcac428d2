<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Snapshot\InvalidSnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\SnapshotCatalog;

final class SnapshotIdTest extends TestCase
{
	public function testIdsAreWellFormedUniqueAndSortByTime(): void
	{
		$earlier = SnapshotId::generate(1_700_000_000_000);
		$later   = SnapshotId::generate(1_700_000_000_001);
		$this->assertTrue(SnapshotId::isValid($earlier));
		$this->assertSame(26, strlen($earlier));
		$this->assertLessThan(0, strcmp($earlier, $later));
		$this->assertSame(1_700_000_000_000, SnapshotId::timeMs($earlier));
		$this->assertNotSame(SnapshotId::generate(5), SnapshotId::generate(5), '80 random bits');
		$now = SnapshotId::generate();
		$this->assertEqualsWithDelta(microtime(true) * 1000, SnapshotId::timeMs($now), 5000);
	}

	/** @return array<string, array{0: mixed}> */
	public static function badIds(): array
	{
		$good = SnapshotId::generate(1_700_000_000_000);
		return [
			'traversal'        => ['../../../wp-config'],
			'encoded dots'     => ['%2e%2e%2f' . substr($good, 9)],
			'too short'        => [substr($good, 1)],
			'too long'         => [$good . '0'],
			'upper case'       => [strtoupper($good)],
			'excluded letters' => [substr($good, 0, 25) . 'u'],
			'trailing newline' => [$good . "\n"],
			'slash inside'     => [substr($good, 0, 12) . '/' . substr($good, 13)],
			'null byte'        => [substr($good, 0, 25) . "\0"],
			'time overflow'    => ['8' . substr($good, 1)],
			'not a string'     => [12345],
			'empty'            => [''],
		];
	}

	#[DataProvider('badIds')]
	public function testIdsFromOutsideAreCheckedStrictly(mixed $id): void
	{
		$this->assertFalse(SnapshotId::isValid($id));
		$this->expectException(InvalidSnapshotId::class);
		(new SnapshotCatalog(sys_get_temp_dir()))->load(is_string($id) ? $id : (string) $id);
	}
}
