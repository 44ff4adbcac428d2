<?php
/**
 * A browser's side of the test site over real HTTP: a cookie jar, a login, the REST nonce.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use PHPUnit\Framework\Assert;

final class HttpSession {

	private string $jar;

	public function __construct( private readonly string $base ) {
		$this->jar = (string) tempnam( sys_get_temp_dir(), 'sb-cookies-' );
	}

	public function close(): void {
		if ( is_file( $this->jar ) ) {
			unlink( $this->jar );
		}
	}

	/** Logs in through wp-login.php; the status (302 when it worked). */
	public function login( string $user = 'admin', string $password = 'password' ): int {
		$body = http_build_query(
			array(
				'log'        => $user,
				'pwd'        => $password,
				'wp-submit'  => 'Log In',
				'testcookie' => 1,
			)
		);
		return $this->http( 'POST', '/wp-login.php', array(), $body, array( 'Cookie: wordpress_test_cookie=WP%20Cookie%20check' ) )['status'];
	}

	/** The REST nonce of the logged-in user. */
	public function nonce(): string {
		$nonce = $this->http( 'GET', '/wp-admin/admin-ajax.php', array( 'action' => 'rest-nonce' ) );
		Assert::assertSame( 200, $nonce['status'] );
		Assert::assertMatchesRegularExpression( '/\A[0-9a-f]{10}\z/', $nonce['body'] );
		return $nonce['body'];
	}

	/**
	 * One request with the cookie jar.
	 *
	 * @param array<string, mixed> $query   Query parameters.
	 * @param list<string>         $headers Extra headers.
	 * @return array{status: int, body: string}
	 */
	public function http( string $method, string $path, array $query = array(), ?string $body = null, array $headers = array() ): array {
		$handle = $this->handle( $method, $path, $query, $body, $headers );
		$text   = (string) curl_exec( $handle );
		$status = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
		curl_close( $handle );
		return array(
			'status' => $status,
			'body'   => $text,
		);
	}

	/**
	 * A call to the plugin's REST routes with the cookie and nonce.
	 *
	 * @param array<string, mixed>|null $json  Body, sent as JSON.
	 * @param array<string, mixed>      $query Query parameters.
	 * @return array{status: int, body: mixed, raw: string}
	 */
	public function api( string $method, string $route, string $nonce, ?array $json = null, array $query = array() ): array {
		$headers = array( 'X-WP-Nonce: ' . $nonce );
		if ( null !== $json ) {
			$headers[] = 'Content-Type: application/json';
		}
		$answer = $this->http( $method, '/wp-json/site-backups/v1' . $route, $query, null === $json ? null : (string) wp_json_encode( $json ), $headers );
		return array(
			'status' => $answer['status'],
			'body'   => json_decode( $answer['body'], true ),
			'raw'    => $answer['body'],
		);
	}

	/**
	 * A prepared request, for running several at once with curl_multi.
	 *
	 * @param array<string, mixed> $query   Query parameters.
	 * @param list<string>         $headers Extra headers.
	 * @return \CurlHandle
	 */
	public function handle( string $method, string $path, array $query, ?string $body, array $headers ) {
		$url    = $this->base . $path . ( $query ? '?' . http_build_query( $query ) : '' );
		$handle = curl_init( $url );
		Assert::assertNotFalse( $handle );
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_FOLLOWLOCATION => false,
				CURLOPT_COOKIEJAR      => $this->jar,
				CURLOPT_COOKIEFILE     => $this->jar,
				CURLOPT_HTTPHEADER     => $headers,
				CURLOPT_TIMEOUT        => 60,
			)
		);
		if ( null !== $body ) {
			curl_setopt( $handle, CURLOPT_POSTFIELDS, $body );
		}
		return $handle;
	}
}
