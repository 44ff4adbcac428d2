<?php
/**
 * REST resource: the backup settings (/settings).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Backups\Exclusions;
use SiteBackups\Health\PlainOffsiteHealth;
use SiteBackups\Uninstaller;
use SiteBackups\Offsite\OffsiteSummary;
use SiteBackups\Plugin;
use SiteBackups\Retention\Plan;
use SiteBackups\Schedule\DailySchedule;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /settings and POST /settings: the daily time, the extra exclusions,
 * the notification address, and (read-only) the hosting plan.
 */
final class SettingsController extends Controller {

	public const EXCLUSIONS_OPTION    = Exclusions::OPTION;
	public const EMAIL_OPTION         = 'site_backups_notification_email';
	public const NOTIFICATIONS_OPTION = 'site_backups_notifications_enabled';
	public const UNINSTALL_OPTION     = Uninstaller::DELETE_BACKUPS_OPTION;

	protected const REST_BASE = 'settings';

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
		$params = $request->get_params();
		if ( isset( $params['schedule_time'] ) ) {
			$time     = (string) $params['schedule_time'];
			$schedule = $this->plugin->daily_schedule();
			if ( $time !== $schedule->time_of_day() && ! $schedule->set_time_of_day( $time ) ) {
				return new WP_Error( 'rest_invalid_param', __( 'The time must be HH:MM.', 'site-backups' ), array( 'status' => 400 ) );
			}
		}
		if ( isset( $params['exclusions'] ) && is_array( $params['exclusions'] ) ) {
			Exclusions::save( (array) $params['exclusions'] );
		}
		if ( isset( $params['notification_email'] ) ) {
			update_option( self::EMAIL_OPTION, sanitize_email( (string) $params['notification_email'] ), false );
		}
		if ( isset( $params['notifications_enabled'] ) ) {
			update_option( self::NOTIFICATIONS_OPTION, $params['notifications_enabled'] ? '1' : '0', false );
		}
		if ( isset( $params['delete_backups_on_uninstall'] ) ) {
			update_option( self::UNINSTALL_OPTION, $params['delete_backups_on_uninstall'] ? '1' : '0', false );
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
		$plan = Plan::current();
		$data = array(
			'schedule_time'               => $this->plugin->daily_schedule()->time_of_day(),
			'timezone'                    => wp_timezone_string(),
			'exclusions'                  => Exclusions::saved(),
			'notification_email'          => (string) get_option( self::EMAIL_OPTION, '' ),
			'notifications_enabled'       => (bool) filter_var( get_option( self::NOTIFICATIONS_OPTION, '1' ), FILTER_VALIDATE_BOOLEAN ),
			'delete_backups_on_uninstall' => Uninstaller::deletes_backups(),
			'plan'                        => array(
				'name'           => $plan->name(),
				'label'          => $plan->label(),
				'retention_days' => $plan->retention_days(),
				'set_by_host'    => $plan->is_set_by_host(),
			),
			'offsite'                     => $this->offsite_data(),
		);
		$data = $this->add_additional_fields_to_object( $data, $request );
		return rest_ensure_response( $this->filter_response_by_context( $data, 'edit' ) );
	}

	/**
	 * The off-site summary, with the warning a plain copy deserves.
	 *
	 * @return array<string, mixed>
	 */
	private function offsite_data(): array {
		$data    = ( new OffsiteSummary( $this->plugin->offsite() ) )->data();
		$warning = ( new PlainOffsiteHealth( $this->plugin->offsite()->settings() ) )->warning();
		return $data + array(
			'warning'     => $warning['message'] ?? '',
			'warning_fix' => $warning['fix'] ?? '',
		);
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
