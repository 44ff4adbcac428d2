<?php
/**
 * REST resource: the backup settings (/settings).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\BackupSettings;
use SiteBackups\App\Refused;
use SiteBackups\Backup\Exclusions;
use SiteBackups\Offsite\OffsiteSummary;
use SiteBackups\Retention\Plan;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /settings and POST /settings: the daily time, the extra exclusions,
 * the notification address, and (read-only) the hosting plan.
 */
final class SettingsController extends Controller {

	public const EXCLUSIONS_OPTION    = BackupSettings::EXCLUSIONS_OPTION;
	public const EMAIL_OPTION         = BackupSettings::EMAIL_OPTION;
	public const NOTIFICATIONS_OPTION = BackupSettings::NOTIFICATIONS_OPTION;
	public const UNINSTALL_OPTION     = BackupSettings::UNINSTALL_OPTION;

	protected const REST_BASE = 'settings';

	/**
	 * Sets up the route's work.
	 *
	 * @param BackupSettings $settings Reads and changes the settings.
	 */
	public function __construct( private readonly BackupSettings $settings ) {
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
				$this->endpoint( WP_REST_Server::EDITABLE, 'update_item', 'update_item_permissions_check', $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ) ),
			)
		);
	}

	/**
	 * The settings.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return $this->prepare_item_for_response( null, $request );
	}

	/**
	 * Changes the settings given; leaves the others alone.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		try {
			$this->settings->update( $request->get_params() );
		} catch ( Refused $refused ) {
			return ErrorResponse::from( $refused );
		}
		return $this->prepare_item_for_response( null, $request );
	}

	/**
	 * The settings as the screen sees them.
	 *
	 * @param mixed           $item    Unused: the settings live in options.
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$data = $this->add_additional_fields_to_object( $this->settings->read(), $request );
		return rest_ensure_response( $this->filter_response_by_context( $data, 'edit' ) );
	}

	/**
	 * The off-site summary's schema, with the warning.
	 *
	 * @return array<string, mixed>
	 */
	private static function offsite_schema(): array {
		$schema                              = OffsiteSummary::schema();
		$schema['properties']['warning']     = array(
			'description' => __( 'Why the off-site copies put the site at risk (they are not encrypted); empty when they do not.', 'site-backups' ),
			'type'        => 'string',
		);
		$schema['properties']['warning_fix'] = array(
			'description' => __( 'How to act on the warning: who turns encryption on, and how.', 'site-backups' ),
			'type'        => 'string',
		);
		return $schema;
	}

	/**
	 * The settings' schema (cached).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema(
			'site-backups-settings',
			static function (): array {
				return array(
					'schedule_time'               => array(
						'description' => __( 'When the daily backup runs (HH:MM, the site\'s time zone).', 'site-backups' ),
						'type'        => 'string',
						'pattern'     => '^([01][0-9]|2[0-3]):[0-5][0-9]$',
						'context'     => array( 'view', 'edit' ),
					),
					'offsite'                     => self::offsite_schema(),
					'timezone'                    => array(
						'description' => __( 'The site\'s time zone.', 'site-backups' ),
						'type'        => 'string',
						'context'     => array( 'view', 'edit' ),
						'readonly'    => true,
					),
					'exclusions'                  => array(
						'description' => __( 'Paths left out of every backup, relative to the site\'s folder ("*" matches within a folder; a name without "/" matches at any depth).', 'site-backups' ),
						'type'        => 'array',
						'maxItems'    => Exclusions::MAX_EXCLUSIONS,
						'items'       => array(
							'type'      => 'string',
							'maxLength' => Exclusions::MAX_PATTERN_LENGTH,
						),
						'context'     => array( 'view', 'edit' ),
						'arg_options' => array(
							'validate_callback' => static function ( $value, $request, $param ) {
								$valid = rest_validate_request_arg( $value, $request, $param );
								if ( true !== $valid ) {
									return $valid;
								}
								foreach ( (array) $value as $pattern ) {
									$checked = Exclusions::validate_pattern( $pattern );
									if ( true !== $checked ) {
										return $checked;
									}
								}
								return true;
							},
						),
					),
					'notification_email'          => array(
						'description' => __( 'Where notices about failed backups go; empty for the site\'s administration address.', 'site-backups' ),
						'type'        => 'string',
						'context'     => array( 'view', 'edit' ),
						'arg_options' => array(
							'validate_callback' => static function ( $value ) {
								if ( is_string( $value ) && ( '' === $value || is_email( $value ) ) ) {
									return true;
								}
								return new WP_Error( 'rest_invalid_param', __( 'The notification address must be a valid email address, or empty.', 'site-backups' ), array( 'status' => 400 ) );
							},
						),
					),
					'notifications_enabled'       => array(
						'description' => __( 'Whether to send an email when an automatic backup fails (on unless turned off).', 'site-backups' ),
						'type'        => 'boolean',
						'context'     => array( 'view', 'edit' ),
					),
					'delete_backups_on_uninstall' => array(
						'description' => __( 'Whether deleting the plugin also deletes every backup (off unless turned on).', 'site-backups' ),
						'type'        => 'boolean',
						'context'     => array( 'view', 'edit' ),
					),
					'plan'                        => array(
						'description' => __( 'The hosting plan, which decides how long backups are kept.', 'site-backups' ),
						'type'        => 'object',
						'context'     => array( 'view', 'edit' ),
						'readonly'    => true,
						'properties'  => array(
							'name'           => array(
								'type' => 'string',
								'enum' => array( Plan::PRO, Plan::STANDARD ),
							),
							'label'          => array( 'type' => 'string' ),
							'retention_days' => array( 'type' => 'integer' ),
							'set_by_host'    => array( 'type' => 'boolean' ),
						),
					),
				);
			}
		);
	}
}
