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
		// WordPress's components script brings wp-date and moment with it: about 1.9 MB.
		$this->assertNotContains( 'wp-components', $script->deps );
		$this->assertContains( 'wp-element', $script->deps );
		$this->assertContains( 'wp-i18n', $script->deps );
		$this->assertSame( 'site-backups', $script->textdomain );
		$style = wp_styles()->query( AdminPage::SCRIPT );
		if ( false !== $style ) {
			// Nothing on the screen uses the components' classes any more.
			$this->assertNotContains( 'wp-components', $style->deps );
		}
		$this->assertTrue( wp_style_is( AdminPage::SCRIPT, 'enqueued' ) );
	}

	public function test_the_screen_gets_the_site_s_title_as_typed_to_confirm_a_restore(): void {
		update_option( 'blogname', 'Tom & Jerry\'s "Shop"' );
		$data = ( new AdminPage( SITE_BACKUPS_FILE ) )->script_data();
		// Stored with its entities encoded; the admin types the characters.
		$this->assertSame( 'Tom & Jerry\'s "Shop"', $data['siteName'] );
		update_option( 'blogname', '' );
		$this->assertSame( '', ( new AdminPage( SITE_BACKUPS_FILE ) )->script_data()['siteName'] );
	}

	public function test_the_plugin_row_links_to_the_page_for_those_who_may_open_it(): void {
		$hook  = 'plugin_action_links_' . plugin_basename( SITE_BACKUPS_FILE );
		$given = array( 'deactivate' => '<a href="plugins.php?action=deactivate">Deactivate</a>' );

		wp_set_current_user( $this->create_user( 'administrator' ) );
		$links = apply_filters( $hook, $given, plugin_basename( SITE_BACKUPS_FILE ), array(), 'all' );
		$this->assertSame( array( 'site-backups', 'deactivate' ), array_keys( $links ), 'The Backups link comes first, the others stay' );
		$this->assertSame( sprintf( '<a href="%s">Backups</a>', esc_url( admin_url( 'tools.php?page=' . AdminPage::SLUG ) ) ), $links['site-backups'] );
		$this->assertSame( $given['deactivate'], $links['deactivate'] );

		wp_set_current_user( $this->create_user( 'editor' ) );
		$this->assertSame( $given, apply_filters( $hook, $given, plugin_basename( SITE_BACKUPS_FILE ), array(), 'all' ), 'No link to a page the user cannot open' );
		$this->assertSame( $given, apply_filters( 'plugin_action_links_hello.php', $given, 'hello.php', array(), 'all' ), 'Other plugins\' rows are left alone' );
	}
}
