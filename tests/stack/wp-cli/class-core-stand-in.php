<?php
/**
 * `wp core` stand-in: install, multisite-install, is-installed, version.
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
	 * Installs WordPress as a multisite network, as `wp core multisite-install` does: the main
	 * site (unless it is installed already), the network's tables (install_network(),
	 * populate_network()) and the network's constants, added to wp-config.php above the line
	 * "That's all, stop editing!". The network's domain is the one of --url.
	 *
	 * ## OPTIONS
	 *
	 * --title=<title>
	 * : The network's title, and the main site's.
	 *
	 * --admin_user=<login>
	 * : The network administrator's login.
	 *
	 * --admin_password=<password>
	 * : The network administrator's password.
	 *
	 * --admin_email=<email>
	 * : The network administrator's email address.
	 *
	 * [--base=<path>]
	 * : The network's path.
	 * ---
	 * default: /
	 * ---
	 *
	 * [--subdomains]
	 * : Sites are subdomains rather than subdirectories.
	 *
	 * @subcommand multisite-install
	 * @param array<int, string>         $args       Positional arguments (none).
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function multisite_install( array $args, array $assoc_args ): void {
		$this->install( $args, array_map( 'strval', $assoc_args ) );
		if ( is_multisite() ) {
			WP_CLI::success( 'The network is already installed.' );
			return;
		}
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		foreach ( $wpdb->tables( 'ms_global' ) as $table => $prefixed ) {
			$wpdb->$table = $prefixed;
		}
		install_network();
		$url        = wp_parse_url( (string) get_option( 'siteurl' ) );
		$domain     = $url['host'] . ( isset( $url['port'] ) ? ':' . $url['port'] : '' );
		$base       = '/' . trim( (string) ( $assoc_args['base'] ?? '/' ), '/' ) . '/';
		$base       = '//' === $base ? '/' : $base;
		$subdomains = (bool) WP_CLI\Utils\get_flag_value( $assoc_args, 'subdomains', false );
		$result     = populate_network( 1, $domain, (string) $assoc_args['admin_email'], (string) $assoc_args['title'], $base, $subdomains );
		if ( true !== $result && ! ( is_wp_error( $result ) && 'no_wildcard_dns' === $result->get_error_code() ) ) {
			WP_CLI::error( is_wp_error( $result ) ? $result->get_error_message() : 'The network could not be set up.' );
		}
		self::add_network_constants( $domain, $base, $subdomains );
		WP_CLI::success( 'Network installed.' );
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
	 * Writes the network's constants into wp-config.php, above "That's all, stop editing!".
	 *
	 * @param string $domain     The network's domain.
	 * @param string $base       The network's path.
	 * @param bool   $subdomains Whether sites are subdomains.
	 */
	private static function add_network_constants( string $domain, string $base, bool $subdomains ): void {
		$config = is_file( ABSPATH . 'wp-config.php' ) ? ABSPATH . 'wp-config.php' : dirname( ABSPATH ) . '/wp-config.php';
		$text   = (string) file_get_contents( $config ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- WP-CLI edits wp-config.php itself, as the real command does.
		$anchor = "/* That's all, stop editing!";
		if ( ! str_contains( $text, $anchor ) ) {
			WP_CLI::error( "wp-config.php has no \"That's all, stop editing!\" line to add the network's constants above." );
		}
		$constants = array(
			'WP_ALLOW_MULTISITE'   => true,
			'MULTISITE'            => true,
			'SUBDOMAIN_INSTALL'    => $subdomains,
			'DOMAIN_CURRENT_SITE'  => $domain,
			'PATH_CURRENT_SITE'    => $base,
			'SITE_ID_CURRENT_SITE' => 1,
			'BLOG_ID_CURRENT_SITE' => 1,
		);
		$lines     = '';
		foreach ( $constants as $name => $value ) {
			$lines .= sprintf( "define( %s, %s );\n", var_export( $name, true ), var_export( $value, true ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- writes PHP.
		}
		$at = strpos( $text, $anchor );
		file_put_contents( $config, substr( $text, 0, (int) $at ) . $lines . substr( $text, (int) $at ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- WP-CLI edits wp-config.php itself, as the real command does.
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
