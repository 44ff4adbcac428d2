<?php
/**
 * `wp core` stand-in: install, is-installed, version.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

/**
 * Installs WordPress and reports on it.
 */
final class Site_Backups_Core_Stand_In extends WP_CLI_Command {

	/**
	 * Runs the standard WordPress installation.
	 *
	 * ## OPTIONS
	 *
	 * --title=<title>
	 * : The site title.
	 *
	 * --admin_user=<login>
	 * : The administrator's login.
	 *
	 * --admin_password=<password>
	 * : The administrator's password.
	 *
	 * --admin_email=<email>
	 * : The administrator's email address.
	 *
	 * @param array<int, string>    $args       Positional arguments (none).
	 * @param array<string, string> $assoc_args Options.
	 */
	public function install( array $args, array $assoc_args ): void {
		self::load_for_install();
		if ( is_blog_installed() ) {
			WP_CLI::success( 'WordPress is already installed.' );
			return;
		}
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$result = wp_install(
			$assoc_args['title'],
			$assoc_args['admin_user'],
			$assoc_args['admin_email'],
			true,
			'',
			$assoc_args['admin_password']
		);
		if ( empty( $result['user_id'] ) ) {
			WP_CLI::error( 'WordPress could not be installed.' );
		}
		WP_CLI::success( 'WordPress installed successfully.' );
	}

	/**
	 * Exits with 0 when WordPress is installed, 1 otherwise.
	 *
	 * @subcommand is-installed
	 */
	public function is_installed(): void {
		self::load_for_install();
		WP_CLI::halt( is_blog_installed() ? 0 : 1 );
	}

	/**
	 * Prints the WordPress version.
	 */
	public function version(): void {
		$wp_version = '';
		require ABSPATH . 'wp-includes/version.php';
		WP_CLI::line( $wp_version );
	}

	/**
	 * Loads WordPress the way its installer does, so a missing database
	 * schema is not treated as a fatal error.
	 */
	private static function load_for_install(): void {
		if ( ! defined( 'WP_INSTALLING' ) ) {
			define( 'WP_INSTALLING', true );
		}
		WP_CLI::get_runner()->load_wordpress();
	}
}
