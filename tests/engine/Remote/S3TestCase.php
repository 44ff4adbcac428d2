<?php
/**
 * Base for tests against a real S3-compatible server.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Remote\S3\S3Exception;

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.
// phpcs:disable WordPress.WP.AlternativeFunctions -- plain PHP files; WordPress is not loaded.

/**
 * Each test gets its own new bucket (sbtest-<hex>), emptied and deleted
 * afterwards, so runs never collide. The server comes from
 * SITE_BACKUPS_TEST_S3_ENDPOINT, _REGION, _ACCESS_KEY, _SECRET and _BUCKET;
 * when they are missing the test FAILS: a missing server must never look green.
 */
abstract class S3TestCase extends TestCase {

	/**
	 * The test's own bucket.
	 *
	 * @var S3Config
	 */
	protected S3Config $config;

	/**
	 * A client of that bucket.
	 *
	 * @var S3Client
	 */
	protected S3Client $client;

	/**
	 * Temporary files to remove.
	 *
	 * @var list<string>
	 */
	private array $files = array();

	/**
	 * Creates the test's bucket.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->config = self::serverConfig()->withBucket( 'sbtest-' . bin2hex( random_bytes( 6 ) ) );
		$this->client = new S3Client( $this->config );
		$this->client->createBucket();
	}

	/**
	 * Empties and deletes the test's bucket.
	 */
	protected function tearDown(): void {
		foreach ( $this->files as $file ) {
			if ( is_file( $file ) ) {
				unlink( $file );
			}
		}
		if ( isset( $this->client ) ) {
			$this->removeBucket( $this->client );
		}
		parent::tearDown();
	}

	/**
	 * The server's settings, from the environment.
	 */
	protected static function serverConfig(): S3Config {
		$values = array();
		foreach ( array( 'ENDPOINT', 'REGION', 'ACCESS_KEY', 'SECRET', 'BUCKET' ) as $name ) {
			$value = getenv( 'SITE_BACKUPS_TEST_S3_' . $name );
			if ( false === $value || '' === $value ) {
				self::fail(
					'No test S3 server configured: set SITE_BACKUPS_TEST_S3_ENDPOINT (e.g. http://127.0.0.1:8886),'
					. ' SITE_BACKUPS_TEST_S3_REGION, SITE_BACKUPS_TEST_S3_ACCESS_KEY, SITE_BACKUPS_TEST_S3_SECRET and'
					. ' SITE_BACKUPS_TEST_S3_BUCKET. `bash tests/stack/s3.sh start` runs one and writes them, as S3_*,'
					. ' to .dev/<stack>/s3/ready.env; `npm run test:engine` sets them. The access key needs to create'
					. ' and delete buckets.'
				);
			}
			$values[ $name ] = $value;
		}

		return new S3Config(
			$values['ENDPOINT'],
			$values['REGION'],
			$values['BUCKET'],
			$values['ACCESS_KEY'],
			$values['SECRET'],
			connectTimeout: 5.0,
			timeout: 120.0,
			retry: new RetryPolicy( 3, 0.2, 2.0 ),
		);
	}

	/**
	 * A temporary file of `$size` pseudo-random bytes, made 1 MiB at a time.
	 *
	 * @param int $size Bytes.
	 */
	protected function randomFile( int $size ): string {
		$file = $this->tempFile();
		$out  = fopen( $file, 'wb' );
		self::assertIsResource( $out );
		$block = random_bytes( 1048576 );
		for ( $left = $size; $left > 0; $left -= 1048576 ) {
			// A fresh first 16 bytes per block keeps blocks distinct without a fresh MiB of randomness.
			fwrite( $out, substr( random_bytes( 16 ) . substr( $block, 16 ), 0, min( 1048576, $left ) ) );
		}
		fclose( $out );

		return $file;
	}

	/**
	 * An empty temporary file, removed in tearDown.
	 */
	protected function tempFile(): string {
		$file          = (string) tempnam( sys_get_temp_dir(), 'sb-s3-' );
		$this->files[] = $file;

		return $file;
	}

	/**
	 * A seekable stream holding `$data`.
	 *
	 * @param string $data Content.
	 * @return resource
	 */
	protected static function stream( string $data ) {
		$stream = fopen( 'php://temp', 'w+b' );
		self::assertIsResource( $stream );
		fwrite( $stream, $data );
		rewind( $stream );

		return $stream;
	}

	/**
	 * Stores a small object.
	 *
	 * @param string $key  Key.
	 * @param string $data Content.
	 */
	protected function put( string $key, string $data ): string {
		return $this->client->putObject( $key, self::stream( $data ), strlen( $data ) );
	}

	/**
	 * Reads a whole object, or a range of it, into a string.
	 *
	 * @param string   $key  Key.
	 * @param int|null $from First byte.
	 * @param int|null $to   Last byte.
	 */
	protected function get( string $key, ?int $from = null, ?int $to = null ): string {
		$out = self::stream( '' );
		$this->client->getObject( $key, $out, $from, $to );
		rewind( $out );

		return (string) stream_get_contents( $out );
	}

	/**
	 * The keys under a prefix.
	 *
	 * @param string $prefix Prefix.
	 * @return list<string>
	 */
	protected function keys( string $prefix = '' ): array {
		$keys = array();
		foreach ( $this->client->listObjects( $prefix ) as $object ) {
			$keys[] = $object['key'];
		}

		return $keys;
	}

	/**
	 * Aborts uploads, deletes objects, then the bucket; a bucket still listed as
	 * non-empty for a moment is tried again.
	 *
	 * @param S3Client $client Client of the bucket.
	 * @throws S3Exception When the bucket cannot be removed.
	 */
	private function removeBucket( S3Client $client ): void {
		try {
			foreach ( $client->listMultipartUploads() as $upload ) {
				$client->abortMultipartUpload( $upload['key'], $upload['uploadId'] );
			}
			for ( $attempt = 1; ; $attempt++ ) {
				$batch = array();
				foreach ( $client->listObjects() as $object ) {
					$batch[] = $object['key'];
					if ( count( $batch ) === S3Client::MAX_DELETE_KEYS ) {
						$client->deleteObjects( $batch );
						$batch = array();
					}
				}
				$client->deleteObjects( $batch );
				try {
					$client->deleteBucket();
					return;
				} catch ( S3Exception $e ) {
					if ( 'BucketNotEmpty' !== $e->errorCode || $attempt >= 5 ) {
						throw $e;
					}
					usleep( 200000 );
				}
			}
		} catch ( S3Exception $e ) {
			if ( 'NoSuchBucket' !== $e->errorCode ) {
				throw $e;
			}
		}
	}
}
