<?php
/**
 * The plugin's REST API: registers one controller per resource.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Plugin;

/**
 * Routes under site-backups/v1: environments, backups, jobs, settings.
 */
final class RestApi {

	/**
	 * Sets up the API; nothing is registered yet.
	 *
	 * @param Plugin $plugin The composition root.
	 */
	public function __construct( private readonly Plugin $plugin ) {
	}

	/**
	 * Registers the routes when WordPress builds its REST server.
	 */
	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	/**
	 * Registers every controller's routes.
	 */
	public function register_routes(): void {
		foreach ( $this->controllers() as $controller ) {
			$controller->register_routes();
		}
	}

	/**
	 * One controller per resource.
	 *
	 * @return list<Controller>
	 */
	public function controllers(): array {
		return array(
			new EnvironmentsController( $this->plugin ),
			new BackupsController( $this->plugin ),
			new RestoreController( $this->plugin ),
			new DownloadController( $this->plugin ),
			new FetchController( $this->plugin ),
			new JobsController( $this->plugin ),
			new SettingsController( $this->plugin ),
			new OffsiteSettingsController( $this->plugin ),
			new RecoveryKeyController( $this->plugin ),
		);
	}
}
