<?php
/**
 * REST resource: the off-site settings an administrator sets (/settings/offsite).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Support\Redactor;
use SiteBackups\Backups\StoreDirectory;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\OffsiteStatus;
use SiteBackups\Offsite\OffsiteSummary;
use SiteBackups\Offsite\SavedOffsiteSettings;
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

	/** The credentials, kept as saved when sent empty. */
	private const SECRETS = array( 'access_key', 'secret', 'encryption_key' );

	protected const REST_BASE = 'settings/offsite';

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
		return rest_ensure_response( ( new OffsiteSummary( $this->plugin->offsite() ) )->data() );
	}

	/**
	 * Tries the settings on the bucket, then saves them.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		if ( $this->plugin->offsite()->settings()->is_set_by_host() ) {
			return self::set_by_host();
		}
		$saved    = self::saved();
		$earlier  = $saved->load();
		$settings = array(
			'endpoint'        => untrailingslashit( (string) $request['endpoint'] ),
			'region'          => (string) $request['region'],
			'bucket'          => (string) $request['bucket'],
			'prefix'          => trim( (string) $request['prefix'], '/' ),
			'keep_local_days' => null === $request['keep_local_days'] ? null : (int) $request['keep_local_days'],
		);
		foreach ( self::SECRETS as $name ) {
			$given             = trim( (string) $request[ $name ] );
			$settings[ $name ] = '' !== $given ? $given : (string) ( $earlier[ $name ] ?? '' );
		}
		try {
			( new OffsiteService( OffsiteSettings::given( $settings ) ) )->prepare_bucket();
		} catch ( Throwable $error ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log knows why copies did not start.
			error_log( Redactor::for_log( 'Site Backups: off-site settings refused: ' . $error->getMessage() ) );
			return new WP_Error(
				'site_backups_offsite_invalid',
				/* translators: %s: what went wrong, such as the bucket's answer. */
				sprintf( __( 'The settings were not saved: %s', 'site-backups' ), Redactor::redact( $error->getMessage() ) ),
				array( 'status' => 400 )
			);
		}
		try {
			$saved->save( $settings );
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		$this->started_over();
		// Backups made before go off-site now, not after tomorrow's backup.
		wp_schedule_single_event( time(), OffsiteCopier::RETRY_HOOK );
		return $this->get_item( $request );
	}

	/**
	 * Turns the administrator's off-site copies off; the bucket keeps what it holds.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		if ( $this->plugin->offsite()->settings()->is_set_by_host() ) {
			return self::set_by_host();
		}
		self::saved()->delete();
		$this->started_over();
		return $this->get_item( $request );
	}

	/**
	 * New settings: the last copy's status, the retries and the cached list were about the old ones.
	 */
	private function started_over(): void {
		OffsiteStatus::reset();
		$this->plugin->offsite()->forget_list();
		wp_clear_scheduled_hook( OffsiteCopier::RETRY_HOOK );
		delete_option( OffsiteCopier::RETRY_HOOK . '_attempts' );
	}

	/**
	 * Where the administrator's settings are kept.
	 */
	private static function saved(): SavedOffsiteSettings {
		return new SavedOffsiteSettings( new StoreDirectory() );
	}

	/**
	 * The answer when wp-config.php holds the settings.
	 */
	private static function set_by_host(): WP_Error {
		return new WP_Error(
			'site_backups_offsite_set_by_host',
			/* translators: %s: the wp-config.php constant. */
			sprintf( __( 'Off-site copies are set up by the host (%s in wp-config.php), so they cannot be changed here.', 'site-backups' ), OffsiteSettings::CONSTANT ),
			array( 'status' => 409 )
		);
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
