<?php
/**
 * On a real multisite network the plugin refuses to be activated on one site, is network-activated
 * onto the main site, and a copy active on one site since before the conversion runs nothing.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use SiteBackups\Tests\WordPress\Support\ThrowawayNetwork;

final class MultisiteGuardTest extends TestCase {

	private const REFUSAL = 'Site Backups cannot be activated on one site of a multisite network';

	/** What the plugin's hooks look like in the network's WordPress, printed as JSON. */
	private const INSPECT = '
		$root = dirname( (string) realpath( WP_PLUGIN_DIR . "/site-backups/site-backups.php" ) ) . "/";
		$ours = array();
		foreach ( $GLOBALS["wp_filter"] as $hook => $callbacks ) {
			foreach ( $callbacks->callbacks as $priority ) {
				foreach ( $priority as $callback ) {
					$function = $callback["function"];
					$class    = is_array( $function ) ? ( is_object( $function[0] ) ? get_class( $function[0] ) : (string) $function[0] ) : ( is_object( $function ) ? get_class( $function ) : "" );
					$file     = $function instanceof Closure ? (string) ( new ReflectionFunction( $function ) )->getFileName() : "";
					if ( str_starts_with( $class, "SiteBackups\\\\" ) || $root . "site-backups.php" === $file || str_starts_with( $file, $root . "plugin/" ) || str_starts_with( $file, $root . "php/" ) ) {
						$ours[] = $hook . " " . ( "" !== $class && "Closure" !== $class ? $class : $file );
					}
				}
			}
		}
		$routes = array_values( array_filter( array_keys( rest_get_server()->get_routes() ), static fn ( $route ) => str_starts_with( $route, "/site-backups/" ) ) );
		wp_set_current_user( 1 );
		ob_start();
		do_action( "admin_notices" );
		$notice = ob_get_clean();
		ob_start();
		do_action( "network_admin_notices" );
		$network_notice = ob_get_clean();
		echo wp_json_encode(
			array(
				"multisite"      => is_multisite(),
				"active"         => is_plugin_active( "site-backups/site-backups.php" ),
				"booted"         => null !== SiteBackups\\Plugin::instance(),
				"hooks"          => $ours,
				"routes"         => $routes,
				"notice"         => $notice,
				"network_notice" => $network_notice,
				"daily_event"    => (bool) wp_next_scheduled( "site_backups_daily_backup" ),
			)
		);';

	/** The plugin's traces in the network's database, printed as JSON. */
	private const STATE = '
		global $wpdb;
		echo wp_json_encode(
			array(
				"options"  => $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE \'site\\\\_backups\\\\_%\' OR option_name IN (\'cron\', \'active_plugins\', \'uninstall_plugins\') ORDER BY option_name", ARRAY_A ),
				"sitemeta" => $wpdb->get_results( "SELECT meta_key, meta_value FROM {$wpdb->sitemeta} WHERE meta_key LIKE \'site\\\\_backups\\\\_%\' OR meta_key = \'active_sitewide_plugins\' ORDER BY meta_key", ARRAY_A ),
			)
		);';

	private static ?ThrowawayNetwork $network = null;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$network = ThrowawayNetwork::create();
	}

	public static function tearDownAfterClass(): void {
		self::$network?->destroy();
		self::$network = null;
		parent::tearDownAfterClass();
	}

	/**
	 * The suite's rule for PHP error logs (tests/stack/php-error-log.mjs): no entry names a file of
	 * the plugin or is a fatal error. WordPress's own multisite files log deprecations on PHP 8.
	 */
	protected function tearDown(): void {
		$repository = dirname( __DIR__, 3 );
		foreach ( array_filter( explode( "\n", self::network()->error_log() ) ) as $entry ) {
			foreach ( array( $repository . '/plugin/', $repository . '/php/', $repository . '/site-backups.php', '/wp-content/plugins/site-backups/', 'Fatal error' ) as $forbidden ) {
				$this->assertStringNotContainsString( $forbidden, $entry, 'the network\'s PHP error log' );
			}
		}
		parent::tearDown();
	}

	public function test_a_copy_active_since_before_the_conversion_runs_nothing_and_says_why(): void {
		$network = self::network();
		$seen    = $network->evaluate( self::INSPECT );
		$this->assertTrue( $seen['multisite'] );
		$this->assertTrue( $seen['active'], 'activated while the site was single, so still active' );
		$this->assertTrue( $seen['daily_event'], 'its daily event from before the conversion is still in WP-Cron' );
		$this->assertFalse( $seen['booted'] );
		$this->assertSame( array(), $seen['routes'], 'no REST routes' );
		sort( $seen['hooks'] );
		$this->assertSame(
			array(
				'activate_site-backups/site-backups.php SiteBackups\\MultisiteGuard',
				'admin_notices SiteBackups\\MultisiteGuard',
				'deactivate_site-backups/site-backups.php SiteBackups\\MultisiteGuard',
				'network_admin_notices SiteBackups\\MultisiteGuard',
			),
			$seen['hooks'],
			'only the guard is hooked, and the clean-up on deactivation'
		);
		foreach ( array( $seen['notice'], $seen['network_notice'] ) as $notice ) {
			$this->assertStringContainsString( 'notice-error', $notice );
			$this->assertStringContainsString( 'Site Backups is not running: on a multisite network it runs only when a network administrator network-activates it', $notice );
		}

		// The daily event fires and nothing answers it: no job, no store.
		$before = $network->evaluate( self::STATE );
		$network->wp_ok( array( 'cron', 'event', 'run', 'site_backups_daily_backup' ) );
		$after = $network->evaluate( self::STATE );
		$this->assertSame( $this->plugin_options( $before ), $this->plugin_options( $after ) );
		$this->assertSame( array(), array_intersect( array( 'site_backups_active_job', 'site_backups_busy', 'site_backups_store_dir' ), array_column( $after['options'], 'option_name' ) ) );

		$commands = $network->wp( array( 'site-backups', 'list' ) );
		$this->assertNotSame( 0, $commands['status'], 'no WP-CLI commands either' );
	}

	public function test_activation_on_one_site_of_the_network_is_refused_and_changes_nothing(): void {
		$network = self::network();
		$network->wp_ok( array( 'plugin', 'deactivate', 'site-backups' ) );
		$before = $network->evaluate( self::STATE );
		$this->assertFalse( (bool) $network->evaluate( 'echo wp_json_encode( array( "event" => wp_next_scheduled( "site_backups_daily_backup" ) ) );' )['event'], 'deactivating cleared its events' );

		$run = $network->wp( array( 'plugin', 'activate', 'site-backups' ) );
		$this->assertSame( 1, $run['status'], $run['out'] );
		$this->assertStringContainsString( self::REFUSAL . ': its backups hold the database and files that all the sites of the network share', $run['err'] );
		$this->assertStringContainsString( 'A network administrator can network-activate it under Network Admin → Plugins', $run['err'] );
		$this->assertStringContainsString( 'It was not activated.', $run['err'] );
		$this->assertSame( $before, $network->evaluate( self::STATE ), 'no option, event or active plugin was written' );
		$this->assertFalse( $network->evaluate( self::INSPECT )['active'] );
	}

	public function test_network_activation_is_accepted_and_boots_the_plugin_on_the_main_site(): void {
		$network = self::network();
		$network->evaluate( 'deactivate_plugins( "site-backups/site-backups.php", true ); deactivate_plugins( "site-backups/site-backups.php", true, true ); echo "{}";' );
		$this->assertFalse( (bool) $network->evaluate( 'echo wp_json_encode( array( "event" => wp_next_scheduled( "site_backups_daily_backup" ) ) );' )['event'] );

		$run = $network->wp( array( 'eval', '$result = activate_plugin( "site-backups/site-backups.php", "", true ); echo is_wp_error( $result ) ? $result->get_error_message() : "activated";' ) );
		$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
		$this->assertSame( 'activated', $run['out'] );
		$this->assertStringContainsString( 'site-backups/site-backups.php', wp_json_encode( $network->evaluate( self::STATE )['sitemeta'], JSON_UNESCAPED_SLASHES ), 'recorded as active network-wide' );

		$seen = $network->evaluate( self::INSPECT );
		$this->assertTrue( $seen['booted'], 'the main site runs the plugin' );
		$this->assertTrue( $seen['daily_event'], 'the activation scheduled the daily backup on the main site' );
		$this->assertContains( '/site-backups/v1/backups', $seen['routes'] );
		$this->assertSame( '', $seen['notice'] . $seen['network_notice'], 'no notice' );

		// Deactivated network-wide: the main site's events go.
		$network->evaluate( 'deactivate_plugins( "site-backups/site-backups.php", false, true ); echo "{}";' );
		$this->assertFalse( (bool) $network->evaluate( 'echo wp_json_encode( array( "event" => wp_next_scheduled( "site_backups_daily_backup" ) ) );' )['event'] );
	}

	public function test_the_refusal_page_of_the_admin_screen_has_a_way_back(): void {
		self::network()->evaluate( 'deactivate_plugins( "site-backups/site-backups.php", true ); deactivate_plugins( "site-backups/site-backups.php", true, true ); echo "{}";' );
		$run = self::network()->wp( array( 'eval', 'add_filter( "wp_die_handler", static fn () => "_default_wp_die_handler" ); add_filter( "wp_doing_ajax", "__return_false" ); activate_plugin( "site-backups/site-backups.php", "", false );' ) );
		$this->assertStringContainsString( '<title>Site Backups was not activated</title>', $run['out'] );
		$this->assertStringContainsString( self::REFUSAL, $run['out'] );
		$this->assertStringContainsString( 'javascript:history.back()', $run['out'], 'a link back' );
	}

	/**
	 * The plugin's own options, less the cron event list WP-CLI's run itself rewrites.
	 *
	 * @param array<string, mixed> $state A STATE snapshot.
	 * @return array<mixed>
	 */
	private function plugin_options( array $state ): array {
		return array_values( array_filter( (array) $state['options'], static fn ( $row ): bool => str_starts_with( (string) $row['option_name'], 'site_backups_' ) ) );
	}

	private static function network(): ThrowawayNetwork {
		self::assertNotNull( self::$network );
		return self::$network;
	}
}
