<?php
/**
 * What every Site Backups REST controller shares: the namespace, the routes'
 * shape, the capability check and the id check. The answers to the application's
 * refusals are ErrorResponse's; a started job's, JobStart's.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Support\Capability;
use WP_Error;
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
		$this->namespace = RestApi::NAMESPACE;
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
		register_rest_route( RestApi::NAMESPACE, '/' . $this->rest_base . $path, $route );
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
	 * Whether the current user may manage backups.
	 *
	 * @return true|WP_Error
	 */
	public function check_permission() {
		if ( current_user_can( Capability::required() ) ) {
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
}
