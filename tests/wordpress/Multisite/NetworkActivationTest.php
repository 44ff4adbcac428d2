<?php
/**
 * On a real subdirectory network the plugin is network-activated and runs on the main site only:
 * its daily event, REST routes and screen (Network Admin → Settings → Backups) are there and
 * nowhere else, and activation on one site is refused.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Multisite;

use PHPUnit\Framework\TestCase;

final class NetworkActivationTest extends TestCase {

	/** What the plugin is doing in a site of the network, printed as JSON. */
	private const INSPECT = '
		require_once ABSPATH . "wp-admin/includes/plugin.php";
		$routes = array_values( array_filter( array_keys( rest_get_server()->get_routes() ), static fn ( $route ) => str_starts_with( $route, "/site-backups/" ) ) );
		echo wp_json_encode(
			array(
				"blog"           => get_current_blog_id(),
				"network_active" => is_plugin_active_for_network( "site-backups/site-backups.php" ),
				"booted"         => null !== SiteBackups\\Plugin::instance(),
				"routes"         => $routes,
				"daily_event"    => (bool) wp_next_scheduled( "site_backups_daily_backup" ),
			)
		);';

	public static function setUpBeforeClass(): void {
		Network::provision();
	}

	protected function tearDown(): void {
		$this->assertSame( array(), Network::plugin_errors(), "the network's PHP error log" );
	}

	public function test_network_activated_the_plugin_runs_on_the_main_site_only(): void {
		$main = Network::evaluate( self::INSPECT );
		$this->assertSame( 1, $main['blog'] );
		$this->assertTrue( $main['network_active'] );
		$this->assertTrue( $main['booted'] );
		$this->assertContains( '/site-backups/v1/backups', $main['routes'] );
		$this->assertTrue( $main['daily_event'] );

		foreach ( Network::SITES as $blog => $site ) {
			$seen = Network::evaluate( self::INSPECT, $site );
			$this->assertSame( $blog, $seen['blog'] );
			$this->assertTrue( $seen['network_active'] );
			$this->assertFalse( $seen['booted'], "site $site runs nothing of the plugin" );
			$this->assertSame( array(), $seen['routes'], "site $site has no route of the plugin" );
			$this->assertFalse( $seen['daily_event'], "site $site has no daily event" );
		}
		$this->assertSame( array( 'wp_options' ), $this->options_tables_with_the_daily_event(), 'the daily event is in the main site\'s WP-Cron only' );

		Network::wp_ok( array( 'site-backups', 'list', '--user=admin' ) );
		$this->assertNotSame( 0, Network::wp( array( 'site-backups', 'list', '--user=admin' ), 'two' )['status'], 'no WP-CLI command on another site' );
	}

	public function test_production_is_the_whole_network_at_the_main_site_whichever_site_asks(): void {
		foreach ( array_merge( array( '' ), Network::SITES ) as $site ) {
			$this->assertSame(
				array(
					'url'     => Network::url(),
					'prefix'  => 'wp_',
					'uploads' => Network::root() . '/wp-content/uploads',
				),
				Network::evaluate(
					'$production = ( new SiteBackups\\Environments\\EnvironmentRegistry() )->production();
					echo wp_json_encode( array( "url" => trailingslashit( $production->url ), "prefix" => $production->tablePrefix, "uploads" => SiteBackups\\Environments\\SiteFolders::production()["wp-content/uploads"] ) );',
					$site
				),
				"asked from site '$site'"
			);
		}
	}

	public function test_rest_routes_answer_on_the_main_site_and_are_not_served_on_other_sites(): void {
		$request = '
			wp_set_current_user( 1 );
			$response = rest_do_request( new WP_REST_Request( "GET", "/site-backups/v1/environments" ) );
			echo wp_json_encode( array( "status" => $response->get_status(), "code" => $response->is_error() ? $response->as_error()->get_error_code() : "" ) );';
		$this->assertSame(
			array(
				'status' => 200,
				'code'   => '',
			),
			Network::evaluate( $request )
		);
		foreach ( Network::SITES as $site ) {
			$this->assertSame(
				array(
					'status' => 404,
					'code'   => 'rest_no_route',
				),
				Network::evaluate( $request, $site ),
				"site $site"
			);
		}
	}

	public function test_the_screen_is_in_network_admin_under_settings_and_in_no_site_tools_menu(): void {
		$menus = '
			require_once ABSPATH . "wp-admin/includes/admin.php";
			wp_set_current_user( 1 );
			global $submenu;
			do_action( "admin_menu" );
			$tools = array_column( $submenu["tools.php"] ?? array(), 1, 2 );
			do_action( "network_admin_menu" );
			$settings = array_column( $submenu["settings.php"] ?? array(), 1, 2 );
			$page     = new SiteBackups\\Admin\\AdminPage( WP_PLUGIN_DIR . "/site-backups/site-backups.php" );
			echo wp_json_encode(
				array(
					"tools"     => $tools["site-backups"] ?? null,
					"settings"  => $settings["site-backups"] ?? null,
					"url"       => SiteBackups\\Admin\\AdminPage::url(),
					"rest_root" => $page->script_data()["restRoot"],
				)
			);';
		$this->assertSame(
			array(
				'tools'     => null,
				'settings'  => 'manage_network_options',
				'url'       => Network::url() . 'wp-admin/network/settings.php?page=site-backups',
				'rest_root' => Network::url() . 'wp-json/',
			),
			Network::evaluate( $menus )
		);
		foreach ( Network::SITES as $site ) {
			$seen = Network::evaluate( $menus, $site );
			$this->assertNull( $seen['tools'], "no Tools → Backups on site $site" );
			$this->assertSame( Network::url() . 'wp-json/', $seen['rest_root'], 'the screen talks to the main site\'s REST API' );
		}
	}

	public function test_activation_on_one_site_is_refused_and_network_activation_from_any_site_schedules_on_the_main_site(): void {
		Network::wp_ok( array( 'plugin', 'deactivate', 'site-backups', '--network' ) );
		$this->assertSame( array(), $this->options_tables_with_the_daily_event(), 'network deactivation cleared the main site\'s event' );
		$before = $this->plugin_rows();

		foreach ( array( 'two', '' ) as $site ) {
			$run = Network::wp( array( 'plugin', 'activate', 'site-backups' ), $site );
			$this->assertSame( 1, $run['status'], $run['out'] );
			$this->assertStringContainsString( 'Site Backups cannot be activated on one site of a multisite network: its backups hold the database and files that all the sites of the network share', $run['err'] );
			$this->assertStringContainsString( 'A network administrator can network-activate it under Network Admin → Plugins', $run['err'] );
			$this->assertStringContainsString( 'It was not activated.', $run['err'] );
		}
		$this->assertSame( $before, $this->plugin_rows(), 'no site recorded it as active, nor any option or event of it' );

		// Network-activated from another site's address: the event still goes to the main site.
		Network::wp_ok( array( 'plugin', 'activate', 'site-backups', '--network' ), 'three' );
		$this->assertSame( array( 'wp_options' ), $this->options_tables_with_the_daily_event() );
		$db = Network::database();
		try {
			$this->assertSame( array( array( Network::url() ) ), Network::rows( $db, "SELECT CONCAT(option_value, '/') FROM wp_options WHERE option_name = 'site_backups_production_home'" ), 'production is the main site\'s address' );
		} finally {
			$db->close();
		}
		$this->assertTrue( Network::evaluate( self::INSPECT )['booted'] );
	}

	/**
	 * The options tables whose WP-Cron list holds the daily event.
	 *
	 * @return list<string>
	 */
	private function options_tables_with_the_daily_event(): array {
		$db = Network::database();
		try {
			$found = array();
			foreach ( array( 'wp_options', 'wp_2_options', 'wp_3_options' ) as $table ) {
				if ( array() !== Network::rows( $db, "SELECT 1 FROM `$table` WHERE option_name = 'cron' AND option_value LIKE '%site\\_backups\\_daily\\_backup%'" ) ) {
					$found[] = $table;
				}
			}
			return $found;
		} finally {
			$db->close();
		}
	}

	/**
	 * Every site's active plugins and the plugin's own options, and the network's active plugins
	 * (WP-Cron's lists are checked by options_tables_with_the_daily_event(): WordPress itself
	 * schedules its own events in them on a site's first loads).
	 *
	 * @return array<string, mixed>
	 */
	private function plugin_rows(): array {
		$db = Network::database();
		try {
			$rows = array();
			foreach ( array( 'wp_options', 'wp_2_options', 'wp_3_options' ) as $table ) {
				$rows[ $table ] = Network::rows( $db, "SELECT option_name, option_value FROM `$table` WHERE option_name LIKE 'site\\_backups\\_%' OR option_name = 'active_plugins' ORDER BY option_name" );
			}
			$rows['wp_sitemeta'] = Network::rows( $db, "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'active_sitewide_plugins'" );
			return $rows;
		} finally {
			$db->close();
		}
	}
}
