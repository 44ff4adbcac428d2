<?php
/**
 * The plugin's REST API, called in the WP-CLI process.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\Rest\RestApi;
use SiteBackups\Support\Capability;
use SiteBackups\Support\Redactor;
use WP_CLI;
use WP_REST_Request;

/**
 * Commands go through the REST API as the user given with --user, so they check the same
 * capability and validate their input exactly like the Tools → Backups screen.
 */
final class RestCall {

	/**
	 * Dispatches a REST request in this process as the current user; exits
	 * with the REST error's message on failure.
	 *
	 * @param string               $method HTTP method.
	 * @param string               $route  Route under the plugin's namespace, e.g. "/backups".
	 * @param array<string, mixed> $params Query (GET) or body parameters.
	 * @return array{0: mixed, 1: array<string, string>} The response data and headers.
	 */
	public static function send( string $method, string $route, array $params = array() ): array {
		self::require_user();
		$request = new WP_REST_Request( $method, '/' . RestApi::NAMESPACE . $route );
		if ( 'GET' === $method ) {
			$request->set_query_params( $params );
		} else {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( (object) $params ) );
		}
		$response = rest_do_request( $request );
		if ( $response->is_error() ) {
			$error   = $response->as_error();
			$message = null === $error ? __( 'The request failed.', 'site-backups' ) : $error->get_error_message();
			$data    = null === $error ? null : $error->get_error_data();
			if ( is_array( $data ) && isset( $data['params'] ) && is_array( $data['params'] ) ) {
				$message .= ' ' . implode( ' ', array_map( 'strval', $data['params'] ) );
			}
			WP_CLI::error( Redactor::redact( $message ) );
		}
		$headers = array();
		foreach ( $response->get_headers() as $name => $value ) {
			$headers[ (string) $name ] = (string) $value;
		}
		// Round-trip through JSON, as a browser would see it (objects become arrays).
		$data = json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ), true );
		if ( is_array( $data ) ) {
			unset( $data['_links'] );
			foreach ( $data as $key => $item ) {
				if ( is_int( $key ) && is_array( $item ) ) {
					unset( $data[ $key ]['_links'] );
				}
			}
		}
		return array( $data, $headers );
	}

	/**
	 * Stops unless the command runs as a user who may manage backups.
	 */
	public static function require_user(): void {
		if ( ! is_user_logged_in() ) {
			WP_CLI::error( __( 'Run this command as an administrator, e.g. with --user=admin.', 'site-backups' ) );
		}
		if ( ! current_user_can( Capability::required() ) ) {
			/* translators: %s: user login. */
			WP_CLI::error( sprintf( __( 'User %s may not manage backups: run this command as an administrator, e.g. with --user=admin.', 'site-backups' ), wp_get_current_user()->user_login ) );
		}
	}
}
