<?php
/**
 * GET /backups/{id}/files/content over real HTTP, through nginx and Apache: the bytes of a file
 * of a real backup, sent with a type that is never run, and only to an administrator's request
 * that carries the REST nonce.
 *
 * Nothing is written from this process inside a test's transaction: the web server would not
 * see it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Tests\WordPress\BrowseFixture;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\Security\WebServers;
use SiteBackups\Tests\WordPress\Support\PhpLogsSince;
use SiteBackups\Tests\WordPress\TestCase;

final class FileContentOverHttpTest extends TestCase {

	use PhpLogsSince;

	private static BrowseFixture $fixture;

	private ?HttpSession $session = null;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$fixture = BrowseFixture::make( false );
	}

	public static function tearDownAfterClass(): void {
		self::$fixture->remove();
		parent::tearDownAfterClass();
	}

	protected function tearDown(): void {
		$this->session?->close();
		parent::tearDown();
	}

	/** @return array<string, array{string}> */
	public static function servers(): array {
		return WebServers::each();
	}

	/**
	 * A GET of the route with the cookie jar; the status, the headers (lower-case names) and the body.
	 *
	 * @param array<string, mixed> $query   Query arguments.
	 * @param list<string>         $headers Extra request headers.
	 * @return array{status: int, headers: array<string, string>, body: string}
	 */
	private function content( string $base, array $query, array $headers = array(), ?string $backup = null ): array {
		$url      = $base . '/wp-json/site-backups/v1/backups/' . ( $backup ?? self::$fixture->older ) . '/files/content?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
		$handle   = $this->session->handle( 'GET', '', array(), null, $headers );
		$received = array();
		curl_setopt( $handle, CURLOPT_URL, $url );
		curl_setopt(
			$handle,
			CURLOPT_HEADERFUNCTION,
			static function ( $curl, string $line ) use ( &$received ): int {
				$parts = explode( ':', $line, 2 );
				if ( 2 === count( $parts ) ) {
					$received[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
				}
				return strlen( $line );
			}
		);
		$body   = (string) curl_exec( $handle );
		$status = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
		curl_close( $handle );
		return array(
			'status'  => $status,
			'headers' => $received,
			'body'    => $body,
		);
	}

	private function log_in( string $base ): string {
		$this->session = new HttpSession( $base );
		$this->assertSame( 302, $this->session->login(), 'Could not log in as admin' );
		return $this->session->nonce();
	}

	#[DataProvider( 'servers' )]
	public function test_the_bytes_are_the_file_s_with_a_type_that_never_runs( string $base ): void {
		$nonce = $this->log_in( $base );
		$cases = array(
			'a.txt'      => 'text/plain; charset=utf-8',
			'blob.bin'   => 'application/octet-stream',
			'image.png'  => 'image/png',
			'page.html'  => 'text/plain; charset=utf-8',
			'vector.svg' => 'text/plain; charset=utf-8',
		);
		foreach ( $cases as $name => $type ) {
			$got = $this->content( $base, array( 'path' => self::$fixture->folder . '/' . $name ), array( 'X-WP-Nonce: ' . $nonce ) );
			$this->assertSame( 200, $got['status'], $name . ': ' . substr( $got['body'], 0, 500 ) );
			$this->assertSame( (string) file_get_contents( self::$fixture->on_disk( $name ) ), $got['body'], $name . ': byte for byte' );
			$this->assertSame( $type, $got['headers']['content-type'] ?? null, $name );
			if ( str_starts_with( $got['headers']['server'] ?? '', 'Apache' ) ) {
				// Apache's proxy_fcgi re-sends a streamed answer chunked, without the length PHP set (the zip download's too).
				$this->assertSame( 'chunked', $got['headers']['transfer-encoding'] ?? null, $name );
			} else {
				$this->assertSame( (string) filesize( self::$fixture->on_disk( $name ) ), $got['headers']['content-length'] ?? null, $name );
			}
			$this->assertSame( 'attachment; filename="' . $name . '"', $got['headers']['content-disposition'] ?? null, $name );
			$this->assertSame( 'nosniff', $got['headers']['x-content-type-options'] ?? null, $name );
			$this->assertSame( "sandbox; default-src 'none'", $got['headers']['content-security-policy'] ?? null, $name );
			$this->assertSame( 'no-store', $got['headers']['cache-control'] ?? null, $name );
		}

		// Shown in the browser only when asked, and only an image or text.
		$inline = array(
			'image.png' => 'inline',
			'a.txt'     => 'inline',
			'page.html' => 'inline',
			'blob.bin'  => 'attachment',
		);
		foreach ( $inline as $name => $disposition ) {
			$got = $this->content(
				$base,
				array(
					'path'     => self::$fixture->folder . '/' . $name,
					'inline'   => 1,
					'_wpnonce' => $nonce,
				)
			);
			$this->assertSame( 200, $got['status'], $name );
			$this->assertSame( $disposition . '; filename="' . $name . '"', $got['headers']['content-disposition'] ?? null, $name );
		}

		// A name that is not UTF-8 gets a safe ASCII file name.
		$latin1 = $this->content(
			$base,
			array(
				'path'     => self::$fixture->folder . '/' . BrowseFixture::LATIN1,
				'_wpnonce' => $nonce,
			)
		);
		$this->assertSame( 200, $latin1['status'] );
		$this->assertSame( "Latin-1 name\n", $latin1['body'] );
		$this->assertSame( 'attachment; filename="caf_.txt"', $latin1['headers']['content-disposition'] ?? null );
	}

	#[DataProvider( 'servers' )]
	public function test_a_cookie_needs_the_nonce_as_for_the_download( string $base ): void {
		$nonce = $this->log_in( $base );
		$query = array( 'path' => self::$fixture->folder . '/a.txt' );

		$without = $this->content( $base, $query );
		$this->assertSame( 401, $without['status'], 'A cookie alone is what a forged cross-site link carries' );
		$this->assertSame( 'rest_forbidden', json_decode( $without['body'], true )['code'] ?? null );

		$forged = $this->content( $base, $query + array( '_wpnonce' => '0123456789' ) );
		$this->assertSame( 403, $forged['status'] );
		$this->assertSame( 'rest_cookie_invalid_nonce', json_decode( $forged['body'], true )['code'] ?? null );

		$this->assertSame( "first\n", $this->content( $base, $query + array( '_wpnonce' => $nonce ) )['body'] );

		$anonymous = ( new HttpSession( $base ) );
		$this->session->close();
		$this->session = $anonymous;
		$this->assertSame( 401, $this->content( $base, $query )['status'] );
	}

	#[DataProvider( 'servers' )]
	public function test_hostile_paths_folders_links_and_unknown_paths_get_json_errors_and_no_warning( string $base ): void {
		$nonce = $this->log_in( $base );
		$logs  = self::log_sizes();
		$cases = array(
			'..'                                           => array( 400, 'site_backups_invalid_path' ),
			'../wp-config.php'                             => array( 400, 'site_backups_invalid_path' ),
			'/etc/passwd'                                  => array( 400, 'site_backups_invalid_path' ),
			'a/../../x'                                    => array( 400, 'site_backups_invalid_path' ),
			"wp-config.php\0.txt"                          => array( 400, 'site_backups_invalid_path' ),
			self::$fixture->folder . '/link/wp-config.php' => array( 400, 'site_backups_invalid_path' ),
			self::$fixture->folder . '/sub'                => array( 409, 'site_backups_not_a_file' ),
			self::$fixture->folder . '/link'               => array( 409, 'site_backups_not_a_file' ),
			self::$fixture->folder . '/nothing.txt'        => array( 404, 'site_backups_path_not_found' ),
		);
		foreach ( $cases as $path => list( $status, $code ) ) {
			$got = $this->content( $base, array( 'path' => $path ), array( 'X-WP-Nonce: ' . $nonce ) );
			$this->assertSame( $status, $got['status'], $path . ': ' . $got['body'] );
			$this->assertSame( $code, json_decode( $got['body'], true )['code'] ?? null, $path );
			$this->assertStringStartsWith( 'application/json', $got['headers']['content-type'] ?? '', $path );
			$this->assertStringNotContainsString( 'DB_PASSWORD', $got['body'], $path );
		}
		$unknown = $this->content( $base, array( 'path' => 'index.php' ), array( 'X-WP-Nonce: ' . $nonce ), '7zzzzzzzzzzzzzzzzzzzzzzzzz' );
		$this->assertSame( 404, $unknown['status'] );
		$this->assertSame( 'site_backups_backup_not_found', json_decode( $unknown['body'], true )['code'] ?? null );

		foreach ( self::logged_since( $logs ) as $log => $added ) {
			$this->assertDoesNotMatchRegularExpression( '/PHP (Warning|Notice|Deprecated|Fatal)|site-backups|' . preg_quote( dirname( __DIR__, 3 ), '/' ) . '/i', $added, basename( $log ) );
		}
	}
}
