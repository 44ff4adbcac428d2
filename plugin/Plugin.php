<?php
/**
 * The plugin's composition root: builds the parts and registers their hooks.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups;

use SiteBackups\Admin\AdminPage;
use SiteBackups\Schedule\DailySchedule;

/**
 * Wires WordPress hooks to the plugin's parts. Constructors have no side
 * effects; everything happens in register().
 */
final class Plugin {

	public const REST_NAMESPACE = 'site-backups/v1';
	public const TEXT_DOMAIN    = 'site-backups';

	/**
	 * The instance booted by the main plugin file.
	 *
	 * @var Plugin|null
	 */
	private static ?Plugin $instance = null;

	/**
	 * Keeps the main file's path; registers nothing yet.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * Creates the single instance and registers its hooks, once.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public static function boot( string $plugin_file ): self {
		if ( null === self::$instance ) {
			self::$instance = new self( $plugin_file );
			self::$instance->register();
		}
		return self::$instance;
	}

	/**
	 * Registers every part's hooks.
	 */
	public function register(): void {
		( new AdminPage( $this->plugin_file ) )->register();

		$schedule = $this->daily_schedule();
		$schedule->register();
		register_activation_hook( $this->plugin_file, array( $schedule, 'activate' ) );
		register_deactivation_hook( $this->plugin_file, array( DailySchedule::class, 'deactivate' ) );
		register_uninstall_hook( $this->plugin_file, array( DailySchedule::class, 'deactivate' ) );
	}

	/**
	 * The daily production schedule. When it fires on production it
	 * announces that the scheduled backup is due; the job runner starts it.
	 */
	public function daily_schedule(): DailySchedule {
		return new DailySchedule(
			static function (): void {
				/**
				 * Fires when the daily automatic backup of production is due.
				 */
				do_action( 'site_backups_scheduled_backup_due' );
			}
		);
	}

	/**
	 * Absolute path of the main plugin file.
	 */
	public function plugin_file(): string {
		return $this->plugin_file;
	}
}
