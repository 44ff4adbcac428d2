<?php
/**
 * The web servers of the test stack that serve the production site: nginx
 * and Apache (SITE_BACKUPS_TEST_HTTP_SERVERS, comma-separated base URLs).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Security;

final class WebServers {

	/**
	 * One data set per server: name => [base URL].
	 *
	 * @return array<string, array{string}>
	 */
	public static function each(): array {
		$list    = getenv( 'SITE_BACKUPS_TEST_HTTP_SERVERS' );
		$servers = array();
		foreach ( explode( ',', false !== $list && '' !== $list ? $list : (string) getenv( 'SITE_BACKUPS_WP_URL' ) ) as $base ) {
			$base = rtrim( trim( $base ), '/' );
			if ( '' !== $base ) {
				$servers[ $base ] = array( $base );
			}
		}
		return $servers;
	}

	/**
	 * A plain GET without cookies or redirects: status, headers and body.
	 *
	 * @return array{status: int, server: string, body: string}
	 */
	public static function get( string $url ): array {
		$server = '';
		$curl   = curl_init( $url );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_FOLLOWLOCATION => false,
				CURLOPT_TIMEOUT        => 30,
				CURLOPT_HEADERFUNCTION => static function ( $handle, string $line ) use ( &$server ): int {
					if ( 0 === stripos( $line, 'Server:' ) ) {
						$server = trim( substr( $line, 7 ) );
					}
					return strlen( $line );
				},
			)
		);
		$body   = curl_exec( $curl );
		$status = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		if ( ! is_string( $body ) || 0 === $status ) {
			throw new \RuntimeException( "No answer from $url" );
		}
		return array(
			'status' => $status,
			'server' => $server,
			'body'   => $body,
		);
	}
}
