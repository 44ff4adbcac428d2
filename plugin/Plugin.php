<?php
/**
 * The plugin's composition root: builds the parts and registers their hooks.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups;

use SiteBackups\Admin\AdminPage;

/**
 * Wires WordPress hooks to the plugin's parts. Constructors have no side
 * effects; everything happens in register().
 */
final class Plugin {

	public const REST_NAMESPACE = 'site-backups/v1';
	public const TEXT_DOMAIN    = 'site-backups';

	private static ?Plugin $instance = null;

	public function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * Creates the single instance and registers its hooks, once.
	 */
	public static function boot( string $plugin_file ): self {
		if ( null === self::$instance ) {
			self::$instance = new self( $plugin_file );
			self::$instance->register();
		}
		return self::$instance;
	}

	public function register(): void {
		( new AdminPage( $this->plugin_file ) )->register();
	}

	public function plugin_file(): string {
		return $this->plugin_file;
	}
}
