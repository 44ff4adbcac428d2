<?php
/**
 * A download cut off part-way is finished by a Range request, over nginx
 * and Apache (SITE_BACKUPS_TEST_HTTP_SERVERS): curl -C - brings the rest,
 * the zip passes unzip -t and holds the site's files byte for byte; ranges
 * put together are the whole download; If-Range with another ETag gets the
 * whole file, bad ranges get 416; the nonce and the capability decide as
 * for any download; while the database is being compressed for a first
 * download, the route answers 503 with Retry-After.
 *
 * The backup is made once for the class, of the production site with about
 * 20 MB of uploads added (a file of two store chunks kept raw, a text file
 * the store deflated); everything the class adds is removed afterwards.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use SiteBackups\Engine\Download\DeflatedDatabase;
use SiteBackups\Engine\Download\DownloadCache;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\Security\WebServers;

final class ResumableDownloadTest extends TestCase {

	private const ROUTE = '/wp-json/site-backups/v1/backups/';

	private static string $work = '';

	private static string $uploads = '';

	private static string $backup = '';

	private static string $mu_plugin = '';

	/** @var array<string, string> name in the uploads folder => sha256 */
	private static array $hashes = array();

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$work = sys_get_temp_dir() . '/sb-resume-' . bin2hex( random_bytes( 6 ) );
		mkdir( self::$work, 0700, true );
		self::$uploads = wp_upload_dir()['basedir'] . '/site-backups-resume-test-' . strtolower( wp_generate_password( 8, false ) );
		mkdir( self::$uploads . '/nested', 0755, true );
		$big = fopen( self::$uploads . '/two-chunks.bin', 'wb' );
		for ( $i = 0; $i < 10; $i++ ) {
			fwrite( $big, random_bytes( 1048576 ) );
		}
		fwrite( $big, random_bytes( 4321 ) );
		fclose( $big );
		$text = fopen( self::$uploads . '/words.txt', 'wb' );
		for ( $i = 0; $i < 200000; $i++ ) {
			fwrite( $text, sprintf( "Line %06d of a text the store compresses.\n", $i ) );
		}
		fclose( $text );
		file_put_contents( self::$uploads . '/nested/small.txt', "small\n" );
		file_put_contents( self::$uploads . '/empty.txt', '' );
		foreach ( array( 'two-chunks.bin', 'words.txt', 'nested/small.txt', 'empty.txt' ) as $name ) {
			self::$hashes[ $name ] = (string) hash_file( 'sha256', self::$uploads . '/' . $name );
		}
		// A short time budget for the request that asks for it, so that waiting on another request ends soon.
		self::$mu_plugin = WPMU_PLUGIN_DIR . '/site-backups-test-download-budget.php';
		wp_mkdir_p( WPMU_PLUGIN_DIR );
		file_put_contents(
			self::$mu_plugin,
			"<?php\nif ( isset( \$_GET['sb_test_budget'] ) ) {\n\tadd_filter( 'site_backups_slice_seconds', static fn () => 0.5 );\n}\n"
		);
		self::$backup = WordPressSite::create_backup( 'production', 'Resumable download test' );
	}

	public static function tearDownAfterClass(): void {
		if ( '' !== self::$mu_plugin ) {
			@unlink( self::$mu_plugin );
		}
		if ( '' !== self::$backup ) {
			WordPressSite::wp( 'production', array( 'site-backups', 'delete', self::$backup, '--yes', '--user=admin' ) );
		}
		if ( '' !== self::$uploads ) {
			Durable::removeTree( self::$uploads );
		}
		if ( '' !== self::$work ) {
			Durable::removeTree( self::$work );
		}
		parent::tearDownAfterClass();
	}

	/** @return array<string, array{string}> */
	public static function servers(): array {
		return WebServers::each();
	}

	#[\PHPUnit\Framework\Attributes\DataProvider( 'servers' )]
	public function test_a_download_cut_off_part_way_is_finished_by_curl_resume( string $base ): void {
		[ $session, $nonce, $cookies ] = $this->logged_in( $base );
		$url   = self::ROUTE . self::$backup . '/download';
		$whole = $this->fetch( $session, $url, array( 'X-WP-Nonce: ' . $nonce ), self::$work . '/whole.zip' );
		$size  = (int) filesize( self::$work . '/whole.zip' );
		$this->assertSame( 200, $whole['status'] );
		$this->assert_whole_download_headers( $whole['headers'], $size, $base );

		// The client goes away after about 40 % of a first download: the server learns it at its next write.
		$this->forget_checksums();
		$partial = self::$work . '/resumed.zip';
		$cut     = $this->fetch( $session, $url, array( 'X-WP-Nonce: ' . $nonce ), $partial, intdiv( 2 * $size, 5 ) );
		$this->assertSame( 200, $cut['status'] );
		$have = (int) filesize( $partial );
		$this->assertGreaterThan( 0, $have );
		$this->assertLessThan( $size, $have );

		$resume = $this->run_command(
			array( 'curl', '--silent', '--show-error', '--fail', '--continue-at', '-', '--output', $partial, '--cookie', $cookies, '--header', 'X-WP-Nonce: ' . $nonce, '--write-out', '%{http_code} %{size_download}', $base . $url )
		);
		$this->assertSame( 0, $resume['status'], $resume['out'] );
		$this->assertSame( '206 ' . ( $size - $have ), $resume['out'], 'Only the rest was sent' );
		$this->assertSame( hash_file( 'sha256', self::$work . '/whole.zip' ), hash_file( 'sha256', $partial ) );
		$this->assert_unzips_to_the_site( $partial );
		$session->close();
	}

	#[\PHPUnit\Framework\Attributes\DataProvider( 'servers' )]
	public function test_ranges_put_together_are_the_whole_download_if_range_and_bad_ranges( string $base ): void {
		[ $session, $nonce ] = $this->logged_in( $base );
		$url   = self::ROUTE . self::$backup . '/download';
		$auth  = array( 'X-WP-Nonce: ' . $nonce );
		$whole = $this->fetch( $session, $url, $auth, self::$work . '/whole.zip' );
		$this->assertSame( 200, $whole['status'] );
		$size = (int) filesize( self::$work . '/whole.zip' );
		$etag = $whole['headers']['etag'] ?? '';
		$this->forget_checksums(); // the ranges work everything out from nothing

		$cuts  = array( 0, intdiv( $size, 4 ) + 1, intdiv( $size, 2 ) - 7, intdiv( 3 * $size, 4 ) + 13, $size );
		$parts = array();
		foreach ( array( 3, 1, 0, 2 ) as $part ) {
			$last  = 3 === $part ? '' : (string) ( $cuts[ $part + 1 ] - 1 );
			$range = $this->fetch( $session, $url, array_merge( $auth, array( 'Range: bytes=' . $cuts[ $part ] . '-' . $last ) ), self::$work . "/part-$part" );
			$this->assertSame( 206, $range['status'], "part $part" );
			$this->assertSame( sprintf( 'bytes %d-%d/%d', $cuts[ $part ], $cuts[ $part + 1 ] - 1, $size ), $range['headers']['content-range'] ?? null );
			$this->assertSame( $etag, $range['headers']['etag'] ?? null );
			$this->assertSame( 'bytes', $range['headers']['accept-ranges'] ?? null );
			$this->assertSame( $cuts[ $part + 1 ] - $cuts[ $part ], filesize( self::$work . "/part-$part" ) );
			$parts[ $part ] = (string) file_get_contents( self::$work . "/part-$part" );
		}
		ksort( $parts );
		$this->assertSame( hash_file( 'sha256', self::$work . '/whole.zip' ), hash( 'sha256', implode( '', $parts ) ) );

		$suffix = $this->fetch( $session, $url, array_merge( $auth, array( 'Range: bytes=-1000', 'If-Range: ' . $etag ) ), self::$work . '/suffix' );
		$this->assertSame( 206, $suffix['status'], 'If-Range with the current ETag' );
		$this->assertSame( substr( $parts[3], -1000 ), file_get_contents( self::$work . '/suffix' ) );
		$stale = $this->fetch( $session, $url, array_merge( $auth, array( 'Range: bytes=1000-', 'If-Range: "0000000000000000000000000000000000000000"' ) ), self::$work . '/stale.zip' );
		$this->assertSame( 200, $stale['status'], 'Another ETag: the whole file again' );
		$this->assertArrayNotHasKey( 'content-range', $stale['headers'] );
		$this->assertSame( hash_file( 'sha256', self::$work . '/whole.zip' ), hash_file( 'sha256', self::$work . '/stale.zip' ) );

		foreach ( array( 'bytes=' . $size . '-', 'bytes=500-100', 'bytes=abc', 'bytes=-0' ) as $bad ) {
			$refused = $this->fetch( $session, $url, array_merge( $auth, array( 'Range: ' . $bad ) ) );
			$this->assertSame( 416, $refused['status'], $bad );
			$this->assertSame( 'bytes */' . $size, $refused['headers']['content-range'] ?? null, $bad );
			$this->assertSame( 'site_backups_range_not_satisfiable', json_decode( $refused['body'], true )['code'] ?? null, $bad );
		}

		$head = $this->fetch( $session, $url, array_merge( $auth, array( 'Range: bytes=0-99' ) ), null, null, 'HEAD' );
		$this->assertSame( 200, $head['status'], 'A HEAD describes the whole file' );
		$this->assertSame( $etag, $head['headers']['etag'] ?? null );
		$this->assert_whole_download_headers( $head['headers'], $size, $base );
		$this->assertSame( '', $head['body'] );

		// A range is a download like any other: the nonce and the capability still decide.
		$forged = $this->fetch( $session, $url, array( 'Range: bytes=0-99' ) );
		$this->assertSame( 401, $forged['status'] );
		$this->assertStringStartsNotWith( 'PK', $forged['body'] );
		$wrong = $this->fetch( $session, $url, array( 'X-WP-Nonce: 0123456789', 'Range: bytes=0-99' ) );
		$this->assertSame( 403, $wrong['status'] );
		$this->assertSame( 'rest_cookie_invalid_nonce', json_decode( $wrong['body'], true )['code'] ?? null );
		$visitor   = new HttpSession( $base );
		$anonymous = $this->fetch( $visitor, $url, array( 'Range: bytes=0-99' ) );
		$visitor->close();
		$this->assertSame( 401, $anonymous['status'] );
		$this->assertSame( 'rest_forbidden', json_decode( $anonymous['body'], true )['code'] ?? null );
		$session->close();
	}

	public function test_while_the_database_is_being_compressed_the_route_answers_503_with_retry_after(): void {
		$base = WordPressSite::url( 'production' );
		[ $session, $nonce ] = $this->logged_in( $base );
		$url   = self::ROUTE . self::$backup . '/download';
		$auth  = array( 'X-WP-Nonce: ' . $nonce );
		$first = $this->fetch( $session, $url, $auth, self::$work . '/first.zip' );
		$this->assertSame( 200, $first['status'] );

		// Another request holds the partial file of the compressed database (which is made again from nothing).
		$store    = Plugin::instance()->backups()->engine()->store();
		$key      = ( new DeflatedDatabase( $store, $store->snapshots()->load( self::$backup ) ) )->key();
		$whole    = DownloadCache::path( $store, self::$backup, $key . '-database' );
		$partial  = DownloadCache::path( $store, self::$backup, $key . '-database-partial' );
		$this->assertFileExists( $whole );
		unlink( $whole );
		$other = Durable::open( $partial, 'c+b' );
		$this->assertIsResource( $other );
		$this->assertTrue( flock( $other, LOCK_EX ) );
		try {
			$start = microtime( true );
			$busy  = $this->fetch( $session, $url . '?sb_test_budget=1', $auth );
			$took  = microtime( true ) - $start;
			$this->assertSame( 503, $busy['status'], $busy['body'] );
			$this->assertSame( '1', $busy['headers']['retry-after'] ?? null );
			$this->assertSame( 'site_backups_download_preparing', json_decode( $busy['body'], true )['code'] ?? null );
			$this->assertStringContainsString( 'Try again in a moment', json_decode( $busy['body'], true )['message'] ?? '' );
			$this->assertLessThan( 10.0, $took, 'It waited its short budget, no more' );
		} finally {
			flock( $other, LOCK_UN );
			fclose( $other );
		}

		$again = $this->fetch( $session, $url . '?sb_test_budget=1', $auth, self::$work . '/again.zip' );
		$this->assertSame( 200, $again['status'] );
		$this->assertSame( $first['headers']['etag'] ?? null, $again['headers']['etag'] ?? null, 'Compressed again, to the same bytes' );
		$this->assertSame( hash_file( 'sha256', self::$work . '/first.zip' ), hash_file( 'sha256', self::$work . '/again.zip' ) );
		$this->assertFileDoesNotExist( $partial );
		$session->close();
	}

	public function test_the_last_megabyte_needs_no_second_reading_of_the_backup(): void {
		$base = WordPressSite::url( 'production' );
		[ $session, $nonce ] = $this->logged_in( $base );
		$url   = self::ROUTE . self::$backup . '/download';
		$range = array( 'X-WP-Nonce: ' . $nonce, 'Range: bytes=-1048576' );
		$this->forget_checksums();
		$start = microtime( true );
		$cold  = $this->fetch( $session, $url, $range, self::$work . '/cold' );
		$took  = array( microtime( true ) - $start );
		$start = microtime( true );
		$warm  = $this->fetch( $session, $url, $range, self::$work . '/warm' );
		$took[] = microtime( true ) - $start;
		$this->assertSame( array( 206, 206 ), array( $cold['status'], $warm['status'] ) );
		$this->assertSame( hash_file( 'sha256', self::$work . '/cold' ), hash_file( 'sha256', self::$work . '/warm' ) );
		$this->assertSame( 1048576, filesize( self::$work . '/warm' ) );
		$this->assertNotEmpty( $this->checksum_files(), 'What the first request worked out is kept for the next' );
		$session->close();
		fwrite( STDERR, sprintf( "\n[resume] last 1 MB of the %s-byte zip over HTTP: %.2f s with no CRC known, %.2f s once known\n", explode( '/', $cold['headers']['content-range'] ?? '/?' )[1], $took[0], $took[1] ) );
	}

	/**
	 * An administrator logged in on a server: the session, the REST nonce, and the cookies as a file for the curl command.
	 *
	 * @return array{HttpSession, string, string}
	 */
	private function logged_in( string $base ): array {
		$session = new HttpSession( $base );
		$this->assertSame( 302, $session->login() );
		$nonce  = $session->nonce();
		$handle = $session->handle( 'GET', '/wp-admin/admin-ajax.php', array( 'action' => 'rest-nonce' ), null, array() );
		curl_exec( $handle );
		$cookies = self::$work . '/cookies-' . bin2hex( random_bytes( 4 ) ) . '.txt';
		file_put_contents( $cookies, "# Netscape HTTP Cookie File\n" . implode( "\n", curl_getinfo( $handle, CURLINFO_COOKIELIST ) ?: array() ) . "\n" );
		curl_close( $handle );
		return array( $session, $nonce, $cookies );
	}

	/**
	 * One request with the logged-in cookies, its headers kept.
	 *
	 * @param list<string> $headers Extra headers.
	 * @param string|null  $file    Write the body here instead of returning it.
	 * @param int|null     $limit   Hang up after this many bytes of body, as a cut connection.
	 * @return array{status: int, headers: array<string, string>, body: string}
	 */
	private function fetch( HttpSession $session, string $path, array $headers, ?string $file = null, ?int $limit = null, string $method = 'GET' ): array {
		$handle   = $session->handle( $method, $path, array(), null, $headers );
		$received = array();
		$body     = '';
		$got      = 0;
		$sink     = null === $file ? null : fopen( $file, 'wb' );
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_NOBODY         => 'HEAD' === $method,
				CURLOPT_TIMEOUT        => 120,
				CURLOPT_HEADERFUNCTION => static function ( $curl, string $line ) use ( &$received ): int {
					if ( str_starts_with( $line, 'HTTP/' ) ) {
						$received = array();
					}
					$parts = explode( ':', $line, 2 );
					if ( 2 === count( $parts ) ) {
						$received[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
					}
					return strlen( $line );
				},
				CURLOPT_WRITEFUNCTION  => static function ( $curl, string $data ) use ( &$body, &$got, $sink, $limit ): int {
					if ( null !== $limit && $got >= $limit ) {
						return 0; // less than given: curl hangs up
					}
					$got += strlen( $data );
					if ( null === $sink ) {
						$body .= $data;
						return strlen( $data );
					}
					return (int) fwrite( $sink, $data );
				},
			)
		);
		curl_exec( $handle );
		$status = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
		curl_close( $handle );
		if ( null !== $sink ) {
			fclose( $sink );
		}
		return array(
			'status'  => $status,
			'headers' => $received,
			'body'    => null === $limit ? $body : substr( $body, 0, $limit ),
		);
	}

	/**
	 * A whole download says it can be resumed, and how long it is where the server lets it.
	 *
	 * @param array<string, string> $headers The response's headers.
	 */
	private function assert_whole_download_headers( array $headers, int $size, string $base ): void {
		$this->assertSame( 'bytes', $headers['accept-ranges'] ?? null, $base );
		$this->assertMatchesRegularExpression( '/\A"[0-9a-f]{40}"\z/', $headers['etag'] ?? '', $base );
		$this->assertSame( 'application/zip', $headers['content-type'] ?? null, $base );
		if ( str_starts_with( $headers['server'] ?? '', 'nginx' ) ) {
			$this->assertSame( (string) $size, $headers['content-length'] ?? null, $base );
		} elseif ( isset( $headers['content-length'] ) ) {
			// Apache 2.4.59 and later drop the length a CGI-like backend gives unless told to trust it (ap_trust_cgilike_cl).
			$this->assertSame( (string) $size, $headers['content-length'], $base );
		}
	}

	/** unzip -t passes, and the uploads and a file of WordPress come out as the site has them. */
	private function assert_unzips_to_the_site( string $zip ): void {
		$test = $this->run_command( array( 'unzip', '-tq', $zip ) );
		$this->assertSame( 0, $test['status'], substr( $test['out'], -2000 ) );
		$relative = 'files' . substr( self::$uploads, strlen( untrailingslashit( ABSPATH ) ) );
		$out      = self::$work . '/extracted-' . bin2hex( random_bytes( 4 ) );
		$unzip    = $this->run_command( array( 'unzip', '-q', $zip, $relative . '/*', 'files/wp-includes/version.php', 'manifest.json', 'database.sql', '-d', $out ) );
		$this->assertSame( 0, $unzip['status'], $unzip['out'] );
		foreach ( self::$hashes as $name => $hash ) {
			$this->assertSame( $hash, hash_file( 'sha256', $out . '/' . $relative . '/' . $name ), $name );
		}
		$this->assertSame( hash_file( 'sha256', ABSPATH . 'wp-includes/version.php' ), hash_file( 'sha256', $out . '/files/wp-includes/version.php' ) );
		$this->assertSame( self::$backup, json_decode( (string) file_get_contents( $out . '/manifest.json' ), true )['snapshot'] ?? null );
		$this->assertStringContainsString( 'CREATE TABLE', (string) file_get_contents( $out . '/database.sql' ) );
		Durable::removeTree( $out );
	}

	/** @return list<string> where the store keeps the files' CRCs that downloads of the class's backup learnt */
	private function checksum_files(): array {
		$store = Plugin::instance()->backups()->engine()->store();
		return glob( $store->tempDir() . '/download-' . self::$backup . '-checksums-*' ) ?: array();
	}

	private function forget_checksums(): void {
		foreach ( $this->checksum_files() as $file ) {
			unlink( $file );
		}
	}

	/**
	 * @param list<string> $command
	 * @return array{status: int, out: string}
	 */
	private function run_command( array $command ): array {
		$process = proc_open( $command, array( 1 => array( 'pipe', 'w' ), 2 => array( 'redirect', 1 ) ), $pipes );
		$this->assertIsResource( $process );
		$out = (string) stream_get_contents( $pipes[1] );
		fclose( $pipes[1] );
		return array(
			'status' => proc_close( $process ),
			'out'    => $out,
		);
	}
}
