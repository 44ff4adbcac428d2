<?php
/**
 * What this host lets WordPress's HTTP library do.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use WpOrg\Requests\Capability;
use WpOrg\Requests\Transport\Curl;
use WpOrg\Requests\Transport\Fsockopen;

/**
 * Chooses the Requests transport for each request from the functions PHP offers: hosts often list
 * cURL's functions, curl_multi_exec above all, in disable_functions, and Requests only checks for
 * curl_init and curl_exec before calling the rest.
 */
final class HttpHost {

	/** Every cURL function Requests calls for one request. */
	private const CURL = array( 'curl_init', 'curl_exec', 'curl_setopt', 'curl_errno', 'curl_error', 'curl_getinfo', 'curl_version', 'curl_close' );

	/** And for requests side by side. */
	private const CURL_MULTI = array( 'curl_multi_init', 'curl_multi_add_handle', 'curl_multi_exec', 'curl_multi_info_read', 'curl_multi_remove_handle', 'curl_multi_close' );

	/**
	 * Sets up the choice.
	 *
	 * @param bool|null $curl       Whether cURL may be used (null: as PHP allows).
	 * @param bool|null $curl_multi Whether requests may go side by side (null: as PHP allows).
	 */
	public function __construct( private readonly ?bool $curl = null, private readonly ?bool $curl_multi = null ) {
	}

	/**
	 * The transport class for a request, or null when neither works here.
	 *
	 * @param string $url  The request's URL.
	 * @param string $body The request's body.
	 */
	public function transport_for( string $url, string $body ): ?string {
		$https = 0 === stripos( $url, 'https://' );
		// cURL drops "." and ".." segments from a path, which then no longer matches its signature, and
		// Requests gives cURL no body "0" (it tests the body with empty()): PHP's streams send both as they are.
		$as_is = 1 === preg_match( '#/\.{1,2}/#', explode( '?', $url, 2 )[0] . '/' ) || '0' === $body;
		if ( ! $as_is && $this->curl_works( $https ) ) {
			return Curl::class;
		}
		if ( function_exists( 'stream_socket_client' ) && Fsockopen::test( array( Capability::SSL => $https ) ) ) {
			return Fsockopen::class;
		}
		return null;
	}

	/**
	 * Whether requests may be sent side by side (through cURL's multi interface).
	 */
	public function side_by_side(): bool {
		return $this->curl_multi ?? self::all_exist( self::CURL_MULTI );
	}

	/**
	 * Whether cURL can send a request.
	 *
	 * @param bool $https Whether it must speak TLS.
	 */
	private function curl_works( bool $https ): bool {
		return $this->curl ?? ( self::all_exist( self::CURL ) && Curl::test( array( Capability::SSL => $https ) ) );
	}

	/**
	 * Whether PHP offers every one of these functions.
	 *
	 * @param string[] $functions Function names.
	 */
	private static function all_exist( array $functions ): bool {
		foreach ( $functions as $function ) {
			if ( ! function_exists( $function ) ) {
				return false;
			}
		}
		return true;
	}
}
