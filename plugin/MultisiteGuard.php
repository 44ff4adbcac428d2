<?php
/**
 * How the plugin runs on a multisite network: network-activated, on the main site only.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups;

use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Support\MainSite;

/**
 * The sites of a network share one database and one WordPress folder, so a backup holds the whole
 * network and restoring it turns every site back: that is for a network administrator only.
 * - Activation on one site of a network is refused; network activation is accepted.
 * - Network-activated, the plugin boots on the main site only, where its options, WP-Cron events,
 *   REST routes, jobs and screen (Network Admin) live; on the other sites it registers nothing.
 * - A copy active on one site only (activated before the site became a network) runs nothing: it
 *   says why in the admin.
 */
final class MultisiteGuard {

	/**
	 * Keeps the main file's path; registers nothing yet.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * On a network: registers the guard's hooks and returns true unless this is the main site of a
	 * network where the plugin is network-active, so that the main file stops there. Elsewhere:
	 * does nothing and returns false.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public static function holds_back( string $plugin_file ): bool {
		if ( ! is_multisite() ) {
			return false;
		}
		$guard = new self( $plugin_file );
		$guard->register();
		return ! ( $guard->network_active() && is_main_site() );
	}

	/**
	 * The activation rule, the clean-up on deactivation, and the notice of a copy active on one site.
	 */
	public function register(): void {
		register_activation_hook( $this->plugin_file, array( $this, 'activate' ) );
		register_deactivation_hook( $this->plugin_file, array( $this, 'deactivate' ) );
		if ( ! $this->network_active() && $this->active_on_this_site() ) {
			add_action( 'admin_notices', array( $this, 'show_notice' ) );
			add_action( 'network_admin_notices', array( $this, 'show_notice' ) );
		}
	}

	/**
	 * Network-wide: schedules the daily backup on the main site, whichever site WordPress activates
	 * it from. On one site: refuses.
	 *
	 * @param bool $network_wide Whether the plugin is being activated for the whole network.
	 */
	public function activate( bool $network_wide = false ): void {
		if ( ! $network_wide ) {
			$this->refuse_activation();
			return;
		}
		// Activating only schedules: the event's handler is the plugin booted on the main site.
		MainSite::run( static fn () => ( new DailySchedule( static function (): void {} ) )->activate() );
	}

	/**
	 * Clears the plugin's WP-Cron events: the main site's when it is deactivated network-wide, this
	 * site's when a copy active here only is deactivated. The backups themselves are kept.
	 *
	 * @param bool $network_wide Whether the plugin is being deactivated for the whole network.
	 */
	public function deactivate( bool $network_wide = false ): void {
		if ( $network_wide ) {
			MainSite::run( array( Plugin::class, 'deactivate' ) );
			return;
		}
		Plugin::deactivate();
	}

	/**
	 * Stops an activation on one site before WordPress records the plugin as active there; the
	 * admin screen shows the message with a link back, WP-CLI and REST report it as an error.
	 */
	public function refuse_activation(): void {
		wp_die(
			esc_html__( 'Site Backups cannot be activated on one site of a multisite network: its backups hold the database and files that all the sites of the network share, so restoring one would turn every site back, which is not for the administrator of one site to do. A network administrator can network-activate it under Network Admin → Plugins; it then runs on the main site and backs up the whole network. It was not activated.', 'site-backups' ),
			esc_html__( 'Site Backups was not activated', 'site-backups' ),
			array( 'back_link' => true )
		);
	}

	/**
	 * Tells administrators why a copy that is active on one site of a network does nothing.
	 */
	public function show_notice(): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		wp_admin_notice(
			esc_html__( 'Site Backups is not running: on a multisite network it runs only when a network administrator network-activates it, because its backups hold the database and files that all the sites share. No backups are being made. Deactivate it here, then network-activate it under Network Admin → Plugins.', 'site-backups' ),
			array( 'type' => 'error' )
		);
	}

	/**
	 * Whether the plugin is active for the whole network.
	 */
	public function network_active(): bool {
		$plugins = get_site_option( 'active_sitewide_plugins', array() );
		return is_array( $plugins ) && isset( $plugins[ plugin_basename( $this->plugin_file ) ] );
	}

	/**
	 * Whether the plugin is active on the current site by itself.
	 */
	private function active_on_this_site(): bool {
		return in_array( plugin_basename( $this->plugin_file ), (array) get_option( 'active_plugins', array() ), true );
	}
}
