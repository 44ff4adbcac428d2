<?php
/**
 * The plugin's REST API: registers one controller per resource.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use Closure;

/**
 * Routes under site-backups/v1: environments, backups, jobs, settings. The controllers are
 * built when WordPress builds its REST server, so a request that serves no REST route builds none.
 */
final class RestApi {

	/** The namespace every route of the plugin is registered under. */
	public const NAMESPACE = 'site-backups/v1';

	/**
	 * Sets up the API; nothing is registered yet.
	 *
	 * @param Closure(): list<Controller> $controllers Builds one controller per resource (the composition root's).
	 */
	public function __construct( private readonly Closure $controllers ) { // phpcs:ignore Squiz.Commenting.FunctionComment.IncorrectTypeHint -- the closure's signature is documented for PHPStan.
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
		foreach ( ( $this->controllers )() as $controller ) {
			$controller->register_routes();
		}
	}
}
