<?php
/**
 * The request the site sends itself to start the next slice at once.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * A non-blocking POST to admin-ajax.php carrying a secret only this site knows, so a slice
 * starts as soon as the last one ended instead of at WP-Cron's next run. Whether these requests
 * arrive is kept in LoopbackRecord.
 */
final class LoopbackRequest {

	public const ACTION       = 'site_backups_slice';
	public const TOKEN_OPTION = 'site_backups_loopback_token';

	/**
	 * Starts the next slice at once. Not under WP-CLI, whose process runs the job itself.
	 */
	public function send(): void {
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			return;
		}
		LoopbackRecord::sent();
		wp_remote_post(
			admin_url( 'admin-ajax.php' ),
			array(
				'blocking'  => false,
				'timeout'   => 0.5,
				'sslverify' => false,
				'body'      => array(
					'action' => self::ACTION,
					'token'  => $this->token(),
				),
			)
		);
	}

	/**
	 * Lets an arriving loopback request in: without the token it is answered 403 and ends here.
	 */
	public function admit(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- authenticated by the loopback token instead: the request carries no user.
		$token = isset( $_POST['token'] ) ? sanitize_text_field( wp_unslash( $_POST['token'] ) ) : '';
		if ( ! hash_equals( $this->token(), $token ) ) {
			wp_send_json_error( null, 403 );
		}
		if ( function_exists( 'ignore_user_abort' ) ) {
			// Hosts may disable it; the loopback's client hangs up at once anyway, and PHP-FPM goes on.
			ignore_user_abort( true );
		}
		LoopbackRecord::arrived();
	}

	/**
	 * The secret that proves a loopback request came from this site.
	 */
	private function token(): string {
		$token = get_option( self::TOKEN_OPTION );
		if ( ! is_string( $token ) || strlen( $token ) < 32 ) {
			$token = wp_generate_password( 48, false );
			update_option( self::TOKEN_OPTION, $token, false );
		}
		return $token;
	}
}
