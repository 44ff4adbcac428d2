<?php
/**
 * Tools → Backups (Network Admin → Settings → Backups on a network): the page that mounts the
 * admin screen.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Admin;

use SiteBackups\Engine\Environment;
use SiteBackups\Support\Capability;

/**
 * Registers the Backups page and loads the built screen on it only. On a multisite network the
 * page is the network's, under Network Admin → Settings: the network admin has no Tools menu, the
 * network's own settings and network-wide plugins' pages sit under Settings, and a backup holds
 * every site, so no site's own Tools menu offers it.
 */
final class AdminPage {

	public const SLUG           = 'site-backups';
	public const CAPABILITY     = 'manage_options';
	public const SCRIPT         = 'site-backups-admin';
	public const NETWORK_PARENT = 'settings.php';

	/**
	 * Keeps the main file's path; registers nothing yet.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * Hooks the page into the admin menu.
	 */
	public function register(): void {
		if ( is_multisite() ) {
			add_action( 'network_admin_menu', array( $this, 'add_network_page' ) );
			add_filter( 'network_admin_plugin_action_links_' . plugin_basename( $this->plugin_file ), array( $this, 'add_action_link' ) );
			return;
		}
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( $this->plugin_file ), array( $this, 'add_action_link' ) );
	}

	/**
	 * Puts a "Backups" link first on the plugin's row of the Plugins screen, for users who may
	 * open the page.
	 *
	 * @param mixed $links The row's action links.
	 * @return mixed
	 */
	public function add_action_link( $links ) {
		if ( ! is_array( $links ) || ! current_user_can( Capability::required() ) ) {
			return $links;
		}
		$link = sprintf( '<a href="%s">%s</a>', esc_url( self::url() ), esc_html__( 'Backups', 'site-backups' ) );
		return array( 'site-backups' => $link ) + $links;
	}

	/**
	 * Where the page is: for links in emails, Site Health and notices.
	 */
	public static function url(): string {
		return is_multisite()
			? network_admin_url( self::NETWORK_PARENT . '?page=' . self::SLUG )
			: admin_url( 'tools.php?page=' . self::SLUG );
	}

	/**
	 * Adds Tools → Backups for users with the capability.
	 */
	public function add_page(): void {
		$hook = add_management_page(
			__( 'Backups', 'site-backups' ),
			__( 'Backups', 'site-backups' ),
			self::CAPABILITY,
			self::SLUG,
			array( $this, 'render' )
		);
		if ( $hook ) {
			add_action( 'load-' . $hook, array( $this, 'enqueue_assets_on_load' ) );
		}
	}

	/**
	 * Adds Network Admin → Settings → Backups for network administrators.
	 */
	public function add_network_page(): void {
		$hook = add_submenu_page(
			self::NETWORK_PARENT,
			__( 'Backups', 'site-backups' ),
			__( 'Backups', 'site-backups' ),
			Capability::required(),
			self::SLUG,
			array( $this, 'render' )
		);
		if ( $hook ) {
			add_action( 'load-' . $hook, array( $this, 'enqueue_assets_on_load' ) );
		}
	}

	/**
	 * Loads the screen's assets on this page only.
	 */
	public function enqueue_assets_on_load(): void {
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue_assets' ) );
	}

	/**
	 * Enqueues the built screen with the dependencies the build recorded.
	 */
	public function enqueue_assets(): void {
		$build      = plugin_dir_path( $this->plugin_file ) . 'build/';
		$asset_file = $build . 'index.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			add_action( 'admin_notices', array( $this, 'render_missing_build_notice' ) );
			return;
		}
		$asset = require $asset_file;
		$url   = plugin_dir_url( $this->plugin_file ) . 'build/';
		wp_enqueue_script( self::SCRIPT, $url . 'index.js', $asset['dependencies'], $asset['version'], true );
		wp_add_inline_script( self::SCRIPT, 'window.siteBackupsAdmin = ' . wp_json_encode( $this->script_data() ) . ';', 'before' );
		wp_set_script_translations( self::SCRIPT, 'site-backups', plugin_dir_path( $this->plugin_file ) . 'languages' );
		if ( is_readable( $build . 'style-index.css' ) ) {
			wp_enqueue_style( self::SCRIPT, $url . 'style-index.css', array(), $asset['version'] );
		}
	}

	/**
	 * What the screen needs from the server besides the REST API: where the
	 * API is and a nonce for the download links the browser follows itself,
	 * the login page for an admin logged out by a restore of this site,
	 * which environment this site is, the site's time zone and date and
	 * time formats, in which the screen shows every moment, and its title.
	 *
	 * @return array{restRoot: string, restNonce: string, loginUrl: string, currentEnvironment: string, timezone: string, dateFormat: string, timeFormat: string, siteName: string}
	 */
	public function script_data(): array {
		return array(
			// On a network, the main site's REST API: the routes answer there only.
			'restRoot'           => esc_url_raw( get_rest_url( is_multisite() ? get_main_site_id() : null ) ),
			'restNonce'          => wp_create_nonce( 'wp_rest' ),
			'loginUrl'           => wp_login_url(),
			'currentEnvironment' => $this->current_environment(),
			'timezone'           => wp_timezone_string(),
			'dateFormat'         => (string) get_option( 'date_format' ),
			'timeFormat'         => (string) get_option( 'time_format' ),
			// Typed to confirm a restore over the live site; stored with its entities encoded.
			'siteName'           => wp_specialchars_decode( (string) get_bloginfo( 'name' ), ENT_QUOTES ),
		);
	}

	/**
	 * The environment this screen runs on. A staging site is told apart by
	 * its environment type, as the daily schedule tells it apart; the
	 * SITE_BACKUPS_STAGING constant is not a sign of staging: production
	 * declares its staging copy with it.
	 */
	private function current_environment(): string {
		return 'staging' === wp_get_environment_type() ? Environment::STAGING : Environment::PRODUCTION;
	}

	/**
	 * Prints the element the screen mounts into.
	 */
	public function render(): void {
		echo '<div class="wrap"><div id="site-backups-root"><h1>' . esc_html__( 'Backups', 'site-backups' ) . '</h1></div></div>';
	}

	/**
	 * Says how to build the screen when build/ is missing.
	 */
	public function render_missing_build_notice(): void {
		printf(
			'<div class="notice notice-error"><p>%s</p></div>',
			esc_html__( 'The Backups screen has not been built. Run "npm run build" in the plugin folder, or install the plugin from its release zip.', 'site-backups' )
		);
	}
}
