<?php
/**
 * Many small objects at once, to set up listing tests quickly.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use DateTimeImmutable;
use DateTimeZone;
use RuntimeException;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Remote\S3\SigV4Signer;

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.
// phpcs:disable WordPress.WP.AlternativeFunctions.curl_curl_multi_init, WordPress.WP.AlternativeFunctions -- plain curl; WordPress is not loaded.

/**
 * PUTs small objects over parallel connections (curl_multi), signed with the
 * engine's signer. Only for test setup: the client itself sends one request at a time.
 */
final class BulkUpload {

	/**
	 * Uploads every key => content, `$parallel` at a time.
	 *
	 * @param S3Config              $config   Where.
	 * @param array<string, string> $objects  Key => content.
	 * @param int                   $parallel Connections.
	 * @throws RuntimeException When an upload fails.
	 */
	public static function put( S3Config $config, array $objects, int $parallel = 16 ): void {
		$signer  = new SigV4Signer( $config->accessKey, $config->secret(), $config->region );
		$multi   = curl_multi_init();
		$pending = $objects;
		$running = array();
		do {
			$free = $parallel - count( $running );
			while ( $free > 0 && array() !== $pending ) {
				--$free;
				$key  = (string) array_key_first( $pending );
				$data = $pending[ $key ];
				unset( $pending[ $key ] );
				$handle = self::handle( $config, $signer, $key, $data );
				curl_multi_add_handle( $multi, $handle );
				$running[ $key ] = $handle;
			}
			curl_multi_exec( $multi, $active );
			curl_multi_select( $multi, 0.05 );
			for ( $done = curl_multi_info_read( $multi ); false !== $done; $done = curl_multi_info_read( $multi ) ) {
				$handle = $done['handle'];
				$key    = (string) array_search( $handle, $running, true );
				$status = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
				curl_multi_remove_handle( $multi, $handle );
				unset( $running[ $key ] );
				if ( 200 !== $status ) {
					throw new RuntimeException( 'Bulk PUT of ' . $key . ' got HTTP ' . $status . ': ' . curl_error( $handle ) );
				}
			}
		} while ( array() !== $running || array() !== $pending );
		curl_multi_close( $multi );
	}

	/**
	 * One signed PUT.
	 *
	 * @param S3Config    $config Where.
	 * @param SigV4Signer $signer Signer.
	 * @param string      $key    Key.
	 * @param string      $data   Content.
	 */
	private static function handle( S3Config $config, SigV4Signer $signer, string $key, string $data ): \CurlHandle {
		$path    = $config->path( $config->bucket, $key );
		$headers = $signer->sign(
			'PUT',
			$path,
			array(),
			array( 'host' => $config->hostHeader( $config->bucket ) ),
			hash( 'sha256', $data ),
			new DateTimeImmutable( 'now', new DateTimeZone( 'UTC' ) )
		);
		$lines   = array( 'Expect:' );
		foreach ( $headers as $name => $value ) {
			$lines[] = $name . ': ' . $value;
		}
		$handle = curl_init( $config->scheme . '://' . $config->hostHeader( $config->bucket ) . $path );
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_CUSTOMREQUEST  => 'PUT',
				CURLOPT_POSTFIELDS     => $data,
				CURLOPT_HTTPHEADER     => $lines,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_TIMEOUT        => 60,
			)
		);

		return $handle;
	}
}
