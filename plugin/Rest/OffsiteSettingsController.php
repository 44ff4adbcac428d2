<?php
/**
 * REST resource: the off-site settings an administrator sets (/settings/offsite).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\OffsiteSetup;
use SiteBackups\Offsite\OffsiteSummary;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * POST saves the settings once the bucket answers with them (and its copies, if any, were made
 * with the same key); DELETE turns copies off, leaving the bucket as it is. The host's settings
 * in wp-config.php win: then both answer 409. Answers are the off-site summary: never a secret.
 */
final class OffsiteSettingsController extends Controller {

	protected const REST_BASE = 'settings/offsite';

	/**
	 * Sets up the route's work.
	 *
	 * @param OffsiteSetup $setup Tries, saves and turns off the settings.
	 */
	public function __construct( private readonly OffsiteSetup $setup ) {
		parent::__construct();
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->add_route(
			'',
			array(
				$this->endpoint( WP_REST_Server::READABLE, 'get_item', 'get_item_permissions_check' ),
				$this->endpoint( WP_REST_Server::CREATABLE, 'update_item', 'update_item_permissions_check', $this->settings_args() ),
				$this->endpoint( WP_REST_Server::DELETABLE, 'delete_item', 'delete_item_permissions_check' ),
			)
		);
	}

	/**
	 * The summary.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( $this->setup->summary() );
	}

	/**
	 * Tries the settings on the bucket, then saves them.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		try {
			$this->setup->save(
				array(
					'endpoint'        => (string) $request['endpoint'],
					'region'          => (string) $request['region'],
					'bucket'          => (string) $request['bucket'],
					'prefix'          => (string) $request['prefix'],
					'keep_local_days' => null === $request['keep_local_days'] ? null : (int) $request['keep_local_days'],
					'access_key'      => (string) $request['access_key'],
					'secret'          => (string) $request['secret'],
					'encryption_key'  => (string) $request['encryption_key'],
				)
			);
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		return $this->get_item( $request );
	}

	/**
	 * Turns the administrator's off-site copies off; the bucket keeps what it holds.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		try {
			$this->setup->turn_off();
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		return $this->get_item( $request );
	}

	/**
	 * What POST accepts. Empty credentials keep the saved ones.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function settings_args(): array {
		// A required one has no default: WordPress checks defaults against the pattern too.
		$text = static fn ( string $description, int $max, bool $required = false, string $default = '' ): array => array(
			'description'       => $description,
			'type'              => 'string',
			'maxLength'         => $max,
			'required'          => $required,
			'validate_callback' => 'rest_validate_request_arg',
		) + ( $required ? array() : array( 'default' => $default ) );
		return array(
			'endpoint'        => array(
				'format'  => 'uri',
				'pattern' => '^https?://[^\s/?#]+(/[^\s?#]*)?$',
			) + $text( __( 'The S3-compatible endpoint, such as https://s3.eu-central-1.amazonaws.com.', 'site-backups' ), 500, true ),
			'region'          => array( 'pattern' => '^[a-z0-9-]+$' ) + $text( __( 'The region (us-east-1 when the service has none).', 'site-backups' ), 64, false, 'us-east-1' ),
			'bucket'          => array( 'pattern' => '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' ) + $text( __( 'The bucket.', 'site-backups' ), 63, true ),
			'prefix'          => array( 'pattern' => '^(?!.*\.\.)[A-Za-z0-9._/-]*$' ) + $text( __( 'The folder in the bucket; empty for this site\'s host name, so several sites can share a bucket.', 'site-backups' ), 200 ),
			'access_key'      => $text( __( 'The access key; empty to keep the saved one.', 'site-backups' ), 256 ),
			'secret'          => $text( __( 'The secret key; empty to keep the saved one. Never returned.', 'site-backups' ), 256 ),
			'encryption_key'  => $text( __( 'Optional: 32 random bytes, base64-encoded, to encrypt copies before they leave the server; empty to keep the saved one. Never returned.', 'site-backups' ), 128 ),
			'keep_local_days' => array(
				'description'       => __( 'Days to keep backups on this server once they are off-site (the bucket keeps the plan\'s retention); null for the plan\'s.', 'site-backups' ),
				'type'              => array( 'integer', 'null' ),
				'minimum'           => 1,
				'maximum'           => 3650,
				'default'           => null,
				'validate_callback' => 'rest_validate_request_arg',
			),
		);
	}

	/**
	 * The answer's schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema(
			'site-backups-offsite',
			static fn (): array => (array) OffsiteSummary::schema()['properties']
		);
	}
}
