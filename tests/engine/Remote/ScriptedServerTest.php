<?php
/**
 * The client against a scripted server: retries, resumes, odd answers.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Remote\S3\RequestSender;
use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Remote\S3\S3Exception;
use SiteBackups\Engine\Remote\S3\S3NetworkError;

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.
// phpcs:disable WordPress.WP.AlternativeFunctions -- plain PHP streams; WordPress is not loaded.

/**
 * Each test scripts the answers of a `php -S` server (FakeS3Server) and checks
 * what the client sent and what it made of the answers.
 */
final class ScriptedServerTest extends TestCase {

	/**
	 * The scripted server.
	 *
	 * @var FakeS3Server
	 */
	private FakeS3Server $server;

	/**
	 * Waits the client asked for between attempts.
	 *
	 * @var list<float>
	 */
	private array $sleeps = array();

	/**
	 * Starts the server.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->server = new FakeS3Server();
	}

	/**
	 * Stops the server.
	 */
	protected function tearDown(): void {
		$this->server->stop();
		parent::tearDown();
	}

	/**
	 * A client of the scripted server that records its waits instead of sleeping.
	 *
	 * @param S3Config|null $config Another configuration.
	 */
	private function client( ?S3Config $config = null ): S3Client {
		$config ??= $this->server->config();
		$sleeps   = &$this->sleeps;

		return new S3Client(
			$config,
			new RequestSender(
				$config,
				null,
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

	/**
	 * A 503 SlowDown, then a 200: the body is sent again whole, from where it began in its stream.
	 */
	public function test_retries_a_503_sending_the_body_again_from_its_start(): void {
		$this->server->respond( 503, FakeS3Server::error_xml( 'SlowDown', 'Please reduce your request rate.' ) );
		$this->server->respond( 200, '', array( 'ETag' => '"d41d8cd98f00b204e9800998ecf8427e"' ) );
		$body = random_bytes( 300000 );

		$etag = $this->client()->putObject( 'backups/a.bin', self::stream( 'HEAD' . $body . 'TAIL', 4 ), strlen( $body ) );

		self::assertSame( 'd41d8cd98f00b204e9800998ecf8427e', $etag );
		$requests = $this->server->requests();
		self::assertCount( 2, $requests );
		foreach ( $requests as $request ) {
			self::assertSame( 'PUT', $request['method'] );
			self::assertSame( '/fake-bucket/backups/a.bin', $request['uri'] );
			self::assertSame( hash( 'sha256', $body ), $request['sha256'] );
			self::assertSame( hash( 'sha256', $body ), $request['headers']['x-amz-content-sha256'] );
			self::assertSame( base64_encode( md5( $body, true ) ), $request['headers']['content-md5'] ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- Content-MD5 is base64.
			self::assertStringStartsWith( 'AWS4-HMAC-SHA256 Credential=AKIDFAKE/', $request['headers']['authorization'] );
		}
		self::assertCount( 1, $this->sleeps );
	}

	/**
	 * Answers that stay 5xx end in an S3Exception naming the code, after the configured attempts.
	 */
	public function test_gives_up_after_the_configured_attempts(): void {
		$this->server->respond_always( 500, FakeS3Server::error_xml( 'InternalError', 'We encountered an internal error.' ) );

		try {
			$this->client()->putObject( 'k', self::stream( 'data' ), 4 );
			self::fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'InternalError', $e->errorCode );
			self::assertSame( 500, $e->httpStatus );
			self::assertSame( 3, $e->attempts );
			self::assertSame( 'req-1', $e->requestId );
			self::assertStringContainsString( 'failed with an internal error (HTTP 500). It failed 3 times in a row.', $e->getMessage() );
		}
		self::assertCount( 3, $this->server->requests() );
		self::assertCount( 2, $this->sleeps );
	}

	/**
	 * Objects sent side by side: the one answered 503 is sent again, whole, after one wait.
	 */
	public function test_objects_side_by_side_retry_what_failed_after_one_wait(): void {
		$this->server->respond( 503, FakeS3Server::error_xml( 'SlowDown', 'Please reduce your request rate.' ) );
		$this->server->respond_always( 200, '', array( 'ETag' => '"d41d8cd98f00b204e9800998ecf8427e"' ) );
		$bodies = array( bin2hex( random_bytes( 1000 ) ), bin2hex( random_bytes( 1500 ) ), bin2hex( random_bytes( 2000 ) ) );

		$results = $this->client()->putObjects( $this->objects( $bodies ) );

		self::assertSame( array_fill( 0, 3, 'd41d8cd98f00b204e9800998ecf8427e' ), $results );
		$sent = array_column( $this->server->requests(), 'sha256' );
		self::assertCount( 4, $sent );
		$expected = array_map( static fn( string $body ): string => hash( 'sha256', $body ), $bodies );
		foreach ( $expected as $hash ) {
			self::assertContains( $hash, $sent );
		}
		self::assertCount( 1, $this->sleeps );
	}

	/**
	 * One object refused does not stop the others, and a refusal is not retried.
	 */
	public function test_one_object_refused_does_not_stop_the_others(): void {
		$this->server->respond( 403, FakeS3Server::error_xml( 'AccessDenied', 'Access Denied.' ) );
		$this->server->respond_always( 200, '', array( 'ETag' => '"d41d8cd98f00b204e9800998ecf8427e"' ) );

		$results = $this->client()->putObjects( $this->objects( array( 'one', 'two', 'three' ) ) );

		$refused = array_values( array_filter( $results, static fn( $result ): bool => $result instanceof S3Exception ) );
		self::assertCount( 1, $refused );
		self::assertSame( 'AccessDenied', $refused[0]->errorCode );
		self::assertCount( 2, array_filter( $results, 'is_string' ) );
		self::assertCount( 3, $this->server->requests() );
		self::assertSame( array(), $this->sleeps );
	}

	/**
	 * When every object keeps failing, the waits are per round, not per object.
	 */
	public function test_objects_that_keep_failing_wait_once_per_round(): void {
		$this->server->respond_always( 500, FakeS3Server::error_xml( 'InternalError', 'We encountered an internal error.' ) );

		$results = $this->client()->putObjects( $this->objects( array( 'a', 'b', 'c', 'd' ) ) );

		foreach ( $results as $result ) {
			self::assertInstanceOf( S3Exception::class, $result );
			self::assertSame( 3, $result->attempts );
		}
		self::assertCount( 12, $this->server->requests() );
		self::assertCount( 2, $this->sleeps );
	}

	/**
	 * Objects for putObjects(), keyed o0, o1, ….
	 *
	 * @param list<string> $bodies Contents.
	 * @return list<array{key: string, body: resource, size: int}>
	 */
	private function objects( array $bodies ): array {
		$objects = array();
		foreach ( $bodies as $n => $body ) {
			$objects[] = array(
				'key'  => 'o' . $n,
				'body' => self::stream( $body ),
				'size' => strlen( $body ),
			);
		}

		return $objects;
	}

	/**
	 * A refused signature is not retried, and says so in plain words.
	 */
	public function test_client_errors_are_not_retried(): void {
		$this->server->respond_always( 403, FakeS3Server::error_xml( 'SignatureDoesNotMatch', 'The request signature we calculated does not match.' ) );

		try {
			$this->client()->deleteObject( 'k' );
			self::fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'SignatureDoesNotMatch', $e->errorCode );
			self::assertSame( 1, $e->attempts );
			self::assertStringStartsWith( 'The access key or secret was refused by ' . $this->server->endpoint . ':', $e->getMessage() );
		}
		self::assertCount( 1, $this->server->requests() );
	}

	/**
	 * A stream that cannot seek is sent as UNSIGNED-PAYLOAD, without Content-MD5, and never retried.
	 */
	public function test_a_stream_that_cannot_seek_is_sent_unsigned_once(): void {
		$this->server->respond( 503, FakeS3Server::error_xml( 'SlowDown' ) );
		$this->server->respond( 200, '', array( 'ETag' => '"e2"' ) );

		try {
			$this->client()->putObject( 'k', OneWayStream::open( 100000 ), 100000 );
			self::fail( 'A one-way body was retried.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'SlowDown', $e->errorCode );
			self::assertSame( 1, $e->attempts );
		}
		self::assertSame( 'e2', $this->client()->putObject( 'k', OneWayStream::open( 100000 ), 100000 ) );

		$requests = $this->server->requests();
		self::assertCount( 2, $requests );
		self::assertSame( 'UNSIGNED-PAYLOAD', $requests[1]['headers']['x-amz-content-sha256'] );
		self::assertArrayNotHasKey( 'content-md5', $requests[1]['headers'] );
		self::assertSame( hash( 'sha256', OneWayStream::content( 100000 ) ), $requests[1]['sha256'] );
	}

	/**
	 * A stream shorter than announced stops the request at once instead of leaving the server waiting.
	 */
	public function test_a_short_stream_fails_fast(): void {
		$this->server->respond_always( 200, '', array( 'ETag' => '"e"' ) );
		$started = microtime( true );

		try {
			$this->client()->putObject( 'k', OneWayStream::open( 1000 ), 5000 );
			self::fail( 'A short body went through.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'LocalStreamError', $e->errorCode );
			self::assertStringContainsString( 'ended 4000 bytes before its announced size of 5000', $e->getMessage() );
		}
		self::assertLessThan( 5.0, microtime( true ) - $started );

		$this->expectException( \InvalidArgumentException::class );
		$this->client()->putObject( 'k', self::stream( 'short' ), 6 );
	}

	/**
	 * A download cut off midway asks for the rest only, pinned to the same ETag.
	 */
	public function test_a_broken_download_resumes_where_it_stopped(): void {
		$object = random_bytes( 300000 );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ), array( 'cut' => 100000 ) );
		$this->server->respond( 206, substr( $object, 100000 ), array( 'ETag' => '"v1"' ) );
		$out = self::stream( '' );

		$written = $this->client()->getObject( 'big', $out );

		self::assertSame( 300000, $written );
		self::assertSame( hash( 'sha256', $object ), hash( 'sha256', self::contents( $out ) ) );
		$requests = $this->server->requests();
		self::assertArrayNotHasKey( 'range', $requests[0]['headers'] );
		self::assertSame( 'bytes=100000-', $requests[1]['headers']['range'] );
		self::assertSame( '"v1"', $requests[1]['headers']['if-match'] );
	}

	/**
	 * Objects fetched side by side: one cut short is fetched again on its own into its emptied
	 * stream, so no byte of the cut attempt stays in front of the whole object.
	 */
	public function test_objects_fetched_side_by_side_one_cut_short_is_fetched_again(): void {
		$object = random_bytes( 300000 );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ), array( 'cut' => 100000 ) );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ) );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ) );
		$outs = array( self::stream( '' ), self::stream( '' ) );

		$written = $this->client()->getObjects(
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

		self::assertSame( array( 300000, 300000 ), $written );
		foreach ( $outs as $out ) {
			self::assertSame( hash( 'sha256', $object ), hash( 'sha256', self::contents( $out ) ) );
		}
		$requests = $this->server->requests();
		self::assertCount( 3, $requests );
		self::assertArrayNotHasKey( 'range', $requests[2]['headers'], 'Fetched again whole' );
	}

	/**
	 * A server that cannot be reached: the first object is tried again with waits, the others of
	 * the batch then fail at once with the same reason.
	 */
	public function test_objects_fetched_from_an_unreachable_server_fail_after_one_object_s_retries(): void {
		$client = $this->client();
		$this->server->stop();

		$results = $client->getObjects(
			array_map(
				static fn( string $key ): array => array(
					'key' => $key,
					'out' => self::stream( '' ),
				),
				array( 'a', 'b', 'c' )
			)
		);

		foreach ( $results as $result ) {
			self::assertInstanceOf( S3NetworkError::class, $result );
		}
		self::assertCount( 2, $this->sleeps, 'The waits of one object\'s three attempts, not of three objects' );
	}

	/**
	 * A ranged download resumes inside its range.
	 */
	public function test_a_broken_ranged_download_resumes_inside_its_range(): void {
		$part = random_bytes( 5000 );
		$this->server->respond( 206, $part, array( 'ETag' => '"v1"' ), array( 'cut' => 1234 ) );
		$this->server->respond( 206, substr( $part, 1234 ), array( 'ETag' => '"v1"' ) );
		$out = self::stream( '' );

		self::assertSame( 5000, $this->client()->getObject( 'big', $out, 10, 5009 ) );

		self::assertSame( $part, self::contents( $out ) );
		$requests = $this->server->requests();
		self::assertSame( 'bytes=10-5009', $requests[0]['headers']['range'] );
		self::assertSame( 'bytes=1244-5009', $requests[1]['headers']['range'] );
	}

	/**
	 * A server that ignores the range of a resumed download must not append the whole object again.
	 */
	public function test_a_resume_answered_with_the_whole_object_is_refused(): void {
		$object = random_bytes( 50000 );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ), array( 'cut' => 20000 ) );
		$this->server->respond( 200, $object, array( 'ETag' => '"v1"' ) );
		$out = self::stream( '' );

		try {
			$this->client()->getObject( 'big', $out );
			self::fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'UnexpectedResponse', $e->errorCode );
		}
		self::assertSame( substr( $object, 0, 20000 ), self::contents( $out ) );
	}

	/**
	 * Error bodies never reach the output stream.
	 */
	public function test_an_error_body_is_not_written_to_the_output(): void {
		$this->server->respond( 404, FakeS3Server::error_xml( 'NoSuchKey', 'The specified key does not exist.' ) );
		$out = self::stream( '' );

		try {
			$this->client()->getObject( 'gone', $out );
			self::fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'NoSuchKey', $e->errorCode );
			self::assertSame( 'The object gone does not exist in the bucket fake-bucket at ' . $this->server->endpoint . '.', $e->getMessage() );
		}
		self::assertSame( '', self::contents( $out ) );
	}

	/**
	 * CompleteMultipartUpload can answer 200 with an error inside: that is retried, then thrown.
	 */
	public function test_complete_with_an_error_inside_a_200(): void {
		// S3 sends the declaration at once, then spaces to keep the connection alive, then the outcome.
		$error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n      \n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
		$done  = '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
			. '<Key>k</Key><ETag>"3858f62230ac3c915f300c664312c11f-2"</ETag></CompleteMultipartUploadResult>';
		$this->server->respond( 200, $error );
		$this->server->respond( 200, $done );

		$etag = $this->client()->completeMultipartUpload(
			'k',
			'up/1',
			array(
				array( 2, 'bb' ),
				array( 1, '"aa"' ),
			)
		);

		self::assertSame( '3858f62230ac3c915f300c664312c11f-2', $etag );
		$requests = $this->server->requests();
		self::assertSame( '/fake-bucket/k?uploadId=up%2F1', $requests[0]['uri'] );
		self::assertStringContainsString( '<Part><PartNumber>1</PartNumber><ETag>"aa"</ETag></Part><Part><PartNumber>2</PartNumber>', $requests[1]['body'] );

		$this->server->respond_always( 200, $error );
		try {
			$this->client()->completeMultipartUpload( 'k', 'up', array( array( 1, 'aa' ) ) );
			self::fail( 'An error inside a 200 was taken for success.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'InternalError', $e->errorCode );
			self::assertSame( 200, $e->httpStatus );
		}
	}

	/**
	 * When a retried complete finds the upload gone, the first attempt did the job: the object is there.
	 */
	public function test_complete_whose_first_answer_was_lost(): void {
		$this->server->respond( 503, FakeS3Server::error_xml( 'ServiceUnavailable' ) );
		$this->server->respond( 404, FakeS3Server::error_xml( 'NoSuchUpload', 'The specified upload does not exist.' ) );
		$parts = array(
			array( 1, md5( 'one' ) ),
			array( 2, md5( 'two' ) ),
		);
		$etag  = md5( md5( 'one', true ) . md5( 'two', true ) ) . '-2';
		$this->server->respond( 200, '', array( 'ETag' => '"' . $etag . '"' ) );

		self::assertSame( $etag, $this->client()->completeMultipartUpload( 'k', 'up', $parts ) );
		self::assertSame( 'HEAD', $this->server->requests()[2]['method'] );

		// An object that is not the one these parts make (an older upload) does not count.
		$this->server->respond( 503, FakeS3Server::error_xml( 'ServiceUnavailable' ) );
		$this->server->respond( 404, FakeS3Server::error_xml( 'NoSuchUpload', 'The specified upload does not exist.' ) );
		$this->server->respond( 200, '', array( 'ETag' => '"' . md5( 'older' ) . '-2"' ) );
		try {
			$this->client()->completeMultipartUpload( 'k', 'up', $parts );
			self::fail( 'An older object was taken for the completed upload.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'NoSuchUpload', $e->errorCode );
		}
	}

	/**
	 * Multi-object delete: batches of 1000, Content-MD5, quiet mode, per-key errors.
	 */
	public function test_delete_objects(): void {
		$this->server->respond(
			200,
			'<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
			. '<Error><Key>key-7</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>'
		);
		$this->server->respond( 200, '<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>' );
		$keys = array_map( static fn( int $i ): string => 'key-' . $i, range( 1, 1001 ) );

		$failed = $this->client()->deleteObjects( $keys );

		self::assertSame(
			array(
				'key-7' => array(
					'code'    => 'AccessDenied',
					'message' => 'Access Denied',
				),
			),
			$failed
		);
		$requests = $this->server->requests();
		self::assertCount( 2, $requests );
		self::assertSame( '/fake-bucket?delete=', $requests[0]['uri'] );
		self::assertSame( 1000, substr_count( $requests[0]['body'], '<Object>' ) );
		self::assertSame( '<Delete><Quiet>true</Quiet><Object><Key>key-1001</Key></Object></Delete>', substr( $requests[1]['body'], strpos( $requests[1]['body'], '<Delete>' ) ) );
		foreach ( $requests as $request ) {
			self::assertSame( base64_encode( md5( $request['body'], true ) ), $request['headers']['content-md5'] ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- Content-MD5 is base64.
		}
	}

	/**
	 * Listing pages follow the continuation token; keys come back decoded.
	 */
	public function test_list_objects_pages(): void {
		$page = static fn( string $contents, string $more ): string => '<?xml version="1.0" encoding="UTF-8"?>'
			. '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>fake-bucket</Name>'
			. '<EncodingType>url</EncodingType>' . $contents . $more . '</ListBucketResult>';
		$item = static fn( string $key, int $size ): string => "<Contents><Key>{$key}</Key><Size>{$size}</Size><ETag>&quot;e{$size}&quot;</ETag></Contents>";
		$this->server->respond( 200, $page( $item( 'a%20b', 1 ) . $item( 'c%2Bd', 2 ), '<IsTruncated>true</IsTruncated><NextContinuationToken>t/+=</NextContinuationToken>' ) );
		$this->server->respond( 200, $page( $item( 'e', 3 ), '<IsTruncated>true</IsTruncated>' ) );
		$this->server->respond( 200, $page( '', '<IsTruncated>false</IsTruncated>' ) );

		$listed = iterator_to_array( $this->client()->listObjects( 'x y/', 2 ), false );

		self::assertSame(
			array(
				array(
					'key'  => 'a b',
					'size' => 1,
					'etag' => 'e1',
				),
				array(
					'key'  => 'c+d',
					'size' => 2,
					'etag' => 'e2',
				),
				array(
					'key'  => 'e',
					'size' => 3,
					'etag' => 'e3',
				),
			),
			$listed
		);
		$uris = array_column( $this->server->requests(), 'uri' );
		self::assertSame( '/fake-bucket?encoding-type=url&list-type=2&max-keys=2&prefix=x%20y%2F', $uris[0] );
		self::assertStringContainsString( 'continuation-token=t%2F%2B%3D&', $uris[1] );
		// Without a token, the listing goes on after the last key.
		self::assertStringContainsString( 'start-after=e', $uris[2] );
		self::assertStringNotContainsString( 'continuation-token', $uris[2] );
	}

	/**
	 * HEAD: fields and metadata when found, null when not, a clear refusal on 403.
	 */
	public function test_head_object(): void {
		$this->server->respond(
			200,
			'',
			array(
				'ETag'             => '"abc"',
				'Last-Modified'    => 'Wed, 12 Oct 2022 17:50:00 GMT',
				'Content-Type'     => 'application/zip',
				'x-amz-meta-Taken' => '2022-10-12',
			)
		);
		$this->server->respond( 404 );
		$this->server->respond( 403 );
		$client = $this->client();

		$head = $client->headObject( 'k' );
		self::assertNotNull( $head );
		self::assertSame( 'abc', $head['etag'] );
		self::assertSame( 1665597000, $head['lastModified'] );
		self::assertSame( 'application/zip', $head['contentType'] );
		self::assertSame( array( 'taken' => '2022-10-12' ), $head['metadata'] );
		self::assertNull( $client->headObject( 'missing' ) );
		try {
			$client->headObject( 'k' );
			self::fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'Forbidden', $e->errorCode );
			self::assertStringContainsString( 'The access key or secret was refused by ' . $this->server->endpoint, $e->getMessage() );
		}
	}

	/**
	 * An error message that quotes the secret has it masked.
	 */
	public function test_a_server_message_quoting_the_secret_is_masked(): void {
		$this->server->respond( 400, FakeS3Server::error_xml( 'InvalidArgument', 'Bad key ' . FakeS3Server::SECRET . ' given.' ) );

		try {
			$this->client()->deleteObject( 'k' );
			self::fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			self::assertStringNotContainsString( FakeS3Server::SECRET, $e->getMessage() . $e->serverMessage . $e->getTraceAsString() );
			self::assertStringContainsString( 'Bad key *** given (InvalidArgument, HTTP 400)', $e->getMessage() );
		}
	}

	/**
	 * A proxy's HTML error page still gives a code, from the status.
	 */
	public function test_an_error_without_xml(): void {
		$this->server->respond_always( 502, '<html><body><h1>502 Bad Gateway</h1></body></html>' );

		try {
			$this->client()->headObject( 'k' );
			self::fail( 'No exception.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'BadGateway', $e->errorCode );
			self::assertSame( 3, $e->attempts );
		}
	}

	/**
	 * Nobody listening: a network error after the configured attempts, with backoff between them.
	 */
	public function test_connection_refused(): void {
		$config = new S3Config( 'http://127.0.0.1:' . FakeS3Server::free_port(), 'us-east-1', 'site-backups', 'k', FakeS3Server::SECRET, retry: new RetryPolicy( 4, 0.01, 0.05 ) );

		try {
			$this->client( $config )->headObject( 'k' );
			self::fail( 'No exception.' );
		} catch ( S3NetworkError $e ) {
			self::assertSame( 'NetworkError', $e->errorCode );
			self::assertSame( CURLE_COULDNT_CONNECT, $e->curlErrno );
			self::assertSame( 4, $e->attempts );
			self::assertStringStartsWith( 'Could not connect to the storage server at ' . $config->endpoint . ': the connection was refused', $e->getMessage() );
			self::assertStringEndsWith( 'It failed 4 times in a row.', $e->getMessage() );
		}
		self::assertCount( 3, $this->sleeps );
		self::assertGreaterThan( $this->sleeps[0], $this->sleeps[2] );
	}

	/**
	 * A server that does not answer in time is a network error too.
	 */
	public function test_timeout(): void {
		$this->server->respond( 200, '', array(), array( 'sleep' => 3 ) );
		$config  = $this->server->config()->withRetry( RetryPolicy::never(), 1.0, 0.5 );
		$started = microtime( true );

		try {
			$this->client( $config )->headObject( 'k' );
			self::fail( 'No exception.' );
		} catch ( S3NetworkError $e ) {
			self::assertSame( CURLE_OPERATION_TIMEDOUT, $e->curlErrno );
			self::assertStringStartsWith( 'The storage server at ' . $config->endpoint . ' did not answer in time', $e->getMessage() );
		}
		self::assertLessThan( 2.0, microtime( true ) - $started );
	}

	/**
	 * Keys, metadata and sub-resources on the wire.
	 */
	public function test_what_goes_on_the_wire(): void {
		$this->server->respond_always( 200, '<InitiateMultipartUploadResult><UploadId>u+1</UploadId></InitiateMultipartUploadResult>', array( 'ETag' => '"p1"' ) );
		$client = $this->client();

		$client->putObject( 'a b/c+d~é/../x', self::stream( 'x' ), 1, array( 'X-Amz-Meta-Site' => 'example.com' ) );
		$upload_id = $client->createMultipartUpload( 'k', array( 'Content-Type' => 'application/zip' ) );
		$client->uploadPart( 'k', $upload_id, 2, self::stream( 'part' ), 4 );

		$requests = $this->server->requests();
		self::assertSame( '/fake-bucket/a%20b/c%2Bd~%C3%A9/../x', $requests[0]['uri'] );
		self::assertSame( 'example.com', $requests[0]['headers']['x-amz-meta-site'] );
		self::assertStringContainsString( 'x-amz-meta-site', $requests[0]['headers']['authorization'] );
		self::assertSame( 'u+1', $upload_id );
		self::assertSame( 'POST', $requests[1]['method'] );
		self::assertSame( '/fake-bucket/k?uploads=', $requests[1]['uri'] );
		self::assertSame( 'application/zip', $requests[1]['headers']['content-type'] );
		self::assertSame( '/fake-bucket/k?partNumber=2&uploadId=u%2B1', $requests[2]['uri'] );
	}

	/**
	 * A region other than us-east-1 is named when the bucket is created.
	 */
	public function test_create_bucket_names_its_region(): void {
		$this->server->respond( 200 );
		$this->server->respond( 409, FakeS3Server::error_xml( 'BucketAlreadyOwnedByYou' ) );
		$config = new S3Config( $this->server->endpoint, 'eu-west-3', 'new-bucket', 'k', FakeS3Server::SECRET );

		$this->client( $config )->createBucket();
		$this->client( $config )->createBucket();

		$request = $this->server->requests()[0];
		self::assertSame( '/new-bucket', $request['uri'] );
		self::assertStringContainsString( '<LocationConstraint>eu-west-3</LocationConstraint>', $request['body'] );
		self::assertStringContainsString( '/eu-west-3/s3/aws4_request', $request['headers']['authorization'] );
	}
}
