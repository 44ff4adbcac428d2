<?php
/**
 * Keeps the plugin off multisite networks until it supports them.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Support;

use SiteBackups\Plugin;

/**
 * The sites of a network share one database and one WordPress folder: a backup "of a site" would
 * hold every site's tables, and restoring it would turn every site back. So on a network the
 * plugin is never activated, network-wide or on one site, and a copy that is active anyway
 * (activated before the site became a network) runs nothing: it says why in the admin and
 * registers no other hook.
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
	 * On a network: registers the guard's hooks instead of the plugin's and returns true, so the
	 * main file stops there. Elsewhere: does nothing and returns false.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public static function holds_back( string $plugin_file ): bool {
		if ( ! is_multisite() ) {
			return false;
		}
		( new self( $plugin_file ) )->register();
		return true;
	}

	/**
	 * The refusal on activation, the notice, and the clean-up on deactivation (a copy activated
	 * before the conversion left its WP-Cron events behind).
	 */
	public function register(): void {
		register_activation_hook( $this->plugin_file, array( $this, 'refuse_activation' ) );
		register_deactivation_hook( $this->plugin_file, array( Plugin::class, 'deactivate' ) );
		add_action( 'admin_notices', array( $this, 'show_notice' ) );
		add_action( 'network_admin_notices', array( $this, 'show_notice' ) );
	}

	/**
	 * Stops the activation before WordPress records the plugin as active; the admin screen shows
	 * the message with a link back, WP-CLI and REST report it as an error.
	 *
	 * @param bool $network_wide Whether the plugin is being activated for the whole network.
	 */
	public function refuse_activation( bool $network_wide = false ): void {
		$message = $network_wide
			? __( 'Site Backups does not support multisite networks yet: it would back up and restore the database that all the sites of the network share, so restoring one site would turn every site back. It was not activated.', 'site-backups' )
			: __( 'Site Backups does not support multisite networks yet, not even on one site of a network: it would back up and restore the database that all the sites of the network share, so restoring this site would turn every site back. It was not activated.', 'site-backups' );
		wp_die(
			esc_html( $message ),
			esc_html__( 'Site Backups was not activated', 'site-backups' ),
			array( 'back_link' => true )
		);
	}

	/**
	 * Tells administrators why a copy that is active on a network does nothing.
	 */
	public function show_notice(): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		wp_admin_notice(
			esc_html__( 'Site Backups is not running: it does not support multisite networks yet, and on a network it would back up and restore the database that all the sites share. No backups are being made. Deactivate it.', 'site-backups' ),
			array( 'type' => 'error' )
		);
	}
}
