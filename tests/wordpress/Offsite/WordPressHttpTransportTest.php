<?php
/**
 * The S3 client through WordPress's HTTP API (its cURL transport and PHP's streams) against a
 * scripted server: what goes on the wire, retries, downloads, failures and time limits.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Remote\S3\NetworkErrno;
use SiteBackups\Engine\Remote\S3\RequestSender;
use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Remote\S3\S3Exception;
use SiteBackups\Engine\Remote\S3\S3NetworkError;
use SiteBackups\Offsite\HttpHost;
use SiteBackups\Offsite\WordPressHttpTransport;
use SiteBackups\Tests\Engine\Remote\FakeS3Server;
use SiteBackups\Tests\Engine\Remote\OneWayStream;
use SiteBackups\Tests\WordPress\TestCase;

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are camelCase.
// phpcs:disable WordPress.WP.AlternativeFunctions -- php://temp streams for request and response bodies.

final class WordPressHttpTransportTest extends TestCase {

	private FakeS3Server $server;

	/** @var list<float> */
	private array $sleeps = array();

	/** @var list<array{string, string}> method and URL of each request http_api_debug was told about */
	private array $told = array();

	protected function setUp(): void {
		parent::setUp();
		$this->server = new FakeS3Server();
		add_action( 'http_api_debug', array( $this, 'record' ), 10, 5 );
	}

	protected function tearDown(): void {
		remove_action( 'http_api_debug', array( $this, 'record' ), 10 );
		$this->server->stop();
		parent::tearDown();
	}

	/**
	 * Notes a request WordPress's http_api_debug action was told about.
	 *
	 * @param mixed                $response The response or WP_Error.
	 * @param string               $context  "response".
	 * @param string               $transport_class The class that sent it.
	 * @param array<string, mixed> $args     The request's arguments.
	 * @param string               $url      The URL.
	 */
	public function record( mixed $response, string $context, string $transport_class, array $args, string $url ): void {
		$this->told[] = array( (string) $args['method'], $url );
	}

	/** @return array<string, array{HttpHost}> */
	public static function hosts(): array {
		return array(
			'cURL, side by side'                  => array( new HttpHost( true, true ) ),
			'cURL without its multi interface'    => array( new HttpHost( true, false ) ),
			'PHP streams (cURL disabled)'         => array( new HttpHost( false, false ) ),
		);
	}

	#[DataProvider( 'hosts' )]
	public function test_a_503_is_retried_with_the_whole_body_sent_again_from_its_start( HttpHost $host ): void {
		$this->server->respond( 503, FakeS3Server::error_xml( 'SlowDown', 'Please reduce your request rate.' ) );
		$this->server->respond( 200, '', array( 'ETag' => '"d41d8cd98f00b204e9800998ecf8427e"' ) );
		$body = random_bytes( 300000 );

		$etag = $this->client( $host )->putObject( 'backups/a.bin', self::stream( 'HEAD' . $body . 'TAIL', 4 ), strlen( $body ) );

		$this->assertSame( 'd41d8cd98f00b204e9800998ecf8427e', $etag );
		$requests = $this->server->requests();
		$this->assertCount( 2, $requests );
		foreach ( $requests as $request ) {
			$this->assertSame( 'PUT', $request['method'] );
			$this->assertSame( '/fake-bucket/backups/a.bin', $request['uri'] );
			$this->assertSame( hash( 'sha256', $body ), $request['sha256'] );
			$this->assertSame( hash( 'sha256', $body ), $request['headers']['x-amz-content-sha256'] );
			$this->assertStringStartsWith( 'AWS4-HMAC-SHA256 Credential=AKIDFAKE/', $request['headers']['authorization'] );
		}
		$this->assertCount( 1, $this->sleeps );
		$this->assertSame( array( array( 'PUT', $this->server->endpoint . '/fake-bucket/backups/a.bin' ), array( 'PUT', $this->server->endpoint . '/fake-bucket/backups/a.bin' ) ), $this->told, 'WordPress\'s http_api_debug hears of each attempt' );
	}

	#[DataProvider( 'hosts' )]
	public function test_objects_sent_together_retry_only_what_failed( HttpHost $host ): void {
		$this->server->respond( 503, FakeS3Server::error_xml( 'SlowDown', 'Please reduce your request rate.' ) );
		$this->server->respond_always( 200, '', array( 'ETag' => '"d41d8cd98f00b204e9800998ecf8427e"' ) );
		$bodies  = array( bin2hex( random_bytes( 1000 ) ), bin2hex( random_bytes( 1500 ) ), bin2hex( random_bytes( 2000 ) ) );
		$objects = array();
		foreach ( $bodies as $n => $body ) {
			$objects[] = array(
				'key'  => 'o' . $n,
				'body' => self::stream( $body ),
				'size' => strlen( $body ),
			);
		}

		$results = $this->client( $host )->putObjects( $objects );

		$this->assertSame( array_fill( 0, 3, 'd41d8cd98f00b204e9800998ecf8427e' ), $results );
		$sent = array_column( $this->server->requests(), 'sha256' );
		$this->assertCount( 4, $sent );
		foreach ( $bodies as $body ) {
			$this->assertContains( hash( 'sha256', $body ), $sent );
		}
		$this->assertCount( 1, $this->sleeps );
	}

	#[DataProvider( 'hosts' )]
	public function test_objects_fetched_together_land_in_their_own_streams( HttpHost $host ): void {
		$object = random_bytes( 300000 );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ) );
		$this->server->respond( 404, FakeS3Server::error_xml( 'NoSuchKey', 'The specified key does not exist.' ) );
		$outs = array( self::stream( '' ), self::stream( '' ) );

		$results = $this->client( $host )->getObjects(
			array(
				array(
					'key' => 'a',
					'out' => $outs[0],
				),
				array(
					'key' => 'b',
					'out' => $outs[1],
				),
			)
		);

		$this->assertCount( 2, $results );
		$found   = array_values( array_filter( $results, 'is_int' ) );
		$missing = array_values( array_filter( $results, static fn( $result ): bool => $result instanceof S3Exception ) );
		$this->assertSame( array( 300000 ), $found );
		$this->assertSame( 'NoSuchKey', $missing[0]->errorCode );
		$contents = array_map( array( self::class, 'contents' ), $outs );
		sort( $contents );
		$this->assertSame( array( '', $object ), $contents, 'the error body reached no stream' );
	}

	#[DataProvider( 'hosts' )]
	public function test_a_download_cut_short_is_asked_for_again_from_its_first_byte( HttpHost $host ): void {
		$object = random_bytes( 300000 );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ), array( 'cut' => 100000 ) );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ) );
		$out = self::stream( '' );

		$this->assertSame( 300000, $this->client( $host )->getObject( 'big', $out ) );

		$this->assertSame( hash( 'sha256', $object ), hash( 'sha256', self::contents( $out ) ) );
		$requests = $this->server->requests();
		$this->assertCount( 2, $requests );
		$this->assertArrayNotHasKey( 'range', $requests[1]['headers'] );
		$this->assertCount( 1, $this->sleeps );
	}

	#[DataProvider( 'hosts' )]
	public function test_a_ranged_download_and_an_error_body_that_stays_out_of_the_output( HttpHost $host ): void {
		$part = random_bytes( 5000 );
		$this->server->respond( 206, $part, array( 'ETag' => '"v1"' ) );
		$this->server->respond( 404, FakeS3Server::error_xml( 'NoSuchKey', 'The specified key does not exist.' ) );
		$out    = self::stream( '' );
		$client = $this->client( $host );

		$this->assertSame( 5000, $client->getObject( 'big', $out, 10, 5009 ) );
		$this->assertSame( $part, self::contents( $out ) );
		$this->assertSame( 'bytes=10-5009', $this->server->requests()[0]['headers']['range'] );

		$gone = self::stream( '' );
		try {
			$client->getObject( 'gone', $gone );
			$this->fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			$this->assertSame( 'NoSuchKey', $e->errorCode );
			$this->assertSame( 'The object gone does not exist in the bucket fake-bucket at ' . $this->server->endpoint . '.', $e->getMessage() );
		}
		$this->assertSame( '', self::contents( $gone ) );
	}

	#[DataProvider( 'hosts' )]
	public function test_head_listings_and_keys_that_must_reach_the_server_as_they_are( HttpHost $host ): void {
		$this->server->respond( 200, '', array( 'ETag' => '"abc"', 'x-amz-meta-Taken' => '2022-10-12' ) );
		$this->server->respond(
			200,
			'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>fake-bucket</Name>'
			. '<EncodingType>url</EncodingType><Contents><Key>a%20b</Key><Size>1</Size><ETag>&quot;e1&quot;</ETag></Contents><IsTruncated>false</IsTruncated></ListBucketResult>'
		);
		$this->server->respond( 200, '', array( 'ETag' => '"p1"' ) );
		$this->server->respond( 200, '', array( 'ETag' => '"p2"' ) );
		$client = $this->client( $host );

		$head = $client->headObject( 'k' );
		$this->assertNotNull( $head );
		$this->assertSame( array( 'taken' => '2022-10-12' ), $head['metadata'] );
		$this->assertSame( array( 'a b' ), array_column( iterator_to_array( $client->listObjects( 'x y/' ), false ), 'key' ) );
		$client->putObject( 'a b/c+d~é/../x', self::stream( 'x' ), 1 );
		$this->assertSame( 'p2', $client->putObject( 'zero', self::stream( '0' ), 1 ) );

		$requests = $this->server->requests();
		$this->assertSame( 'HEAD', $requests[0]['method'] );
		$this->assertStringStartsWith( '/fake-bucket?encoding-type=url&list-type=2', $requests[1]['uri'] );
		$this->assertSame( '/fake-bucket/a%20b/c%2Bd~%C3%A9/../x', $requests[2]['uri'] );
		$this->assertSame( 'x', $requests[2]['body'] );
		$this->assertSame( '0', $requests[3]['body'] );
	}

	#[DataProvider( 'hosts' )]
	public function test_nobody_listening_is_a_network_error_after_the_configured_attempts( HttpHost $host ): void {
		$config = new S3Config( 'http://127.0.0.1:' . FakeS3Server::free_port(), 'us-east-1', 'site-backups', 'k', FakeS3Server::SECRET, retry: new RetryPolicy( 4, 0.01, 0.05 ) );

		try {
			$this->client( $host, $config )->headObject( 'k' );
			$this->fail( 'No exception.' );
		} catch ( S3NetworkError $e ) {
			$this->assertSame( NetworkErrno::COULDNT_CONNECT, $e->curlErrno );
			$this->assertSame( 4, $e->attempts );
			$this->assertStringStartsWith( 'Could not connect to the storage server at ' . $config->endpoint . ': the connection was refused', $e->getMessage() );
		}
		$this->assertCount( 3, $this->sleeps );
	}

	#[DataProvider( 'hosts' )]
	public function test_a_server_that_does_not_answer_in_time( HttpHost $host ): void {
		$this->server->respond( 200, '', array(), array( 'sleep' => 4 ) );
		$config  = $this->server->config()->withRetry( RetryPolicy::never(), 1.0, 0.5 );
		$started = microtime( true );

		try {
			$this->client( $host, $config )->headObject( 'k' );
			$this->fail( 'No exception.' );
		} catch ( S3NetworkError $e ) {
			$this->assertSame( NetworkErrno::OPERATION_TIMEDOUT, $e->curlErrno );
			$this->assertStringStartsWith( 'The storage server at ' . $config->endpoint . ' did not answer in time', $e->getMessage() );
		}
		// cURL under Requests waits at least a second.
		$this->assertLessThan( 2.5, microtime( true ) - $started );
	}

	#[DataProvider( 'hosts' )]
	public function test_a_body_stream_shorter_than_announced_is_never_sent( HttpHost $host ): void {
		$this->server->respond_always( 200, '', array( 'ETag' => '"e"' ) );

		try {
			$this->client( $host )->putObject( 'k', OneWayStream::open( 1000 ), 5000 );
			$this->fail( 'A short body went through.' );
		} catch ( S3Exception $e ) {
			$this->assertSame( 'LocalStreamError', $e->errorCode );
			$this->assertStringContainsString( 'ended 4000 bytes before its announced size of 5000', $e->getMessage() );
		}
		$this->assertSame( array(), $this->server->requests() );
	}

	/**
	 * A client of the scripted server through the WordPress transport, noting its waits instead of sleeping.
	 *
	 * @param HttpHost      $host   What PHP allows.
	 * @param S3Config|null $config Another configuration.
	 */
	private function client( HttpHost $host, ?S3Config $config = null ): S3Client {
		$config ??= $this->server->config();
		$sleeps   = &$this->sleeps;
		return new S3Client(
			$config,
			new RequestSender(
				$config,
				new WordPressHttpTransport( $config->connectTimeout, $config->timeout, $host ),
				static function ( float $seconds ) use ( &$sleeps ): void {
					$sleeps[] = $seconds;
				}
			)
		);
	}

	/**
	 * A seekable stream holding `$data`, positioned at `$offset`.
	 *
	 * @param string $data   Content.
	 * @param int    $offset Start position.
	 * @return resource
	 */
	private static function stream( string $data, int $offset = 0 ) {
		$stream = fopen( 'php://temp', 'w+b' );
		self::assertIsResource( $stream );
		fwrite( $stream, $data );
		fseek( $stream, $offset );
		return $stream;
	}

	/**
	 * The content of a stream.
	 *
	 * @param resource $stream Stream.
	 */
	private static function contents( $stream ): string {
		rewind( $stream );
		return (string) stream_get_contents( $stream );
	}
}
