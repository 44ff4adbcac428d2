<?php
/**
 * Tools → Backups is registered for administrators only and loads the
 * built screen with its dependencies.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use SiteBackups\Admin\AdminPage;

final class AdminPageTest extends TestCase {

	public function test_administrators_get_the_page_under_tools(): void {
		wp_set_current_user( $this->create_user( 'administrator' ) );
		$page = new AdminPage( SITE_BACKUPS_FILE );
		$page->add_page();

		global $submenu;
		$entries = array_column( $submenu['tools.php'] ?? array(), 1, 2 );
		$this->assertArrayHasKey( AdminPage::SLUG, $entries );
		$this->assertSame( 'manage_options', $entries[ AdminPage::SLUG ] );
	}

	public function test_editors_and_visitors_cannot_open_it(): void {
		foreach ( array( 'editor', 'author', 'subscriber' ) as $role ) {
			wp_set_current_user( $this->create_user( $role ) );
			$this->assertFalse(
				add_management_page( 'Backups', 'Backups', AdminPage::CAPABILITY, AdminPage::SLUG . '-probe', '__return_null' ),
				"A user with the $role role may open the page"
			);
			$this->assertFalse( current_user_can( AdminPage::CAPABILITY ) );
		}
	}

	public function test_the_screen_loads_its_script_with_dependencies_and_translations(): void {
		$page = new AdminPage( SITE_BACKUPS_FILE );
		$page->enqueue_assets();

		$script = wp_scripts()->query( AdminPage::SCRIPT );
		$this->assertNotFalse( $script, 'The screen script is not registered; is build/ missing?' );
		$this->assertStringEndsWith( '/build/index.js', $script->src );
		$this->assertContains( 'wp-components', $script->deps );
		$this->assertContains( 'wp-i18n', $script->deps );
		$this->assertSame( 'site-backups', $script->textdomain );
		$this->assertTrue( wp_style_is( AdminPage::SCRIPT, 'enqueued' ) );
	}
}
