<?php
/**
 * REST resource: production and staging, and what threatens their backups
 * (/environments).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\EnvironmentOverview;
use SiteBackups\Engine\Environment;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Health\BackupHealth;
use SiteBackups\Support\IsoTime;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;

/**
 * GET /environments: each environment, whether it is configured, its
 * schedule, its newest backup and the warnings the screen must show (WP-Cron
 * disabled, automatic backups overdue or stale), each with its fix.
 */
final class EnvironmentsController extends Controller {

	/** Hours after which the newest automatic backup counts as stale. */
	public const STALE_HOURS = BackupHealth::STALE_HOURS;

	/** Remembers since when the daily event is known to exist. */
	public const SCHEDULE_SINCE_OPTION = BackupHealth::SCHEDULE_SINCE_OPTION;

	protected const REST_BASE = 'environments';

	/**
	 * Sets up the route's work.
	 *
	 * @param EnvironmentOverview $overview Each environment and what threatens its backups.
	 */
	public function __construct( private readonly EnvironmentOverview $overview ) {
		parent::__construct();
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->add_route( '', array( $this->list_endpoint() ) );
	}

	/**
	 * Production, then staging.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		try {
			$environments = $this->overview->all();
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		$data = array();
		foreach ( $environments as $environment ) {
			$data[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $environment, $request ) );
		}
		return rest_ensure_response( $data );
	}

	/**
	 * One environment as the screen sees it.
	 *
	 * @param mixed           $item    One of EnvironmentOverview::all().
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$item        = is_array( $item ) ? $item : array();
		$name        = (string) ( $item['name'] ?? '' );
		$newest      = is_array( $item['newest'] ?? null ) ? $item['newest'] : null;
		$environment = ( $item['environment'] ?? null ) instanceof Environment ? $item['environment'] : null;
		$production  = Environment::PRODUCTION === $name;
		$next        = $item['next_scheduled'] ?? null;
		$data        = array(
			'name'              => $name,
			'label'             => $production ? __( 'Production', 'site-backups' ) : __( 'Staging', 'site-backups' ),
			'configured'        => null !== $environment,
			'problem'           => (string) ( $item['problem'] ?? '' ),
			'url'               => null === $environment ? null : $environment->url,
			'automatic_backups' => (bool) ( $item['automatic'] ?? false ),
			'next_scheduled'    => null === $next ? null : IsoTime::from( (int) $next ),
			'last_backup'       => null === $newest ? null : array(
				'id'      => (string) $newest['id'],
				'created' => IsoTime::from( (float) ( $newest['meta']['started_at'] ?? 0 ) ),
			),
			'warnings'          => (array) ( $item['warnings'] ?? array() ),
		);
		$context     = ! empty( $request['context'] ) ? (string) $request['context'] : 'view';
		$data        = $this->add_additional_fields_to_object( $data, $request );
		return rest_ensure_response( $this->filter_response_by_context( $data, $context ) );
	}

	/**
	 * GET /environments takes only the context.
	 *
	 * @return array<string, mixed>
	 */
	public function get_collection_params() {
		return array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) );
	}

	/**
	 * The environment's schema (cached).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema(
			'site-backups-environment',
			static function (): array {
				$all = self::ALL_CONTEXTS;
				return array(
					'name'              => array(
						'description' => __( 'The environment\'s name.', 'site-backups' ),
						'type'        => 'string',
						'enum'        => EnvironmentRegistry::names(),
						'context'     => $all,
						'readonly'    => true,
					),
					'label'             => array(
						'description' => __( 'The environment\'s name for people.', 'site-backups' ),
						'type'        => 'string',
						'context'     => $all,
						'readonly'    => true,
					),
					'configured'        => array(
						'description' => __( 'Whether the environment can be backed up.', 'site-backups' ),
						'type'        => 'boolean',
						'context'     => $all,
						'readonly'    => true,
					),
					'problem'           => array(
						'description' => __( 'Why the environment is not available; empty when it is.', 'site-backups' ),
						'type'        => 'string',
						'context'     => $all,
						'readonly'    => true,
					),
					'url'               => array(
						'description' => __( 'The environment\'s address.', 'site-backups' ),
						'type'        => array( 'string', 'null' ),
						'format'      => 'uri',
						'context'     => $all,
						'readonly'    => true,
					),
					'automatic_backups' => array(
						'description' => __( 'Whether the environment is backed up every day (production only).', 'site-backups' ),
						'type'        => 'boolean',
						'context'     => $all,
						'readonly'    => true,
					),
					'next_scheduled'    => DateTimeField::schema( __( 'The next automatic backup (UTC).', 'site-backups' ), true ),
					'last_backup'       => array(
						'description' => __( 'The newest backup of the environment.', 'site-backups' ),
						'type'        => array( 'object', 'null' ),
						'context'     => $all,
						'readonly'    => true,
						'properties'  => array(
							'id'      => array( 'type' => 'string' ),
							'created' => array(
								'type'   => 'string',
								'format' => 'date-time',
							),
						),
					),
					'warnings'          => array(
						'description' => __( 'What keeps backups from happening, with the fix.', 'site-backups' ),
						'type'        => 'array',
						'context'     => $all,
						'readonly'    => true,
						'items'       => array(
							'type'       => 'object',
							'properties' => array(
								'code'    => array(
									'type' => 'string',
									'enum' => array( 'mysqli_missing', 'open_basedir', 'store_unwritable', 'database_privileges', 'cron_disabled', 'loopback_failing', 'schedule_overdue', 'last_backup_stale' ),
								),
								'message' => array( 'type' => 'string' ),
								'fix'     => array( 'type' => 'string' ),
							),
						),
					),
				);
			}
		);
	}
}
