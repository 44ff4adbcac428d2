<?php
/**
 * What every Site Backups REST controller shares: the namespace, the
 * capability check, the id check and the answers to the application's
 * refusals and failures (never with a path of the store).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\Refused;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Jobs\StartedBy;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Plugin;
use SiteBackups\Support\Capability;
use SiteBackups\Support\Redactor;
use Throwable;
use WP_Error;
use WP_REST_Response;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Server;

/**
 * Every route needs the capability to manage the site's options (the
 * network's on multisite): backups hold the whole site, passwords included.
 */
abstract class Controller extends WP_REST_Controller {

	/** The resource's route below the namespace, e.g. "backups". */
	protected const REST_BASE = '';

	/** Every context a read-only field appears in. */
	protected const ALL_CONTEXTS = array( 'view', 'edit', 'embed' );

	/** The route of one item of the resource. */
	protected const ITEM_ROUTE = '/(?P<id>[^/]+)';

	/**
	 * Sets the namespace and the resource's base.
	 */
	public function __construct() {
		$this->namespace = Plugin::REST_NAMESPACE;
		$this->rest_base = static::REST_BASE;
	}

	/**
	 * Registers one route below the resource's base, described by the item schema.
	 *
	 * @param string                              $path      What follows the base: '' or e.g. self::ITEM_ROUTE.
	 * @param list<array<string, mixed>>          $endpoints One entry per method, as endpoint() builds them.
	 * @param array<string, array<string, mixed>> $args  Arguments shared by every method (the id).
	 */
	protected function add_route( string $path, array $endpoints, array $args = array() ): void {
		$route = $endpoints;
		if ( $args ) {
			$route['args'] = $args;
		}
		$route['schema'] = array( $this, 'get_public_item_schema' );
		register_rest_route( Plugin::REST_NAMESPACE, '/' . $this->rest_base . $path, $route );
	}

	/**
	 * The item schema, built once per controller from its properties.
	 *
	 * @param string   $title      The schema's title.
	 * @param callable $properties Builds the properties (an array).
	 * @param string[] $optional   Properties some answers leave out; the others are always sent,
	 *                             which the schema then says in its required list.
	 * @return array<string, mixed>
	 */
	protected function object_schema( string $title, callable $properties, array $optional = array() ): array {
		if ( ! $this->schema ) {
			$this->schema = array(
				'$schema'    => 'http://json-schema.org/draft-04/schema#',
				'title'      => $title,
				'type'       => 'object',
				'properties' => $properties(),
			);
			if ( $optional ) {
				$this->schema['required'] = array_values( array_diff( array_keys( $this->schema['properties'] ), $optional ) );
			}
		}
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * One method of a route: its callback and permission check on this controller.
	 *
	 * @param string                    $methods    WP_REST_Server method constant.
	 * @param string                    $callback   Method name of the handler.
	 * @param string                    $permission Method name of the permission check.
	 * @param array<string, mixed>|null $args       The method's arguments.
	 * @return array<string, mixed>
	 */
	protected function endpoint( string $methods, string $callback, string $permission, ?array $args = null ): array {
		$endpoint = array(
			'methods'             => $methods,
			'callback'            => array( $this, $callback ),
			'permission_callback' => array( $this, $permission ),
		);
		if ( null !== $args ) {
			$endpoint['args'] = $args;
		}
		return $endpoint;
	}

	/**
	 * GET of the collection, with its query parameters.
	 *
	 * @return array<string, mixed>
	 */
	protected function list_endpoint(): array {
		return $this->endpoint( WP_REST_Server::READABLE, 'get_items', 'get_items_permissions_check', $this->get_collection_params() );
	}

	/**
	 * GET of one item, in a context.
	 *
	 * @return array<string, mixed>
	 */
	protected function read_endpoint(): array {
		return $this->endpoint( WP_REST_Server::READABLE, 'get_item', 'get_item_permissions_check', array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) ) );
	}

	/**
	 * The id argument of an item route.
	 *
	 * @param string $description What an id looks like.
	 * @return array<string, array<string, mixed>>
	 */
	protected static function id_arg( string $description ): array {
		return array(
			'id' => array(
				'description' => $description,
				'type'        => 'string',
			),
		);
	}

	/**
	 * The capability every route (and every WP-CLI command) requires.
	 */
	public static function capability(): string {
		return Capability::required();
	}

	/**
	 * Whether the current user may manage backups.
	 *
	 * @return true|WP_Error
	 */
	public function check_permission() {
		if ( current_user_can( self::capability() ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage backups.', 'site-backups' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * Same rule for reading a collection.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for reading one item.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for creating.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function create_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for updating.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for deleting.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function delete_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * The id if it has the exact shape of a backup id, else the error.
	 *
	 * @param mixed $id What the client sent.
	 * @return string|WP_Error
	 */
	protected function checked_id( mixed $id ) {
		if ( ! SnapshotId::isValid( $id ) ) {
			return new WP_Error( 'site_backups_invalid_backup_id', __( 'That is not a valid backup id.', 'site-backups' ), array( 'status' => 400 ) );
		}
		return (string) $id;
	}

	/**
	 * An error for a failure of the store or the engine, without its paths.
	 *
	 * @param Throwable $error What went wrong.
	 */
	protected function store_error( Throwable $error ): WP_Error {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log keeps the full story.
		error_log( Redactor::for_log( 'Site Backups: ' . $error->getMessage() ) );
		return new WP_Error(
			'site_backups_store_error',
			/* translators: %s: the technical reason, without file paths. */
			sprintf( __( 'The backup store could not be read or written: %s', 'site-backups' ), Redactor::redact( $error->getMessage() ) ),
			array( 'status' => 500 )
		);
	}

	/**
	 * The answer to an application's refusal or failure: its own code with the status its kind
	 * calls for; anything unforeseen as a failure of the store, without its paths.
	 *
	 * @param Throwable $error What the application threw.
	 */
	protected function error_for( Throwable $error ): WP_Error {
		if ( $error instanceof Refused ) {
			$status = array(
				Refused::INVALID   => 400,
				Refused::NOT_FOUND => 404,
				Refused::CONFLICT  => 409,
			);
			return new WP_Error( $error->error_code, $error->getMessage(), array( 'status' => $status[ $error->kind ] ?? 400 ) );
		}
		if ( $error instanceof BackupNotVerified ) {
			return new WP_Error(
				'site_backups_backup_not_verified',
				$error->getMessage(),
				array(
					'status' => 409,
					'reason' => $error->reason,
				)
			);
		}
		if ( $error instanceof JobRefused ) {
			// The host lacks what the job needs: say so now rather than fail halfway.
			return new WP_Error(
				'site_backups_host_cannot_run',
				$error->getMessage(),
				array(
					'status' => 409,
					'reason' => $error->problem['code'],
				)
			);
		}
		return $this->store_error( $error );
	}

	/**
	 * Who asks, and through which door: WP-CLI (its commands call the routes in this process), the
	 * Backups screen (a login cookie, which WordPress accepts only with the REST nonce), or any
	 * other REST caller (an application password, another plugin's request).
	 */
	protected static function started_by(): StartedBy {
		global $wp_rest_auth_cookie;
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			$door = StartedBy::CLI;
		} elseif ( true === $wp_rest_auth_cookie ) {
			$door = StartedBy::SCREEN;
		} else {
			$door = StartedBy::REST;
		}
		return new StartedBy( get_current_user_id(), $door );
	}

	/**
	 * Starts a job: 202 with the job and its Location; 409 with the job that holds the slot, or
	 * with what this host lacks for the job; the starter's own refusals as error_for() says.
	 *
	 * @param callable(): Job $start    Starts the job (an application service).
	 * @param string          $conflict The message when another job runs.
	 * @return WP_REST_Response|WP_Error
	 */
	protected function start_job( callable $start, string $conflict ) {
		try {
			$job = $start();
		} catch ( JobConflict $running ) {
			return new WP_Error(
				'site_backups_job_running',
				// An off-site copy makes way for other jobs: it refuses only while it cannot stop at once.
				'offsite' === $running->running->kind() ? __( 'The off-site copy of the backups is finishing an upload and pauses after it. Try again in a minute.', 'site-backups' ) : $conflict,
				array(
					'status' => 409,
					'job'    => JobPresenter::data( $running->running ),
				)
			);
		} catch ( Throwable $error ) {
			return $this->error_for( $error );
		}
		$response = rest_ensure_response( JobPresenter::data( $job ) );
		$response->set_status( 202 );
		$response->header( 'Location', rest_url( sprintf( '%s/jobs/%s', $this->namespace, $job->id() ) ) );
		return $response;
	}
}
