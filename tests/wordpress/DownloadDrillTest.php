<?php
/**
 * The drill: a backup fetched over nginx and PHP-FPM by a throttled client
 * whose every request is cut after a few seconds (what a host that ends PHP
 * requests after 30-60 s does to a slow download, seen from the client),
 * with `curl -C -` in a loop until it completes, arrives whole: unzip -t
 * passes and the files hash as the site's.
 *
 * SITE_BACKUPS_DOWNLOAD_DRILL_MB (16) MB of incompressible uploads are added
 * to the site for the backup; each request is curl --limit-rate
 * SITE_BACKUPS_DOWNLOAD_DRILL_RATE (12M) --max-time
 * SITE_BACKUPS_DOWNLOAD_DRILL_SECONDS (2). Everything the class adds is
 * removed afterwards.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use SiteBackups\Engine\Store\Durable;

final class DownloadDrillTest extends TestCase {

	private const ROUTE = '/wp-json/site-backups/v1/backups/';

	/** curl's exit code when --max-time ends a transfer. */
	private const CURL_TIMED_OUT = 28;

	private static string $work = '';

	private static string $uploads = '';

	private static string $backup = '';

	/** @var array<string, string> name in the uploads folder => sha256 */
	private static array $hashes = array();

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$work = sys_get_temp_dir() . '/sb-drill-' . bin2hex( random_bytes( 6 ) );
		mkdir( self::$work, 0700, true );
		self::$uploads = wp_upload_dir()['basedir'] . '/site-backups-drill-test-' . strtolower( wp_generate_password( 8, false ) );
		mkdir( self::$uploads, 0755, true );
		$megabytes = max( 1, (int) ( getenv( 'SITE_BACKUPS_DOWNLOAD_DRILL_MB' ) ?: 16 ) );
		for ( $file = 0; $file * 64 < $megabytes; $file++ ) {
			$name = sprintf( 'upload-%03d.bin', $file );
			$out  = fopen( self::$uploads . '/' . $name, 'wb' );
			for ( $mb = $file * 64; $mb < min( $megabytes, ( $file + 1 ) * 64 ); $mb++ ) {
				fwrite( $out, random_bytes( 1048576 ) );
			}
			fclose( $out );
			self::$hashes[ $name ] = (string) hash_file( 'sha256', self::$uploads . '/' . $name );
		}
		file_put_contents( self::$uploads . '/note.txt', "A file the drill adds.\n" );
		self::$hashes['note.txt'] = (string) hash_file( 'sha256', self::$uploads . '/note.txt' );
		self::$backup = WordPressSite::create_backup( 'production', 'Download drill' );
	}

	public static function tearDownAfterClass(): void {
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

	public function test_a_download_cut_every_few_seconds_arrives_whole_with_curl_resuming_it(): void {
		$rate    = (string) ( getenv( 'SITE_BACKUPS_DOWNLOAD_DRILL_RATE' ) ?: '12M' );
		$seconds = max( 1, (int) ( getenv( 'SITE_BACKUPS_DOWNLOAD_DRILL_SECONDS' ) ?: 2 ) );
		$base    = WordPressSite::url( 'production' );
		$session = new HttpSession( $base );
		$this->assertSame( 302, $session->login() );
		$nonce   = $session->nonce();
		$cookies = $this->cookie_file( $session );
		$url     = $base . self::ROUTE . self::$backup . '/download';
		$zip     = self::$work . '/drill.zip';

		$attempts = array();
		$start    = microtime( true );
		do {
			$run = WordPressSite::run(
				array( 'curl', '--silent', '--show-error', '--fail', '--continue-at', '-', '--limit-rate', $rate, '--max-time', (string) $seconds, '--output', $zip, '--cookie', $cookies, '--header', 'X-WP-Nonce: ' . $nonce, '--write-out', '%{http_code} %{size_download}', $url )
			);
			[ $code, $bytes ] = array_map( 'intval', explode( ' ', trim( $run['out'] ) . ' 0 0' ) );
			$attempts[]       = array( $run['status'], $code, $bytes );
			$this->assertContains( $run['status'], array( 0, self::CURL_TIMED_OUT ), 'curl: ' . $run['out'] . $run['err'] );
		} while ( 0 !== $run['status'] && count( $attempts ) < 1000 && microtime( true ) - $start < 1800 );
		$took = microtime( true ) - $start;
		$session->close();

		$this->assertSame( 0, $run['status'], 'The download completed' );
		$this->assertGreaterThan( 1, count( $attempts ), 'The client cut the download at least once' );
		$this->assertSame( 200, $attempts[0][1], 'The first request asks for the whole file' );
		foreach ( array_slice( $attempts, 1 ) as $i => [ , $code ] ) {
			$this->assertSame( 206, $code, 'Every later request got only the rest (request ' . ( $i + 2 ) . ')' );
		}
		$this->assertSame( (int) filesize( $zip ), array_sum( array_column( $attempts, 2 ) ), 'No byte was sent twice' );

		$test = WordPressSite::run( array( 'unzip', '-tq', $zip ) );
		$this->assertSame( 0, $test['status'], substr( $test['out'], -2000 ) );
		$relative = 'files' . substr( self::$uploads, strlen( untrailingslashit( ABSPATH ) ) );
		$out      = self::$work . '/extracted';
		$unzip    = WordPressSite::run( array( 'unzip', '-q', $zip, $relative . '/*', 'files/wp-includes/version.php', 'files/wp-login.php', '-d', $out ) );
		$this->assertSame( 0, $unzip['status'], $unzip['out'] );
		foreach ( self::$hashes as $name => $hash ) {
			$this->assertSame( $hash, hash_file( 'sha256', $out . '/' . $relative . '/' . $name ), $name );
		}
		foreach ( array( 'wp-includes/version.php', 'wp-login.php' ) as $name ) {
			$this->assertSame( hash_file( 'sha256', ABSPATH . $name ), hash_file( 'sha256', $out . '/files/' . $name ), $name );
		}
		fwrite( STDERR, sprintf( "\n[drill] %.1f MB zip in %d requests of at most %d s at %s/s, %.1f s in all\n", filesize( $zip ) / 1048576, count( $attempts ), $seconds, $rate, $took ) );
	}

	/** The session's cookies as a file for the curl command. */
	private function cookie_file( HttpSession $session ): string {
		$handle = $session->handle( 'GET', '/wp-admin/admin-ajax.php', array( 'action' => 'rest-nonce' ), null, array() );
		curl_exec( $handle );
		$cookies = self::$work . '/cookies.txt';
		file_put_contents( $cookies, "# Netscape HTTP Cookie File\n" . implode( "\n", curl_getinfo( $handle, CURLINFO_COOKIELIST ) ?: array() ) . "\n" );
		curl_close( $handle );
		return $cookies;
	}
}
