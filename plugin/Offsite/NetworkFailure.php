<?php
/**
 * A failed exchange of WordPress's HTTP library, in the terms the S3 client retries by.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Engine\Remote\S3\NetworkErrno;
use WpOrg\Requests\Exception as RequestsException;
use WpOrg\Requests\Exception\Transport\Curl as CurlFailure;

/**
 * Requests reports cURL's error number (side by side as the exception's code, alone inside its
 * message) and, for PHP's streams, a type and PHP's own words; the client tells failures apart by
 * cURL's numbers, so these are mapped onto them.
 */
final class NetworkFailure {

	/**
	 * The error number (NetworkErrno) and the words for a failed exchange.
	 *
	 * @param RequestsException $failure What Requests threw or returned.
	 * @return array{int, string}
	 */
	public static function of( RequestsException $failure ): array {
		$text = trim( $failure->getMessage() );
		if ( $failure instanceof CurlFailure ) {
			return array( self::nonzero( (int) $failure->getCode() ), (string) $failure->getReason() );
		}
		if ( 1 === preg_match( '/\AcURL error (\d+): (.*)\z/s', $text, $match ) ) {
			return array( self::nonzero( (int) $match[1] ), $match[2] );
		}
		$errno = match ( (string) $failure->getType() ) {
			'timeout'                                 => NetworkErrno::OPERATION_TIMEDOUT,
			'ssl.no_match'                            => NetworkErrno::SSL_CACERT,
			'fsockopen.connect_error', 'fsockopenerror' => self::connect_failure( $text, (int) $failure->getCode() ),
			// Nothing, or no HTTP, came back before the connection closed.
			'requests.no_crlf_separator', 'noversion' => NetworkErrno::GOT_NOTHING,
			default                                   => NetworkErrno::RECV_ERROR,
		};
		return array( $errno, $text );
	}

	/**
	 * Why PHP's streams could not connect, from its message (or the system's error number).
	 *
	 * @param string $text  PHP's message.
	 * @param int    $errno The system's error number, 0 when unknown.
	 */
	private static function connect_failure( string $text, int $errno ): int {
		if ( 1 === preg_match( '/getaddrinfo|name or service not known|name resolution|no address associated|nodename nor servname/i', $text ) ) {
			return NetworkErrno::COULDNT_RESOLVE_HOST;
		}
		if ( 110 === $errno || 1 === preg_match( '/timed out/i', $text ) ) {
			return NetworkErrno::OPERATION_TIMEDOUT;
		}
		if ( 1 === preg_match( '/ssl|tls|certificate|crypto/i', $text ) ) {
			return NetworkErrno::SSL_CONNECT_ERROR;
		}
		return NetworkErrno::COULDNT_CONNECT;
	}

	/**
	 * A failure always has a number other than 0 (0 means success to the client).
	 *
	 * @param int $errno cURL's number.
	 */
	private static function nonzero( int $errno ): int {
		return $errno > 0 ? $errno : NetworkErrno::RECV_ERROR;
	}
}
