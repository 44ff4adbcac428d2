<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use SiteBackups\Engine\Backups;
use SiteBackups\Engine\Offsite\Fetcher;
use SiteBackups\Engine\Offsite\OffsiteCatalog;
use SiteBackups\Engine\Offsite\OffsiteException;
use SiteBackups\Engine\Offsite\Replicator;
use SiteBackups\Engine\Offsite\S3Bucket;
use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

/**
 * Through a real S3-compatible server (Swift with s3api, started by the test stack): back up,
 * copy off-site, throw the local store away, bring the site back from the bucket alone.
 */
final class S3OffsiteTest extends SiteTestCase
{
	private S3Client $client;

	protected function setUp(): void
	{
		parent::setUp();
		$endpoint = getenv('SITE_BACKUPS_TEST_S3_ENDPOINT') ?: '';
		if ('' === $endpoint) {
			self::fail('No S3 server configured: set SITE_BACKUPS_TEST_S3_ENDPOINT, _REGION, _ACCESS_KEY and _SECRET (tests/stack/run-suite.sh does).');
		}
		$this->client = new S3Client($this->config($endpoint, (string) getenv('SITE_BACKUPS_TEST_S3_SECRET')));
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
		$fresh = Backups::open($this->tmp . '/new-server-store');
		$this->assertSame([$record->id], (new OffsiteCatalog($bucket, $key))->ids());
		$done = 0;
		do {
			$progress = (new Fetcher($fresh->store(), $bucket, $key))->step($record->id, $done, 0.05);
			$done     = $progress->done;
		} while (!$progress->complete);

		$fresh->restoreFilesTo($record->id, $this->site);
		$this->assertSame($files, self::describeTree($this->site));
		$this->assertSame($sql, $this->sql($fresh, $record->id));
	}

	public function testAnUploadCutByTheServerStoppingResumesWhenItIsBack(): void
	{
		$record     = $this->backUpSite();
		$bucket     = new S3Bucket($this->client, 'p');
		$replicator = new Replicator($this->backups()->store(), $bucket, null, 'resume');
		$replicator->prepare();
		$first = $replicator->step($record->id, 0, 0.0);
		$this->assertFalse($first->complete);

		$this->s3Store('stop');
		try {
			(new Replicator($this->backups()->store(), $bucket, null, 'resume'))->step($record->id, $first->done, 5.0);
			$this->fail('an upload to a stopped server succeeded');
		} catch (OffsiteException $e) {
			$this->assertStringNotContainsString((string) getenv('SITE_BACKUPS_TEST_S3_SECRET'), $e->getMessage());
		} finally {
			$this->s3Store('start');
		}
		$this->assertSame([], (new OffsiteCatalog($bucket, null))->ids(), 'no record before all its objects');
		$this->copyOffsite($bucket, null, $record->id, $first->done, 'resume');
		$this->assertSame([$record->id], (new OffsiteCatalog($bucket, null))->ids());
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
			(new Replicator($this->backups()->store(), $wrong, null, 'x'))->prepare();
			$this->fail('a wrong secret was accepted');
		} catch (OffsiteException $e) {
			$this->assertMatchesRegularExpression('/refused|signature|access key/i', $e->getMessage());
			$this->assertStringNotContainsString('not-the-secret', $e->getMessage());
		}
		$missing = new S3Bucket(new S3Client($this->config((string) getenv('SITE_BACKUPS_TEST_S3_ENDPOINT'), (string) getenv('SITE_BACKUPS_TEST_S3_SECRET'), 'no-such-bucket-' . bin2hex(random_bytes(4)))), '');
		try {
			(new Replicator($this->backups()->store(), $missing, null, 'y'))->prepare();
			$this->fail('a missing bucket was accepted');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString('does not exist', $e->getMessage());
		}
	}

	private function copyOffsite(S3Bucket $bucket, ?Sealer $key, string $id, int $done = 0, string $destination = 'test'): void
	{
		$replicator = new Replicator($this->backups()->store(), $bucket, $key, $destination);
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

	private function sql(Backups $backups, string $id): string
	{
		$out = fopen('php://memory', 'w+b');
		$backups->streamDatabase($id, $out);
		rewind($out);
		return (string) stream_get_contents($out);
	}
}
