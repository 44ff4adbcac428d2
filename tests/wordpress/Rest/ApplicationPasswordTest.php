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

use SiteBackups\Tests\WordPress\Support\ApplicationPasswordLogin;

final class ApplicationPasswordTest extends RestTestCase {

	use ApplicationPasswordLogin;

	protected function setUp(): void {
		parent::setUp();
		$this->allow_application_passwords();
	}

	protected function tearDown(): void {
		$this->stop_application_passwords();
		parent::tearDown();
	}

	public function test_an_administrators_application_password_works_and_a_wrong_one_does_not(): void {
		$admin = get_userdata( $this->admin() );
		$this->assertNotFalse( $admin );
		$password = $this->new_application_password( $admin->ID );

		$this->assertSame( $admin->ID, $this->authenticate_as( $admin->user_login, $password ) );
		$this->assertSame( 200, $this->dispatch( 'GET', '/settings' )->get_status() );

		$this->assertSame( 0, $this->authenticate_as( $admin->user_login, 'wrong wrong wrong wrong' ) );
		$this->assertError( $this->dispatch( 'GET', '/settings' ), 401, 'rest_forbidden' );
	}

	public function test_an_editors_application_password_is_403(): void {
		$editor = get_userdata( $this->create_user( 'editor' ) );
		$this->assertNotFalse( $editor );
		$this->assertSame( $editor->ID, $this->authenticate_as( $editor->user_login, $this->new_application_password( $editor->ID ) ) );
		$this->assertError( $this->dispatch( 'POST', '/backups', array( 'environment' => 'production' ) ), 403, 'rest_forbidden' );
	}
}
