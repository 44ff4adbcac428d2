<?php
/**
 * REST resource: this site's recovery key (/settings/recovery-key).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\RecoveryKeySetup;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET says where the key comes from and whether an administrator has seen it; POST sets the key
 * of the server that made the bucket's backups (a new server); POST /reveal answers the key itself
 * once, then 409. A key the host set in wp-config.php is neither changed nor shown here (409).
 */
final class RecoveryKeyController extends Controller {

	protected const REST_BASE = 'settings/recovery-key';

	/**
	 * Sets up the routes' work.
	 *
	 * @param RecoveryKeySetup $keys Sets and shows the key.
	 */
	public function __construct( private readonly RecoveryKeySetup $keys ) {
		parent::__construct();
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$this->add_route(
			'',
			array(
				$this->endpoint( WP_REST_Server::READABLE, 'get_item', 'get_item_permissions_check' ),
				$this->endpoint(
					WP_REST_Server::CREATABLE,
					'update_item',
					'update_item_permissions_check',
					array(
						'key' => array(
							'description'       => __( 'The recovery key of the server that made the backups: 32 bytes, base64-encoded. Never returned.', 'site-backups' ),
							'type'              => 'string',
							'pattern'           => '^\s*[A-Za-z0-9+/]{43}=\s*$',
							'maxLength'         => 100,
							'required'          => true,
							'validate_callback' => 'rest_validate_request_arg',
						),
					)
				),
			)
		);
		$this->add_route(
			'/reveal',
			array( $this->endpoint( WP_REST_Server::CREATABLE, 'reveal', 'update_item_permissions_check', array() ) )
		);
	}

	/**
	 * Where the key comes from, and whether it was shown.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		try {
			return rest_ensure_response( $this->keys->status() );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
	}

	/**
	 * Sets the key; the backups here are signed with it at the next copy, which starts now.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		try {
			$this->keys->set( (string) $request['key'] );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		return $this->get_item( $request );
	}

	/**
	 * The key, the first time only.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function reveal( $request ) {
		try {
			$key = $this->keys->reveal();
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		$response = rest_ensure_response( array( 'key' => $key ) + $this->keys->status() );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * The answers' schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema(
			'site-backups-recovery-key',
			static fn (): array => array(
				'source' => array(
					'description' => __( 'Where the key comes from: wp-config (set by the host), saved (kept in the backup store), or none yet (made at the first off-site copy).', 'site-backups' ),
					'type'        => 'string',
					'enum'        => array( 'wp-config', 'saved', 'none' ),
					'context'     => self::ALL_CONTEXTS,
					'readonly'    => true,
				),
				'shown'  => array(
					'description' => __( 'Whether an administrator has the key: it was shown once, typed in, or set by the host.', 'site-backups' ),
					'type'        => 'boolean',
					'context'     => self::ALL_CONTEXTS,
					'readonly'    => true,
				),
				'key'    => array(
					'description' => __( 'The key itself, base64: only in the answer to the one reveal.', 'site-backups' ),
					'type'        => 'string',
					'context'     => array( 'edit' ),
					'readonly'    => true,
				),
			)
		);
	}
}
