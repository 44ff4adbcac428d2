<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Offsite\Fetcher;
use SiteBackups\Engine\Offsite\OffsiteCatalog;
use SiteBackups\Engine\Offsite\OffsiteException;
use SiteBackups\Engine\Offsite\RecordNotVerified;
use SiteBackups\Engine\Offsite\RecordSignature;
use SiteBackups\Engine\Offsite\RecordVerification;
use SiteBackups\Engine\Offsite\RecoveryKey;
use SiteBackups\Engine\Offsite\Replicator;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Offsite\S3Bucket;
use SiteBackups\Engine\Offsite\SealedTransfer;
use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Site\SiteTestCase;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/**
 * Through a real S3-compatible server (Swift with s3api, started by the test stack): back up,
 * copy off-site, throw the local store away, bring the site back from the bucket alone.
 */
final class S3OffsiteTest extends SiteTestCase
{
	private S3Client $client;

	private RecoveryKey $recoveryKey;

	protected function setUp(): void
	{
		parent::setUp();
		$endpoint = getenv('SITE_BACKUPS_TEST_S3_ENDPOINT') ?: '';
		if ('' === $endpoint) {
			self::fail('No S3 server configured: set SITE_BACKUPS_TEST_S3_ENDPOINT, _REGION, _ACCESS_KEY and _SECRET (tests/stack/run-suite.sh does).');
		}
		$this->client = new S3Client($this->config($endpoint, (string) getenv('SITE_BACKUPS_TEST_S3_SECRET')));
		$this->recoveryKey = RecoveryKey::generate();
		$this->client->createBucket();
		for ($i = 0; $i < 20; $i++) {
			@mkdir($this->site . '/wp-content/uploads/' . ($i % 2), 0755, true);
			file_put_contents(sprintf('%s/wp-content/uploads/%d/f%02d.bin', $this->site, $i % 2, $i), random_bytes(1000 + 700 * $i));
		}
		file_put_contents($this->site . '/wp-content/uploads/big.bin', random_bytes(2 * self::CHUNK + 3));
		self::createWordPressTables($this->db, 200);
	}

	protected function tearDown(): void
	{
		$keys = array_column(iterator_to_array($this->client->listObjects(''), false), 'key');
		if ($keys) {
			$this->client->deleteObjects($keys);
		}
		$this->client->deleteBucket();
		parent::tearDown();
	}

	public function testTheSiteComesBackFromTheBucketAloneEncrypted(): void
	{
		$key    = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		$bucket = new S3Bucket($this->client, 'sites/example');
		$record = $this->backUpSite();
		$files  = self::describeTree($this->site);
		$sql    = $this->sql($this->backups(), $record->id);
		$this->copyOffsite($bucket, $key, $record->id);

		Durable::removeTree($this->storeDir);
		Durable::removeTree($this->site);
		$fresh = Repository::open($this->tmp . '/new-server-store');
		$this->assertSame([$record->id], (new OffsiteCatalog($bucket, $key, $this->recoveryKey))->ids());
		$done = 0;
		do {
			$progress = (new Fetcher($fresh->store(), $bucket, $key, $this->recoveryKey))->step($record->id, $done, 0.05);
			$done     = $progress->done;
		} while (!$progress->complete);

		RestoredCopy::files($fresh->store(), $record->id, $this->site);
		$this->assertSame($files, self::describeTree($this->site));
		$this->assertSame($sql, $this->sql($fresh, $record->id));
	}

	public function testRecordsPlantedInTheBucketWithoutTheRecoveryKeyAreNotVerifiedAndNeverFetched(): void
	{
		$key    = Sealer::fromEncodedKey(base64_encode(random_bytes(32)));
		$bucket = new S3Bucket($this->client, 'sites/example');
		$record = $this->backUpSite();
		$this->copyOffsite($bucket, $key, $record->id);
		$transfer = new SealedTransfer($bucket, $key);
		$read     = static function (string $name) use ($transfer): string {
			$out = fopen('php://temp', 'w+b');
			$transfer->download($name, $out, $name);
			return (string) stream_get_contents($out, -1, 0);
		};
		$genuine = $read('snapshots/' . $record->id);

		// Whoever holds the bucket's keys (and the encryption key) writes records of their own.
		$put = static function (string $id, string $json, ?string $signature) use ($bucket, $transfer): void {
			$body = fopen('php://temp', 'w+b');
			fwrite($body, $json);
			rewind($body);
			$transfer->upload('snapshots/' . $id, $body, strlen($json));
			if (null !== $signature) {
				ftruncate($body, 0);
				fwrite($body, $signature);
				rewind($body);
				$bucket->put('snapshots/' . $id . '.sig', $body, strlen($signature));
			}
			fclose($body);
		};
		$planted  = [];
		$unsigned = SnapshotId::generate();
		$put($unsigned, str_replace($record->id, $unsigned, $genuine), null);
		$planted[$unsigned] = RecordVerification::NO_SIGNATURE;
		$theirs = SnapshotId::generate();
		$json   = str_replace($record->id, $theirs, $genuine);
		$put($theirs, $json, RecordSignature::sign(RecoveryKey::generate(), $theirs, $json));
		$planted[$theirs] = RecordVerification::OTHER_KEY;
		$moved = SnapshotId::generate();
		$signature = fopen('php://temp', 'w+b');
		$bucket->get('snapshots/' . $record->id . '.sig', $signature);
		$put($moved, $genuine, (string) stream_get_contents($signature, -1, 0));
		$planted[$moved] = RecordVerification::MISMATCH;

		$catalog = new OffsiteCatalog($bucket, $key, $this->recoveryKey);
		$this->assertEqualsCanonicalizing([$record->id, ...array_keys($planted)], $catalog->ids());
		$this->assertTrue($catalog->inspect($record->id)->verification->verified);
		$fresh = BackupStore::create($this->tmp . '/new-server-store');
		$before = self::describeTree($fresh->root());
		foreach ($planted as $id => $reason) {
			$this->assertSame($reason, $catalog->inspect($id)->verification->reason, $id);
			try {
				(new Fetcher($fresh, $bucket, $key, $this->recoveryKey))->step($id, 0, 10.0);
				$this->fail("planted record $id was fetched");
			} catch (RecordNotVerified $e) {
				$this->assertSame($reason, $e->reason);
			}
		}
		$this->assertSame($before, self::describeTree($fresh->root()), 'nothing was written into the store');
	}

	public function testAnUploadCutByTheServerStoppingResumesWhenItIsBack(): void
	{
		$record     = $this->backUpSite();
		$bucket     = new S3Bucket($this->client, 'p');
		// One object per pack: the first step sends a few packs and stops.
		$replicator = new Replicator($this->backups()->store(), $bucket, null, 'resume', $this->recoveryKey, 1);
		$replicator->prepare();
		$first = $replicator->step($record->id, 0, 0.0);
		$this->assertFalse($first->complete);

		$this->s3Store('stop');
		try {
			(new Replicator($this->backups()->store(), $bucket, null, 'resume', $this->recoveryKey))->step($record->id, $first->done, 5.0);
			$this->fail('an upload to a stopped server succeeded');
		} catch (OffsiteException $e) {
			$this->assertStringNotContainsString((string) getenv('SITE_BACKUPS_TEST_S3_SECRET'), $e->getMessage());
		} finally {
			$this->s3Store('start');
		}
		$this->assertSame([], (new OffsiteCatalog($bucket, null, $this->recoveryKey))->ids(), 'no record before all its objects');
		$this->copyOffsite($bucket, null, $record->id, $first->done, 'resume');
		$this->assertSame([$record->id], (new OffsiteCatalog($bucket, null, $this->recoveryKey))->ids());
	}

	/** Stops or starts the stack's real S3 server (Swift), as a host's outage would. */
	private function s3Store(string $action): void
	{
		$script = dirname(__DIR__, 2) . '/stack/s3.sh';
		$stack  = getenv('SITE_BACKUPS_TEST_STACK') ?: 'test';
		exec('bash ' . escapeshellarg($script) . ' ' . escapeshellarg($action) . ' ' . escapeshellarg($stack) . ' 2>&1', $output, $status);
		$this->assertSame(0, $status, implode("\n", $output));
	}

	public function testWrongCredentialsAndAMissingBucketSayWhatIsWrong(): void
	{
		$wrong = new S3Bucket(new S3Client($this->config((string) getenv('SITE_BACKUPS_TEST_S3_ENDPOINT'), 'not-the-secret', $this->client->config()->bucket)), '');
		try {
			(new Replicator($this->backups()->store(), $wrong, null, 'x', $this->recoveryKey))->prepare();
			$this->fail('a wrong secret was accepted');
		} catch (OffsiteException $e) {
			$this->assertMatchesRegularExpression('/refused|signature|access key/i', $e->getMessage());
			$this->assertStringNotContainsString('not-the-secret', $e->getMessage());
		}
		$missing = new S3Bucket(new S3Client($this->config((string) getenv('SITE_BACKUPS_TEST_S3_ENDPOINT'), (string) getenv('SITE_BACKUPS_TEST_S3_SECRET'), 'no-such-bucket-' . bin2hex(random_bytes(4)))), '');
		try {
			(new Replicator($this->backups()->store(), $missing, null, 'y', $this->recoveryKey))->prepare();
			$this->fail('a missing bucket was accepted');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString('does not exist', $e->getMessage());
		}
	}

	private function copyOffsite(S3Bucket $bucket, ?Sealer $key, string $id, int $done = 0, string $destination = 'test'): void
	{
		$replicator = new Replicator($this->backups()->store(), $bucket, $key, $destination, $this->recoveryKey);
		$replicator->prepare();
		do {
			$progress = $replicator->step($id, $done, 0.05);
			$done     = $progress->done;
		} while (!$progress->complete);
	}

	private function config(string $endpoint, string $secret, ?string $bucket = null): S3Config
	{
		return new S3Config(
			$endpoint,
			(string) (getenv('SITE_BACKUPS_TEST_S3_REGION') ?: 'us-east-1'),
			$bucket ?? 'offsite-' . strtolower(bin2hex(random_bytes(5))),
			(string) getenv('SITE_BACKUPS_TEST_S3_ACCESS_KEY'),
			$secret,
			retry: new RetryPolicy(maxAttempts: 2, baseDelay: 0.05),
			connectTimeout: 2.0,
		);
	}

	private function sql(Repository $backups, string $id): string
	{
		$out = fopen('php://memory', 'w+b');
		(new SnapshotReader($backups->store()))->streamSource($id, DatabaseSource::KEY, $out);
		rewind($out);
		return (string) stream_get_contents($out);
	}
}
