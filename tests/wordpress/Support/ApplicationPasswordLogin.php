<?php
/**
 * An API request signed in with an application password, made in the test's own process:
 * WordPress only offers them over HTTPS or on a site whose type is "local", and the test site is
 * plain-HTTP "production" (which the tests do not change).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Support;

use WP_Application_Passwords;

trait ApplicationPasswordLogin {

	/**
	 * $_SERVER before authenticate_as() first wrote Basic credentials into it.
	 *
	 * @var array<string, mixed>|null
	 */
	private ?array $server_before_login = null;

	/** Application passwords are on for this test. */
	private function allow_application_passwords(): void {
		add_filter( 'wp_is_application_passwords_available', '__return_true' );
	}

	/** For tearDown(): application passwords off again, and $_SERVER as it was before any login. */
	private function stop_application_passwords(): void {
		if ( null !== $this->server_before_login ) {
			$_SERVER                   = $this->server_before_login;
			$this->server_before_login = null;
		}
		remove_filter( 'wp_is_application_passwords_available', '__return_true' );
	}

	/** A new application password of the user, as WordPress shows it once. */
	private function new_application_password( int $user ): string {
		$created = WP_Application_Passwords::create_new_application_password( $user, array( 'name' => 'site-backups test' ) );
		$this->assertIsArray( $created );
		return $created[0];
	}

	/** Who WordPress takes an API request with these Basic credentials for (0: no one); that user is now the current one. */
	private function authenticate_as( string $login, string $password ): int {
		$this->server_before_login ??= $_SERVER;

		$_SERVER['PHP_AUTH_USER'] = $login;
		$_SERVER['PHP_AUTH_PW']   = $password;
		$_SERVER['REMOTE_ADDR']   = '127.0.0.1';
		wp_set_current_user( 0 );
		// What WordPress does for an API request: determine_current_user with the Basic credentials.
		add_filter( 'application_password_is_api_request', '__return_true' );
		$user = (int) apply_filters( 'determine_current_user', false );
		remove_filter( 'application_password_is_api_request', '__return_true' );
		wp_set_current_user( $user );
		return $user;
	}
}
