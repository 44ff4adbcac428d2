<?php
/**
 * What the routes that send bytes instead of JSON share: a backup's zip, one file of a backup.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Support\Redactor;
use WP_Error;

/**
 * Such a route takes the output over (no other code's buffer or compression sees the bytes),
 * sends its headers, writes straight to php://output and ends the request. It authenticates like
 * every route: a login cookie counts only with the REST nonce (WordPress checks it, as the
 * X-WP-Nonce header or, for a plain link, the _wpnonce query argument); without it the request is
 * anonymous and refused.
 */
final class StreamedResponse {

	/**
	 * The _wpnonce argument a plain link carries, described for the route's index.
	 *
	 * @return array<string, array<string, string>>
	 */
	public static function nonce_arg(): array {
		return array(
			'_wpnonce' => array(
				'description' => __( 'The REST nonce, for a plain link; scripts send it as the X-WP-Nonce header instead.', 'site-backups' ),
				'type'        => 'string',
			),
		);
	}

	/**
	 * Whether the route was dispatched inside another request (rest_do_request, WP-CLI):
	 * streaming would end that request too.
	 */
	public static function dispatched_inside_php(): bool {
		return ! defined( 'REST_REQUEST' ) || ! constant( 'REST_REQUEST' );
	}

	/**
	 * Lifts the time limit: the bytes of a large backup take longer than max_execution_time to
	 * send (or to fetch from the bucket first); a client that goes away still ends the script.
	 */
	public static function lift_time_limit(): void {
		if ( function_exists( 'set_time_limit' ) ) {
			// phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged -- a large backup streams for longer than max_execution_time; a client that goes away still ends it.
			set_time_limit( 0 );
		}
		if ( function_exists( 'ignore_user_abort' ) ) {
			// Hosts may disable it; PHP's default (stop when the client goes) is what is wanted then.
			ignore_user_abort( false );
		}
	}

	/**
	 * Takes the output over; the error to answer with when it cannot (nothing has been sent).
	 */
	public static function take_over(): ?WP_Error {
		$problem = self::output_problem();
		if ( null === $problem ) {
			return null;
		}
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says which code holds the output.
		error_log( 'Site Backups: a download could not start: ' . $problem );
		return new WP_Error(
			'site_backups_output_unavailable',
			__( 'The download could not start: another part of the site has already sent output or holds an output buffer.', 'site-backups' ),
			array( 'status' => 500 )
		);
	}

	/**
	 * The headers every such answer sends: never cached, never sniffed, never buffered by a proxy.
	 */
	public static function send_common_headers(): void {
		header_remove( 'Content-Encoding' );
		header( 'Cache-Control: no-store' );
		header( 'X-Content-Type-Options: nosniff' );
		header( 'X-Accel-Buffering: no' );
	}

	/**
	 * Writes to the client through $write; a failure once bytes have gone can only be logged,
	 * and the client gets less than the Content-Length it was promised.
	 *
	 * @param callable(resource): mixed $write Writes the bytes to the stream it is given.
	 * @param string                    $what  What is sent, for the log ("the download of backup …").
	 */
	public static function write( callable $write, string $what ): void {
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_read_fopen -- php://output, not a file: WP_Filesystem cannot stream.
		$out = fopen( 'php://output', 'wb' );
		if ( false === $out ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log is the only place left to tell.
			error_log( 'Site Backups: ' . $what . ' could not open the output.' );
			return;
		}
		try {
			$write( $out );
		} catch ( \Throwable $error ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the headers are gone: the log is the only place to tell.
			error_log( Redactor::for_log( sprintf( 'Site Backups: %s failed after it had begun, so the client received less than the length it was promised: %s', $what, $error->getMessage() ) ) );
		} finally {
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_read_fclose -- closes php://output.
			fclose( $out );
		}
	}

	/**
	 * Ends the request: the connection is closed where the server allows it, and whatever runs
	 * at shutdown cannot append to the bytes sent.
	 */
	public static function end_request(): never {
		flush();
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		}
		ob_start( static fn (): string => '' );
		exit;
	}

	/**
	 * Says what stands in the way of taking the output over.
	 *
	 * @return string|null What stands in the way, for the log; null when the output is ours.
	 */
	private static function output_problem(): ?string {
		if ( headers_sent( $file, $line ) ) {
			return sprintf( 'output had already begun in %s on line %d.', $file, $line );
		}
		if ( ! self::remove_buffers() ) {
			return 'an output buffer could not be removed: ' . implode( ', ', ob_list_handlers() ) . '.';
		}
		return null;
	}

	/**
	 * Removes every output buffer and compression layer, so that no other code's handler sees
	 * (or rewrites) the bytes.
	 *
	 * @return bool False when a buffer refuses to go.
	 */
	private static function remove_buffers(): bool {
		while ( ob_get_level() > 0 ) {
			// phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a buffer started as non-removable only says so with a notice.
			if ( ! @ob_end_clean() ) {
				return false;
			}
		}
		if ( ini_get( 'zlib.output_compression' ) ) {
			// phpcs:ignore WordPress.PHP.IniSet.Risky, Squiz.PHP.DiscouragedFunctions.Discouraged -- compression would buffer the stream.
			ini_set( 'zlib.output_compression', '0' );
		}
		if ( function_exists( 'apache_setenv' ) ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.runtime_configuration_apache_setenv -- keeps mod_deflate from buffering the stream.
			apache_setenv( 'no-gzip', '1' );
		}
		if ( PHP_SESSION_ACTIVE === session_status() ) {
			// A long download must not hold the visitor's session lock.
			session_write_close();
		}
		return true;
	}
}
