<?php
/**
 * Failures of a real S3-compatible server, as an administrator reads them.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Remote\S3\S3Exception;
use SiteBackups\Engine\Remote\S3\S3NetworkError;

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.

/**
 * Wrong secret, unknown key, missing bucket or object, and no server at all.
 */
final class S3ErrorsTest extends S3TestCase {

	/**
	 * Runs `$operation` and returns what it threw.
	 *
	 * @param callable(): mixed $operation What should fail.
	 */
	private static function failure( callable $operation ): S3Exception {
		try {
			$operation();
		} catch ( S3Exception $e ) {
			return $e;
		}
		self::fail( 'No exception.' );
	}

	/**
	 * The bucket the stack set up exists (and this check makes no bucket).
	 */
	public function test_the_configured_bucket_exists(): void {
		self::assertTrue( ( new S3Client( self::serverConfig() ) )->bucketExists() );
		self::assertTrue( $this->client->bucketExists() );
	}

	/**
	 * A wrong secret is refused at once (no retry), with a plain message that shows neither secret.
	 */
	public function test_wrong_secret(): void {
		$wrong  = 'wrong-' . bin2hex( random_bytes( 12 ) );
		$client = new S3Client( $this->config->withSecret( $wrong ) );

		$e = self::failure( fn() => $client->putObject( 'k', self::stream( 'data' ), 4 ) );

		self::assertSame( 'SignatureDoesNotMatch', $e->errorCode );
		self::assertSame( 403, $e->httpStatus );
		self::assertSame( 1, $e->attempts );
		self::assertStringStartsWith( 'The access key or secret was refused by ' . $this->config->endpoint, $e->getMessage() );
		$everything = $e->getMessage() . $e->serverMessage . $e->getTraceAsString();
		self::assertStringNotContainsString( $wrong, $everything );
		self::assertStringNotContainsString( $this->config->secret()->reveal(), $everything );

		$head = self::failure( fn() => $client->headObject( 'k' ) );
		self::assertSame( 'Forbidden', $head->errorCode );
		self::assertStringStartsWith( 'The access key or secret was refused by ' . $this->config->endpoint, $head->getMessage() );
	}

	/**
	 * An access key the server does not know is refused too.
	 */
	public function test_unknown_access_key(): void {
		$config = new S3Config( $this->config->endpoint, $this->config->region, $this->config->bucket, 'nobody:' . bin2hex( random_bytes( 4 ) ), 'some-secret-value' );

		$e = self::failure( fn() => ( new S3Client( $config ) )->putObject( 'k', self::stream( 'data' ), 4 ) );

		self::assertContains( $e->errorCode, array( 'InvalidAccessKeyId', 'SignatureDoesNotMatch' ) );
		self::assertSame( 403, $e->httpStatus );
		self::assertStringContainsString( 'refused by ' . $this->config->endpoint, $e->getMessage() );
	}

	/**
	 * A bucket that does not exist is NoSuchBucket, named in the message.
	 */
	public function test_missing_bucket(): void {
		$missing = $this->config->withBucket( 'sbmissing-' . bin2hex( random_bytes( 6 ) ) );
		$client  = new S3Client( $missing );

		$put = self::failure( fn() => $client->putObject( 'k', self::stream( 'data' ), 4 ) );
		self::assertSame( 'NoSuchBucket', $put->errorCode );
		self::assertSame( 404, $put->httpStatus );
		self::assertSame( 'The bucket ' . $missing->bucket . ' does not exist at ' . $missing->endpoint . '.', $put->getMessage() );

		self::assertSame( 'NoSuchBucket', self::failure( fn() => iterator_to_array( $client->listObjects() ) )->errorCode );
		self::assertSame( 'NoSuchBucket', self::failure( fn() => $client->getObject( 'k', self::stream( '' ) ) )->errorCode );
		self::assertFalse( $client->bucketExists() );
	}

	/**
	 * A key that does not exist is NoSuchKey for GET.
	 */
	public function test_missing_key(): void {
		$out = self::stream( '' );

		$e = self::failure( fn() => $this->client->getObject( 'nothing/here', $out ) );

		self::assertSame( 'NoSuchKey', $e->errorCode );
		self::assertSame( 'The object nothing/here does not exist in the bucket ' . $this->config->bucket . ' at ' . $this->config->endpoint . '.', $e->getMessage() );
		self::assertSame( 0, (int) ftell( $out ) );
	}

	/**
	 * With the server's port closed: a network error after the configured attempts.
	 */
	public function test_server_down(): void {
		$down    = new S3Config( 'http://127.0.0.1:' . FakeS3Server::free_port(), $this->config->region, $this->config->bucket, $this->config->accessKey, $this->config->secret(), connectTimeout: 2.0, retry: new RetryPolicy( 3, 0.05, 0.2 ) );
		$started = microtime( true );

		$e = self::failure( fn() => ( new S3Client( $down ) )->putObject( 'k', self::stream( 'data' ), 4 ) );

		self::assertInstanceOf( S3NetworkError::class, $e );
		self::assertSame( CURLE_COULDNT_CONNECT, $e->curlErrno );
		self::assertSame( 3, $e->attempts );
		self::assertStringStartsWith( 'Could not connect to the storage server at ' . $down->endpoint, $e->getMessage() );
		self::assertStringEndsWith( 'It failed 3 times in a row.', $e->getMessage() );
		// Two waits of 25 to 50 ms, then 50 to 100 ms.
		self::assertGreaterThan( 0.07, microtime( true ) - $started );
	}
}
