<?php
/**
 * `wp plugin` stand-in: list, activate, deactivate, is-active.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

use WP_CLI\Utils;

/**
 * Lists, activates and deactivates plugins.
 */
final class Site_Backups_Plugin_Stand_In extends WP_CLI_Command {

	/**
	 * Lists installed plugins.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table, csv, json, yaml or count.
	 * ---
	 * default: table
	 * ---
	 *
	 * @subcommand list
	 * @param array<int, string>    $args       Positional arguments (none).
	 * @param array<string, string> $assoc_args Options.
	 */
	public function list_( array $args, array $assoc_args ): void {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$items = array();
		foreach ( get_plugins() as $file => $data ) {
			$items[] = array(
				'name'    => self::slug( $file ),
				'status'  => is_multisite() && is_plugin_active_for_network( $file ) ? 'active-network' : ( is_plugin_active( $file ) ? 'active' : 'inactive' ),
				'version' => $data['Version'],
				'file'    => $file,
			);
		}
		Utils\format_items( $assoc_args['format'] ?? 'table', $items, array( 'name', 'status', 'version', 'file' ) );
	}

	/**
	 * Activates plugins, running their activation hooks.
	 *
	 * ## OPTIONS
	 *
	 * <plugin>...
	 * : Plugin slugs.
	 *
	 * [--network]
	 * : Activate for the whole multisite network.
	 *
	 * @param array<int, string>         $args       Plugin slugs.
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function activate( array $args, array $assoc_args = array() ): void {
		$network = (bool) Utils\get_flag_value( $assoc_args, 'network', false );
		foreach ( $args as $slug ) {
			$file = self::file( $slug );
			if ( $network ? is_plugin_active_for_network( $file ) : is_plugin_active( $file ) ) {
				WP_CLI::log( "Plugin '$slug' is already active." );
				continue;
			}
			$result = activate_plugin( $file, '', $network, false );
			if ( is_wp_error( $result ) ) {
				WP_CLI::error( $result->get_error_message() );
			}
			WP_CLI::success( $network ? "Plugin '$slug' network activated." : "Plugin '$slug' activated." );
		}
	}

	/**
	 * Deactivates plugins, running their deactivation hooks.
	 *
	 * ## OPTIONS
	 *
	 * <plugin>...
	 * : Plugin slugs.
	 *
	 * [--network]
	 * : Deactivate for the whole multisite network.
	 *
	 * @param array<int, string>         $args       Plugin slugs.
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function deactivate( array $args, array $assoc_args = array() ): void {
		$network = (bool) Utils\get_flag_value( $assoc_args, 'network', false );
		foreach ( $args as $slug ) {
			deactivate_plugins( self::file( $slug ), false, $network );
			WP_CLI::success( "Plugin '$slug' deactivated." );
		}
	}

	/**
	 * Exits with 0 when the plugin is active, 1 otherwise.
	 *
	 * ## OPTIONS
	 *
	 * <plugin>
	 * : Plugin slug.
	 *
	 * @subcommand is-active
	 * @param array<int, string> $args Plugin slug.
	 */
	public function is_active( array $args ): void {
		WP_CLI::halt( is_plugin_active( self::file( $args[0] ) ) ? 0 : 1 );
	}

	/**
	 * The slug WP-CLI shows for a plugin file: its folder, or its file name.
	 *
	 * @param string $file Plugin file relative to the plugins folder.
	 */
	private static function slug( string $file ): string {
		return false === strpos( $file, '/' ) ? basename( $file, '.php' ) : dirname( $file );
	}

	/**
	 * The plugin file for a slug; stops with an error when there is none.
	 *
	 * @param string $slug Plugin slug.
	 */
	private static function file( string $slug ): string {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		foreach ( array_keys( get_plugins() ) as $file ) {
			if ( self::slug( $file ) === $slug ) {
				return $file;
			}
		}
		WP_CLI::error( "The '$slug' plugin could not be found." );
	}
}
