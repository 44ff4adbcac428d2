<?php
/**
 * Application Passwords reach the API as their user: checked in process,
 * because WordPress only offers them over HTTPS or on a site whose type is
 * "local", and the test site is plain-HTTP "production" (which we do not
 * change).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use WP_Application_Passwords;

final class ApplicationPasswordTest extends RestTestCase {

	/** @var array<string, mixed> */
	private array $server = array();

	protected function setUp(): void {
		parent::setUp();
		$this->server = $_SERVER;
		add_filter( 'wp_is_application_passwords_available', '__return_true' );
	}

	protected function tearDown(): void {
		$_SERVER = $this->server;
		remove_filter( 'wp_is_application_passwords_available', '__return_true' );
		parent::tearDown();
	}

	private function authenticate_as( string $login, string $password ): int {
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

	public function test_an_administrators_application_password_works_and_a_wrong_one_does_not(): void {
		$admin = get_userdata( $this->admin() );
		$this->assertNotFalse( $admin );
		$created = WP_Application_Passwords::create_new_application_password( $admin->ID, array( 'name' => 'site-backups test' ) );
		$this->assertIsArray( $created );

		$this->assertSame( $admin->ID, $this->authenticate_as( $admin->user_login, $created[0] ) );
		$this->assertSame( 200, $this->dispatch( 'GET', '/settings' )->get_status() );

		$this->assertSame( 0, $this->authenticate_as( $admin->user_login, 'wrong wrong wrong wrong' ) );
		$this->assertError( $this->dispatch( 'GET', '/settings' ), 401, 'rest_forbidden' );
	}

	public function test_an_editors_application_password_is_403(): void {
		$editor  = get_userdata( $this->create_user( 'editor' ) );
		$this->assertNotFalse( $editor );
		$created = WP_Application_Passwords::create_new_application_password( $editor->ID, array( 'name' => 'site-backups test' ) );
		$this->assertIsArray( $created );
		$this->assertSame( $editor->ID, $this->authenticate_as( $editor->user_login, $created[0] ) );
		$this->assertError( $this->dispatch( 'POST', '/backups', array( 'environment' => 'production' ) ), 403, 'rest_forbidden' );
	}
}
