<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Offsite\Fetcher;
use SiteBackups\Engine\Offsite\OffsiteCatalog;
use SiteBackups\Engine\Offsite\OffsiteRetention;
use SiteBackups\Engine\Offsite\OffsiteVerifier;
use SiteBackups\Engine\Offsite\RecordNotVerified;
use SiteBackups\Engine\Offsite\RecordSignature;
use SiteBackups\Engine\Offsite\RecordVerification;
use SiteBackups\Engine\Offsite\RecoveryKey;
use SiteBackups\Engine\Offsite\Replicator;
use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

/**
 * A bucket others can write to: records planted there without this site's recovery key are
 * listed as not verified, with the reason, and never fetched; the site's own are signed, and
 * re-signed when they were copied before signatures or under another key.
 */
final class SignedRecordsTest extends SiteTestCase
{
	private DirectoryBucket $bucket;

	private RecoveryKey $key;

	private SnapshotRecord $record;

	protected function setUp(): void
	{
		parent::setUp();
		$this->bucket = new DirectoryBucket($this->tmp . '/bucket');
		$this->key    = RecoveryKey::generate();
		@mkdir($this->site . '/wp-content/uploads', 0755, true);
		for ($i = 0; $i < 5; $i++) {
			file_put_contents($this->site . "/wp-content/uploads/f$i.bin", random_bytes(2000 + 900 * $i));
		}
		self::createWordPressTables($this->db, 50);
		$this->record = $this->backUpSite();
	}

	/** @return iterable<string, array{0: string, 1: \Closure(self): string}> how a record is planted, and the reason */
	public static function forgeries(): iterable
	{
		yield 'a valid-looking record written without the key' => [RecordVerification::NO_SIGNATURE, static fn (self $t): string => $t->plantUnsigned()];
		yield 'a record signed by someone else with a key of their own' => [RecordVerification::OTHER_KEY, static fn (self $t): string => $t->plantSignedWith(RecoveryKey::generate())];
		yield 'a record with a signature copied from another record' => [RecordVerification::MISMATCH, static fn (self $t): string => $t->plantWithBorrowedSignature()];
		yield 'a genuine record copied under another id' => [RecordVerification::MISMATCH, static fn (self $t): string => $t->plantCopyUnderAnotherId()];
		yield 'a genuine record with one byte changed' => [RecordVerification::MISMATCH, static fn (self $t): string => $t->changeOneByte()];
		yield 'a record signed with another recovery key' => [RecordVerification::OTHER_KEY, static fn (self $t): string => $t->copyWithAnotherKey()];
	}

	#[DataProvider('forgeries')]
	public function testAForgedRecordIsListedNotVerifiedAndNeverFetched(string $reason, \Closure $plant): void
	{
		$this->replicate($this->record->id, $this->key);
		$id = $plant($this);

		$catalog = new OffsiteCatalog($this->bucket, null, $this->key);
		$this->assertContains($id, $catalog->ids(), 'it is listed');
		$entry = $catalog->inspect($id);
		$this->assertFalse($entry->verification->verified);
		$this->assertSame($reason, $entry->verification->reason);
		$this->assertSame($id, $entry->record->id, 'under the name the bucket gives it');

		$store  = BackupStore::create($this->tmp . '/new-server-store');
		$before = self::describeTree($store->root());
		try {
			(new Fetcher($store, $this->bucket, null, $this->key))->step($id, 0, 10.0);
			$this->fail('a record the key does not vouch for was fetched');
		} catch (RecordNotVerified $e) {
			$this->assertSame($reason, $e->reason);
			$this->assertStringContainsString('recovery key', $e->getMessage());
		}
		$this->assertSame($before, self::describeTree($store->root()), 'nothing was written into the store');
		try {
			(new OffsiteVerifier($this->bucket, null, $this->tmp, $this->key))->verify($id);
			$this->fail('a record the key does not vouch for was checked as if it were ours');
		} catch (RecordNotVerified $e) {
			$this->assertSame($reason, $e->reason);
		}
	}

	public function testTheSitesOwnRecordsAreVerifiedPlainOrEncryptedAndFetched(): void
	{
		$sealer = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		$this->replicate($this->record->id, $this->key, $sealer);
		$entry = (new OffsiteCatalog($this->bucket, $sealer, $this->key))->inspect($this->record->id);
		$this->assertTrue($entry->verification->verified);
		$this->assertNull($entry->verification->reason);

		$fresh = Repository::open($this->tmp . '/new-store');
		$this->fetch($fresh->store(), $this->record->id, $sealer, $this->key);
		$this->assertTrue($fresh->verify($this->record->id)->isOk());

		$this->assertSame(
			RecordVerification::OTHER_KEY,
			(new OffsiteCatalog($this->bucket, $sealer, null))->inspect($this->record->id)->verification->reason,
			'a server without the key verifies nothing'
		);
		$this->assertStringNotContainsString($this->key->encoded(), (string) file_get_contents($this->bucket->dir . '/snapshots/' . $this->record->id . '.sig'));
	}

	public function testARecordCopiedBeforeSignaturesIsSignedAtTheNextCopyWithoutSendingItsObjectsAgain(): void
	{
		$this->replicate($this->record->id, $this->key);
		// As a copy made before signatures left it: the record and its objects, no signature.
		unlink($this->bucket->dir . '/snapshots/' . $this->record->id . '.sig');
		foreach (glob($this->storeDir . '/offsite/*/snapshots/*.sig.php') ?: [] as $mark) {
			unlink($mark);
		}
		$catalog = new OffsiteCatalog($this->bucket, null, $this->key);
		$this->assertSame(RecordVerification::NO_SIGNATURE, $catalog->inspect($this->record->id)->verification->reason);

		$replicator = new Replicator($this->backups()->store(), $this->bucket, null, 'test', $this->key);
		$this->assertFalse($replicator->isReplicated($this->record->id), 'it is copied again');
		$puts     = $this->bucket->puts;
		$progress = $replicator->step($this->record->id, 0, 10.0);
		$this->assertTrue($progress->complete);
		$this->assertSame(0, $progress->objectsMoved);
		$this->assertSame(2, $this->bucket->puts - $puts, 'the signature and its record');
		$this->assertTrue($catalog->inspect($this->record->id)->verification->verified);
		$this->assertTrue($replicator->isReplicated($this->record->id));
	}

	public function testANewRecoveryKeySignsTheLocalRecordsAgain(): void
	{
		$this->replicate($this->record->id, $this->key);
		$new = RecoveryKey::generate();
		$this->assertFalse((new Replicator($this->backups()->store(), $this->bucket, null, 'test', $new))->isReplicated($this->record->id));
		$this->assertFalse((new Replicator($this->backups()->store(), $this->bucket, null, 'test', null))->isReplicated($this->record->id), 'without a key nothing is signed');

		$this->assertSame(0, $this->replicate($this->record->id, $new), 'no object is sent again');
		$this->assertTrue((new OffsiteCatalog($this->bucket, null, $new))->inspect($this->record->id)->verification->verified);
		$this->assertSame(RecordVerification::OTHER_KEY, (new OffsiteCatalog($this->bucket, null, $this->key))->inspect($this->record->id)->verification->reason);
	}

	public function testRetentionWorksOnRecordsItCannotVerifyAndTakesSignaturesAlong(): void
	{
		$this->replicate($this->record->id, $this->key);
		$forged = $this->plantUnsigned();
		file_put_contents($this->bucket->dir . '/snapshots/' . SnapshotId::generate() . '.sig', 'a signature without its record');

		// A new server without the key still keeps what the records need, and lets expired ones go.
		$replicator = new Replicator($this->backups()->store(), $this->bucket, null, 'test', null);
		$report     = (new OffsiteRetention($this->backups()->store(), $this->bucket, null, $replicator))
			->apply([new RetentionRule(keepLast: 0, keepIds: [$forged])]);

		$this->assertSame([$this->record->id], $report['forgotten']);
		$this->assertSame(['snapshots/' . $forged], array_keys(iterator_to_array($this->bucket->list('snapshots/'))), 'the record, its signature and the orphan went');
		$this->assertSame(0, $report['objects_deleted'], 'the planted record names the same objects: they stay');
	}

	public function testASignatureIsBoundToTheRecordsIdAndBytes(): void
	{
		$signature = RecordSignature::sign($this->key, $this->record->id, '{"a":1}');
		$this->assertTrue(RecordSignature::check($this->key, $this->record->id, '{"a":1}', $signature)->verified);
		$this->assertSame(RecordVerification::MISMATCH, RecordSignature::check($this->key, SnapshotId::generate(), '{"a":1}', $signature)->reason);
		$this->assertSame(RecordVerification::MISMATCH, RecordSignature::check($this->key, $this->record->id, '{"a":2}', $signature)->reason);
		$this->assertSame(RecordVerification::MISMATCH, RecordSignature::check($this->key, $this->record->id, '{"a":1}', 'not json')->reason);
		$this->assertSame(RecordVerification::NO_SIGNATURE, RecordSignature::check($this->key, $this->record->id, '{"a":1}', null)->reason);
		$this->assertSame(RecordVerification::OTHER_KEY, RecordSignature::check(RecoveryKey::fromEncoded(base64_encode(random_bytes(32))), $this->record->id, '{"a":1}', $signature)->reason);
		$this->assertTrue(RecordSignature::check(RecoveryKey::fromEncoded($this->key->encoded()), $this->record->id, '{"a":1}', $signature)->verified, 'the same key typed in again');
		$this->assertStringNotContainsString($this->key->encoded(), print_r($this->key, true));
	}

	/** A record an outsider wrote from what the bucket shows: the site's own, with a note of theirs. */
	public function plantUnsigned(): string
	{
		$id   = SnapshotId::generate();
		$data = $this->record->toArray();
		$data['id'] = $id;
		$data['meta']['note'] = 'planted';
		file_put_contents($this->bucket->dir . '/snapshots/' . $id, json_encode($data, JSON_UNESCAPED_SLASHES));
		return $id;
	}

	public function plantSignedWith(RecoveryKey $theirs): string
	{
		$id = $this->plantUnsigned();
		$this->sign($id, $theirs);
		return $id;
	}

	public function plantWithBorrowedSignature(): string
	{
		$id = $this->plantUnsigned();
		copy($this->bucket->dir . '/snapshots/' . $this->record->id . '.sig', $this->bucket->dir . '/snapshots/' . $id . '.sig');
		return $id;
	}

	public function plantCopyUnderAnotherId(): string
	{
		$id = SnapshotId::generate();
		foreach (['', '.sig'] as $suffix) {
			copy($this->bucket->dir . '/snapshots/' . $this->record->id . $suffix, $this->bucket->dir . '/snapshots/' . $id . $suffix);
		}
		return $id;
	}

	public function changeOneByte(): string
	{
		$path  = $this->bucket->dir . '/snapshots/' . $this->record->id;
		$bytes = (string) file_get_contents($path);
		$at    = (int) strpos($bytes, '"started_at":') + strlen('"started_at":');
		file_put_contents($path, substr($bytes, 0, $at) . ('9' === $bytes[$at] ? '8' : '9') . substr($bytes, $at + 1));
		return $this->record->id;
	}

	public function copyWithAnotherKey(): string
	{
		$this->sign($this->record->id, RecoveryKey::generate());
		return $this->record->id;
	}

	private function sign(string $id, RecoveryKey $key): void
	{
		$path = $this->bucket->dir . '/snapshots/' . $id;
		file_put_contents($path . '.sig', RecordSignature::sign($key, $id, (string) file_get_contents($path)));
	}

	/** @return int objects uploaded */
	private function replicate(string $id, RecoveryKey $key, ?Sealer $sealer = null): int
	{
		$done  = 0;
		$moved = 0;
		do {
			$replicator = new Replicator($this->backups()->store(), $this->bucket, $sealer, 'test', $key);
			$replicator->prepare();
			$progress = $replicator->step($id, $done, 0.0);
			$done     = $progress->done;
			$moved   += $progress->objectsMoved;
		} while (!$progress->complete);
		$this->assertTrue($replicator->isReplicated($id));
		return $moved;
	}

	private function fetch(BackupStore $store, string $id, ?Sealer $sealer, RecoveryKey $key): void
	{
		$done = 0;
		do {
			$progress = (new Fetcher($store, $this->bucket, $sealer, $key))->step($id, $done, 0.0);
			$done     = $progress->done;
		} while (!$progress->complete);
	}
}
