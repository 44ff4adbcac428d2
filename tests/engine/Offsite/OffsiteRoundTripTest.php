<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Offsite\Fetcher;
use SiteBackups\Engine\Offsite\OffsiteCatalog;
use SiteBackups\Engine\Offsite\OffsiteException;
use SiteBackups\Engine\Offsite\RecoveryKey;
use SiteBackups\Engine\Offsite\Replicator;
use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Tests\Engine\Site\SiteTestCase;
use SiteBackups\Tests\Engine\Support\OwnerOnlyStore;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/** Snapshots copied to a bucket come back from the bucket alone, byte for byte, plain or encrypted. */
final class OffsiteRoundTripTest extends SiteTestCase
{
	use OwnerOnlyStore;

	private DirectoryBucket $bucket;

	private RecoveryKey $recoveryKey;

	protected function setUp(): void
	{
		parent::setUp();
		$this->bucket = new DirectoryBucket($this->tmp . '/bucket');
		$this->recoveryKey = RecoveryKey::generate();
		for ($i = 0; $i < 30; $i++) {
			@mkdir($this->site . '/wp-content/uploads/' . ($i % 3), 0755, true);
			file_put_contents(sprintf('%s/wp-content/uploads/%d/f%02d.bin', $this->site, $i % 3, $i), random_bytes(300 + 500 * $i));
		}
		file_put_contents($this->site . '/wp-content/uploads/big.bin', random_bytes(3 * self::CHUNK + 7));
		file_put_contents($this->site . '/readme.txt', str_repeat("a readable sentence\n", 200));
		self::createWordPressTables($this->db, 300);
	}

	public function testASnapshotComesBackFromTheBucketAloneIntoAnEmptyStore(): void
	{
		$record = $this->backUpSite();
		$this->replicate($record->id, null);

		$fresh = Repository::open($this->tmp . '/new-store');
		$this->assertSame([$record->id], (new OffsiteCatalog($this->bucket, null, $this->recoveryKey))->ids());
		$this->fetch($fresh->store(), $record->id, null);

		$this->assertTrue($fresh->verify($record->id)->isOk());
		RestoredCopy::files($fresh->store(), $record->id, $this->tmp . '/restored');
		$this->assertSame(self::describeTree($this->site), self::describeTree($this->tmp . '/restored'));
		$this->assertSame($this->sql($this->backups(), $record->id), $this->sql($fresh, $record->id));
	}

	public function testTheCopyAndTheFetchLeaveBothStoresTheOwnersOnly(): void
	{
		umask(0022);
		$record = $this->backUpSite();
		$this->replicate($record->id, null);
		$fresh = Repository::open($this->tmp . '/new-store');
		$this->fetch($fresh->store(), $record->id, null);

		$this->assertOwnerOnly($this->storeDir, 20);
		$this->assertOwnerOnly($this->tmp . '/new-store', 20);
	}

	public function testTheNextSnapshotUploadsOnlyWhatIsNew(): void
	{
		$first = $this->backUpSite();
		$this->replicate($first->id, null);
		file_put_contents($this->site . '/wp-content/uploads/0/f00.bin', 'changed');
		$this->db->execute("UPDATE wp_posts SET post_title = 'changed' WHERE ID = 7");
		$second = $this->backUpSite();

		$before = $this->bucket->puts;
		$moved  = $this->replicate($second->id, null);
		$this->assertLessThanOrEqual(8, $moved, 'one file, one database chunk and the manifests');
		$this->assertSame(4, $this->bucket->puts - $before, 'one pack with the new objects, its index, the record and its signature');
	}

	public function testASnapshotFetchedAndAdoptedIsNotUploadedAgainNorAreItsObjects(): void
	{
		$first = $this->backUpSite();
		$this->replicate($first->id, null);
		$fresh = Repository::open($this->tmp . '/new-store');
		$this->fetch($fresh->store(), $first->id, null);
		(new Replicator($fresh->store(), $this->bucket, null, 'test', $this->recoveryKey))->adopt($first->id);

		$this->assertTrue((new Replicator($fresh->store(), $this->bucket, null, 'test', $this->recoveryKey))->isReplicated($first->id));
		$before = $this->bucket->puts;
		$this->assertSame(0, (new Replicator($fresh->store(), $this->bucket, null, 'test', $this->recoveryKey))->step($first->id, 0, 10.0)->objectsMoved);
		$this->assertSame($before, $this->bucket->puts, 'nothing sent again');
		$this->assertFalse((new Replicator($fresh->store(), $this->bucket, null, 'elsewhere', $this->recoveryKey))->isReplicated($first->id), 'marks belong to one destination');
	}

	public function testEncryptedCopiesNameNothingAndNeedTheirKey(): void
	{
		$key    = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		$record = $this->backUpSite();
		$this->replicate($record->id, $key);

		$local = iterator_to_array($this->backups()->store()->objects()->all(), false);
		foreach (array_keys(iterator_to_array($this->bucket->list(''))) as $name) {
			foreach ($local as $hash) {
				$this->assertStringNotContainsString((string) $hash, (string) $name);
			}
			$this->assertStringNotContainsString('a readable sentence', (string) file_get_contents($this->bucket->dir . '/' . $name) ?: '');
		}

		$fresh = Repository::open($this->tmp . '/new-store');
		$this->fetch($fresh->store(), $record->id, $key);
		$this->assertSame($this->sql($this->backups(), $record->id), $this->sql($fresh, $record->id));

		$other = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		try {
			(new Replicator($this->backups()->store(), $this->bucket, $other, 'other', $this->recoveryKey))->prepare();
			$this->fail('copies encrypted with another key were accepted');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString('another key', $e->getMessage());
		}
		try {
			(new OffsiteCatalog($this->bucket, $other, $this->recoveryKey))->load($record->id);
			$this->fail('a record was read with the wrong key');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString('could not be decrypted', $e->getMessage());
		}
		try {
			(new Replicator($this->backups()->store(), $this->bucket, null, 'plain', $this->recoveryKey))->prepare();
			$this->fail('plain copies were mixed with encrypted ones');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString('no encryption key is set', $e->getMessage());
		}
	}

	public function testACorruptOrCutCopyIsRefusedByName(): void
	{
		$record = $this->backUpSite();
		$this->replicate($record->id, null);
		$big = '';
		foreach ((new \SiteBackups\Engine\Read\SnapshotReader($this->backups()->store()))->entries($record->id) as $entry) {
			if ('wp-content/uploads/big.bin' === $entry->path) {
				$big = $entry->chunks[1];
			}
		}
		(new PackedObjects($this->bucket, null))->overwrite($big, -40, str_repeat('z', 40));
		$fetched = BackupStore::create($this->tmp . '/new-store');
		try {
			$this->fetch($fetched, $record->id, null);
			$this->fail('a corrupt copy was fetched');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString($big, $e->getMessage());
		}
		// The corrupt object never had its name; the whole ones that came with it did; nothing is left over.
		$this->assertFalse($fetched->objects()->has($big));
		$this->assertNotSame([], iterator_to_array($fetched->objects()->all()));
		$this->assertSame([], glob($fetched->tempDir() . '/*') ?: []);

		$key = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		$sealed = new DirectoryBucket($this->tmp . '/sealed-bucket');
		$this->bucket = $sealed;
		$this->replicate($record->id, $key, 'sealed');
		$packed = new PackedObjects($sealed, $key);
		$packed->overwrite($big, -100, str_repeat("\0", 100));
		try {
			$this->fetch(BackupStore::create($this->tmp . '/third-store'), $record->id, $key);
			$this->fail('a damaged encrypted copy was fetched');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString($big, $e->getMessage());
		}

		// A pack cut short is named, whatever object the cut reaches.
		[$pack] = $packed->locate($big);
		file_put_contents($pack, substr((string) file_get_contents($pack), 0, (int) (filesize($pack) / 2)));
		try {
			$this->fetch(BackupStore::create($this->tmp . '/fourth-store'), $record->id, $key);
			$this->fail('a cut pack was fetched');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString(basename($pack), $e->getMessage());
			$this->assertStringContainsString('shorter than its index says', $e->getMessage());
		}
	}

	public function testAWrongKeyIsRefusedWithAClearMessage(): void
	{
		$this->expectException(OffsiteException::class);
		$this->expectExceptionMessage('base64');
		Sealer::fromEncodedKey('short');
	}

	public function testRetentionOffSiteDeletesExpiredRecordsAndWhatOnlyTheyNeeded(): void
	{
		// Packs of one chunk each, so what only the first snapshot needed fills packs of its own.
		$first = $this->backUpSite();
		$this->replicate($first->id, null, 'test', self::CHUNK);
		// Another file in its place: same size and second would pass for unchanged (size, mtime, inode).
		unlink($this->site . '/wp-content/uploads/big.bin');
		file_put_contents($this->site . '/wp-content/uploads/big2.bin', random_bytes(3 * self::CHUNK + 7));
		$second = $this->backUpSite();
		$this->replicate($second->id, null, 'test', self::CHUNK);
		$packed = new PackedObjects($this->bucket, null);
		$objectsBefore = $packed->count();

		$replicator = new Replicator($this->backups()->store(), $this->bucket, null, 'test', $this->recoveryKey);
		$retention  = new \SiteBackups\Engine\Offsite\OffsiteRetention($this->backups()->store(), $this->bucket, null, $replicator);
		$report     = $retention->apply([new RetentionRule(keepLast: 0, keepIds: [$second->id])]);

		$this->assertSame([$first->id], $report['forgotten']);
		$this->assertGreaterThanOrEqual(3, $report['objects_deleted'], 'the old big file\'s chunks went');
		$this->assertGreaterThanOrEqual(3, $report['packs_deleted'], 'with the packs that held them');
		$this->assertSame($objectsBefore - $report['objects_deleted'], $packed->count());
		$this->assertSame(count($packed->indexes()), count(iterator_to_array($this->bucket->list('packs/'))), 'a pack for each index, no more');
		$this->assertSame([$second->id], (new OffsiteCatalog($this->bucket, null, $this->recoveryKey))->ids());
		$fresh = Repository::open($this->tmp . '/new-store');
		$this->fetch($fresh->store(), $second->id, null);
		$this->assertTrue($fresh->verify($second->id)->isOk(), 'everything the kept record needs is still there');

		// A copy cut short: packs without their record are swept, and their objects sent again by the next copy.
		// More new chunks than one step sends side by side.
		file_put_contents($this->site . '/wp-content/uploads/new.bin', random_bytes((Replicator::PACKS_SIDE_BY_SIDE + 2) * self::CHUNK));
		$third = $this->backUpSite();
		$cut   = new Replicator($this->backups()->store(), $this->bucket, null, 'test', $this->recoveryKey, self::CHUNK);
		$this->assertFalse($cut->step($third->id, 0, 0.0)->complete);
		$this->assertGreaterThan(0, $retention->apply([])['objects_deleted'], 'no rule: every record stays');
		$this->replicate($third->id, null);
		$this->fetch(BackupStore::create($this->tmp . '/third-store'), $third->id, null);
		$this->addToAssertionCount(1);
	}

	public function testRetentionRewritesAPackMostlyNotNeededAndLeavesOneMostlyNeeded(): void
	{
		file_put_contents($this->site . '/wp-content/uploads/big.bin', random_bytes(40 * self::CHUNK));
		$first = $this->backUpSite();
		$this->replicate($first->id, null);
		$packed = new PackedObjects($this->bucket, null);
		$this->assertCount(1, $packed->indexes(), 'one pack holds the whole first copy');
		[$oldPack] = array_keys($packed->indexes());
		// The big file is most of that pack: once only the first snapshot needs it, the pack is mostly garbage.
		unlink($this->site . '/wp-content/uploads/big.bin');
		file_put_contents($this->site . '/wp-content/uploads/big2.bin', random_bytes(20 * self::CHUNK));
		$second = $this->backUpSite();
		$this->replicate($second->id, null);

		$replicator = new Replicator($this->backups()->store(), $this->bucket, null, 'test', $this->recoveryKey);
		$retention  = new \SiteBackups\Engine\Offsite\OffsiteRetention($this->backups()->store(), $this->bucket, null, $replicator);
		$report     = $retention->apply([new RetentionRule(keepLast: 0, keepIds: [$second->id])]);
		$this->assertSame(1, $report['packs_rewritten'], 'the first pack, mostly the old big file');
		$this->assertArrayNotHasKey($oldPack, $packed->indexes());
		$this->assertSame(2, count($packed->indexes()), 'the rewritten pack and the second copy\'s, left as it is');

		// Nothing more to free: the next retention moves nothing.
		$again = $retention->apply([new RetentionRule(keepLast: 0, keepIds: [$second->id])]);
		$this->assertSame([0, 0, 0], [$again['objects_deleted'], $again['packs_deleted'], $again['packs_rewritten']]);
		$fresh = Repository::open($this->tmp . '/new-store');
		$this->fetch($fresh->store(), $second->id, null);
		$this->assertTrue($fresh->verify($second->id)->isOk(), 'the rewritten pack holds what the kept record needs');
	}

	public function testABucketOfFormatOneIsReadAndCarriedOnInPacks(): void
	{
		$key   = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		$first = $this->backUpSite();
		$this->replicate($first->id, $key);
		$packed = new PackedObjects($this->bucket, $key);
		$packed->asFormatOne();
		$this->assertSame([], $packed->indexes());

		// Read as it is: every object on its own.
		$fresh = Repository::open($this->tmp . '/new-store');
		$this->fetch($fresh->store(), $first->id, $key);
		$this->assertTrue($fresh->verify($first->id)->isOk());

		// The next copy marks the bucket format 2 first, and adds only what is new, in a pack.
		file_put_contents($this->site . '/wp-content/uploads/0/f00.bin', random_bytes(3 * self::CHUNK));
		$second = $this->backUpSite();
		$moved  = $this->replicate($second->id, $key);
		$this->assertLessThanOrEqual(8, $moved);
		$this->assertSame(2, json_decode((string) file_get_contents($this->bucket->dir . '/format.json'), true)['format']);
		$this->assertCount(1, $packed->indexes());

		// A snapshot with objects in both layouts comes back whole; retention sweeps both.
		$other = Repository::open($this->tmp . '/other-store');
		$this->fetch($other->store(), $second->id, $key);
		$this->assertTrue($other->verify($second->id)->isOk());
		$replicator = new Replicator($this->backups()->store(), $this->bucket, $key, 'test', $this->recoveryKey);
		$report = (new \SiteBackups\Engine\Offsite\OffsiteRetention($this->backups()->store(), $this->bucket, $key, $replicator))
			->apply([new RetentionRule(keepLast: 0, keepIds: [$second->id])]);
		$this->assertGreaterThan(0, $report['objects_deleted'], 'the old file\'s objects, on their own');
		$third = Repository::open($this->tmp . '/third-store');
		$this->fetch($third->store(), $second->id, $key);
		$this->assertTrue($third->verify($second->id)->isOk());
	}

	public function testAFetchInManyStepsReadsEachIndexOnceAndNamesADamagedOne(): void
	{
		$record = $this->backUpSite();
		$this->replicate($record->id, null, 'test', self::CHUNK);
		$packed = new PackedObjects($this->bucket, null);
		$this->assertGreaterThan(10, count($packed->indexes()), 'a pack per chunk or so');

		$this->bucket->got = [];
		$steps = $this->fetch(BackupStore::create($this->tmp . '/new-store'), $record->id, null);
		$this->assertGreaterThan(1, $steps);
		$indexReads = array_values(array_filter($this->bucket->got, static fn (string $key): bool => str_starts_with($key, 'indexes/')));
		$this->assertSame(count($packed->indexes()), count($indexReads), 'each index read once, whatever the number of steps');
		$this->assertSame($indexReads, array_unique($indexReads));

		// An index that is not one: its objects are not found, and the message says why.
		$big = '';
		foreach ((new SnapshotReader($this->backups()->store()))->entries($record->id) as $entry) {
			if ('wp-content/uploads/big.bin' === $entry->path) {
				$big = $entry->chunks[0];
			}
		}
		[$pack] = $packed->locate($big);
		file_put_contents($this->bucket->dir . '/indexes/' . basename($pack), 'not an index');
		try {
			$this->fetch(BackupStore::create($this->tmp . '/third-store'), $record->id, null);
			$this->fail('an object listed only in a damaged index was found');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString('The off-site index of pack ' . basename($pack) . ' is damaged', $e->getMessage());
		}
	}

	public function testAPackWhoseIndexNeverWentIsNotCountedAsSentAndIsSweptThenSentAgain(): void
	{
		$record = $this->backUpSite();
		// The link drops after the packs went up and before their indexes did.
		$failing = new class ($this->bucket) implements \SiteBackups\Engine\Offsite\Bucket {
			public function __construct(private readonly DirectoryBucket $inner) {}
			public function put(string $key, $body, int $size): void { $this->inner->put($key, $body, $size); }
			public function putAll(array $objects): array
			{
				if (str_starts_with($objects[0]['key'], 'indexes/')) {
					return array_map(static fn (): OffsiteException => new OffsiteException('The connection dropped.'), $objects);
				}
				return $this->inner->putAll($objects);
			}
			public function get(string $key, $out): int { return $this->inner->get($key, $out); }
			public function getAll(array $objects): array { return $this->inner->getAll($objects); }
			public function exists(string $key): bool { return $this->inner->exists($key); }
			public function delete(array $keys): void { $this->inner->delete($keys); }
			public function list(string $prefix): \Generator { return $this->inner->list($prefix); }
			public function abortUnfinished(): int { return 0; }
			public function describe(): string { return $this->inner->describe(); }
		};
		$cut = new Replicator($this->backups()->store(), $failing, null, 'test', $this->recoveryKey);
		$cut->prepare();
		try {
			$cut->step($record->id, 0, 10.0);
			$this->fail('a copy without its indexes succeeded');
		} catch (OffsiteException $e) {
			$this->assertSame('The connection dropped.', $e->getMessage());
		}
		$orphans = iterator_to_array($this->bucket->list('packs/'));
		$this->assertNotEmpty($orphans, 'the packs went');
		$this->assertSame([], iterator_to_array($this->bucket->list('indexes/')));
		$this->assertFalse($cut->isReplicated($record->id));

		$replicator = new Replicator($this->backups()->store(), $this->bucket, null, 'test', $this->recoveryKey);
		$report = (new \SiteBackups\Engine\Offsite\OffsiteRetention($this->backups()->store(), $this->bucket, null, $replicator))->apply([]);
		$this->assertSame(count($orphans), $report['packs_deleted'], 'packs without an index are uploads cut short');
		$this->assertSame([], iterator_to_array($this->bucket->list('packs/')));
		$moved = $this->replicate($record->id, null);
		$this->assertGreaterThan(20, $moved, 'nothing was marked as sent: all of it goes again');
		$this->fetch(BackupStore::create($this->tmp . '/new-store'), $record->id, null);
		$this->addToAssertionCount(1);
	}

	public function testRetentionForgetsOnlyMarksItsOwnKeysName(): void
	{
		$victim = $this->tmp . '/wp-config.php';
		file_put_contents($victim, '<?php // the site');
		// Marks are there to climb out of.
		$record = $this->backUpSite();
		$this->replicate($record->id, null);
		$replicator = new Replicator($this->backups()->store(), $this->bucket, null, 'test', $this->recoveryKey);
		$climb = str_repeat('../', 12) . ltrim(substr($victim, 0, -4), '/');
		$replicator->forgetUploads(['objects/' . $climb, 'snapshots/' . $climb . '.sig', 'objects/ab/../../' . $climb]);
		$this->assertFileExists($victim, 'a key the bucket listed names no file outside the marks');
	}

	public function testVerifyOffSiteNamesMissingAndCorruptObjectsAndGoesOn(): void
	{
		$key    = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		$record = $this->backUpSite();
		$this->replicate($record->id, $key);
		$verifier = new \SiteBackups\Engine\Offsite\OffsiteVerifier($this->bucket, $key, $this->tmp, $this->recoveryKey);
		$this->assertTrue($verifier->verify($record->id)->isOk());

		$chunks = [];
		foreach ((new \SiteBackups\Engine\Read\SnapshotReader($this->backups()->store()))->entries($record->id) as $entry) {
			if ('wp-content/uploads/big.bin' === $entry->path) {
				$chunks = $entry->chunks;
			}
		}
		$packed = new PackedObjects($this->bucket, $key);
		$packed->unlist($chunks[0]);
		[$pack, $offset] = $packed->locate($chunks[2]);
		$bytes = (string) file_get_contents($pack);
		$packed->overwrite($chunks[2], 200, chr(ord($bytes[$offset + 200]) ^ 1));

		$report = $verifier->verify($record->id);
		$this->assertSame([$chunks[0]], array_keys($report->missing));
		$this->assertSame([$chunks[2]], array_keys($report->corrupt));
		$this->assertGreaterThan(30, $report->objectsChecked, 'it went on after the first damage');
		$this->assertSame(['.', '..'], array_values(array_filter(scandir($this->tmp) ?: [], static fn (string $n): bool => str_starts_with($n, 'verify-') || '.' === $n || '..' === $n)), 'the scratch store is gone');
	}

	/** @return int objects uploaded */
	private function replicate(string $id, ?Sealer $key, string $destination = 'test', int $packBytes = \SiteBackups\Engine\Offsite\PackWriter::TARGET_BYTES): int
	{
		$done  = 0;
		$moved = 0;
		do {
			// A new replicator each step: every slice may be a new request.
			$replicator = new Replicator($this->backups()->store(), $this->bucket, $key, $destination, $this->recoveryKey, $packBytes);
			$replicator->prepare();
			$progress = $replicator->step($id, $done, 0.0);
			$done     = $progress->done;
			$moved   += $progress->objectsMoved;
		} while (!$progress->complete);
		$this->assertTrue($replicator->isReplicated($id));
		return $moved;
	}

	/** @return int the steps it took */
	private function fetch(BackupStore $store, string $id, ?Sealer $key): int
	{
		$done  = 0;
		$steps = 0;
		do {
			$progress = (new Fetcher($store, $this->bucket, $key, $this->recoveryKey))->step($id, $done, 0.0);
			$done     = $progress->done;
			$steps++;
		} while (!$progress->complete);
		return $steps;
	}

	private function sql(Repository $backups, string $id): string
	{
		$out = fopen('php://memory', 'w+b');
		(new SnapshotReader($backups->store()))->streamSource($id, DatabaseSource::KEY, $out);
		rewind($out);
		return (string) stream_get_contents($out);
	}
}
