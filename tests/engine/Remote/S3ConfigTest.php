<?php
/**
 * What an S3 configuration accepts.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use InvalidArgumentException;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Config;


// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.
/**
 * Endpoints, bucket names and policies are checked when the configuration is made.
 */
final class S3ConfigTest extends TestCase {

	/**
	 * Endpoint and bucket that must be refused.
	 *
	 * @return array<string, array{string, string, bool}>
	 */
	public static function refused(): array {
		return array(
			'no scheme'                 => array( '127.0.0.1:8886', 'site-backups', false ),
			'ftp'                       => array( 'ftp://example.com', 'site-backups', false ),
			'credentials in the URL'    => array( 'https://user:pass@example.com', 'site-backups', false ),
			'query'                     => array( 'https://example.com/?x=1', 'site-backups', false ),
			'upper case bucket'         => array( 'https://example.com', 'Site-Backups', false ),
			'short bucket'              => array( 'https://example.com', 'ab', false ),
			'underscore bucket'         => array( 'https://example.com', 'site_backups', false ),
			'bucket with a slash'       => array( 'https://example.com', 'a/b', false ),
			'dotted bucket, virtual'    => array( 'https://example.com', 'site.backups', true ),
			'double dot bucket'         => array( 'https://example.com', 'site..backups', false ),
			'bucket ending with hyphen' => array( 'https://example.com', 'site-', false ),
		);
	}

	/**
	 * Bad endpoints and bucket names are refused with a message.
	 *
	 * @param string $endpoint The endpoint.
	 * @param string $bucket   The bucket.
	 * @param bool   $virtual  Virtual-host addressing.
	 */
	#[DataProvider( 'refused' )]
	public function test_refuses( string $endpoint, string $bucket, bool $virtual ): void {
		$this->expectException( InvalidArgumentException::class );

		new S3Config( $endpoint, 'us-east-1', $bucket, 'key', 'secret', $virtual );
	}

	/**
	 * A dotted bucket is fine in path style.
	 */
	public function test_accepts_dotted_bucket_in_path_style(): void {
		$config = new S3Config( 'http://127.0.0.1:8886/', 'us-east-1', 'site.backups-2', 'key', 'secret' );

		self::assertSame( 'http://127.0.0.1:8886', $config->endpoint );
		self::assertSame( 'site.backups-2', $config->bucket );
	}

	/**
	 * The with* copies keep everything else, including the secret.
	 */
	public function test_copies(): void {
		$config = new S3Config( 'http://127.0.0.1:8886', 'us-east-1', 'one-bucket', 'key', 'secret', retry: new RetryPolicy( 2 ) );

		$other = $config->withBucket( 'two-bucket' );
		self::assertSame( 'two-bucket', $other->bucket );
		self::assertSame( 'secret', $other->secret()->reveal() );
		self::assertSame( 2, $other->retry->maxAttempts );
		self::assertSame( 'other', $config->withSecret( 'other' )->secret()->reveal() );
		$quick = $config->withRetry( RetryPolicy::never(), 0.5, 3.0 );
		self::assertSame( 1, $quick->retry->maxAttempts );
		self::assertSame( 0.5, $quick->connectTimeout );
		self::assertSame( 3.0, $quick->timeout );
	}

	/**
	 * Backoff grows, stays within its cap and has jitter; Retry-After is honoured within the cap.
	 */
	public function test_retry_delays(): void {
		$policy = new RetryPolicy( 5, 1.0, 4.0 );

		for ( $i = 0; $i < 50; $i++ ) {
			$first = $policy->delay( 1 );
			self::assertGreaterThanOrEqual( 0.5, $first );
			self::assertLessThanOrEqual( 1.0, $first );
			$third = $policy->delay( 3 );
			self::assertGreaterThanOrEqual( 2.0, $third );
			self::assertLessThanOrEqual( 4.0, $third );
			self::assertLessThanOrEqual( 4.0, $policy->delay( 30 ) );
		}
		$delays = array_map( static fn( int $i ): float => $policy->delay( 3 ), range( 1, 20 ) );
		self::assertGreaterThan( 1, count( array_unique( $delays ) ), 'No jitter.' );
		self::assertSame( 3.0, $policy->delay( 1, 3.0 ) );
		self::assertSame( 4.0, $policy->delay( 1, 60.0 ) );
	}

	/**
	 * What is worth another attempt.
	 */
	public function test_retryable_answers(): void {
		$policy = new RetryPolicy();

		foreach ( array( 500, 502, 503, 504 ) as $status ) {
			self::assertTrue( $policy->isRetryableStatus( $status, '' ), (string) $status );
		}
		self::assertTrue( $policy->isRetryableStatus( 400, 'RequestTimeout' ) );
		self::assertTrue( $policy->isRetryableStatus( 200, 'InternalError' ) );
		self::assertTrue( $policy->isRetryableStatus( 503, 'SlowDown' ) );
		self::assertFalse( $policy->isRetryableStatus( 403, 'SignatureDoesNotMatch' ) );
		self::assertFalse( $policy->isRetryableStatus( 404, 'NoSuchBucket' ) );
		self::assertFalse( $policy->isRetryableStatus( 501, 'NotImplemented' ) );
	}

	/**
	 * Nonsense policies are refused.
	 */
	public function test_retry_policy_limits(): void {
		$this->expectException( InvalidArgumentException::class );

		new RetryPolicy( 0 );
	}
}
