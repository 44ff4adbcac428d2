<?php
/**
 * REST resource: production and staging, and what threatens their backups
 * (/environments).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Engine\Environment;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Plugin;
use SiteBackups\Schedule\DailySchedule;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /environments: each environment, whether it is configured, its
 * schedule, its newest backup and the warnings the screen must show (WP-Cron
 * disabled, automatic backups overdue or stale), each with its fix.
 */
final class EnvironmentsController extends Controller {

	/** Hours after which the newest automatic backup counts as stale. */
	public const STALE_HOURS = 26;

	/** Remembers since when the daily event is known to exist. */
	public const SCHEDULE_SINCE_OPTION = 'site_backups_schedule_since';

	/**
	 * Sets up the controller.
	 *
	 * @param Plugin $plugin The composition root.
	 */
	public function __construct( Plugin $plugin ) {
		parent::__construct( $plugin, 'environments' );
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			Plugin::REST_NAMESPACE,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Production, then staging.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		try {
			$summaries = $this->plugin->backups()->engine()->list();
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		$data = array();
		foreach ( EnvironmentRegistry::names() as $name ) {
			$newest = null;
			foreach ( $summaries as $summary ) {
				if ( ( $summary['meta']['environment'] ?? null ) === $name ) {
					$newest = $summary;
					break;
				}
			}
			$data[] = $this->prepare_response_for_collection(
				$this->prepare_item_for_response(
					array(
						'name'   => $name,
						'newest' => $newest,
					),
					$request
				)
			);
		}
		return rest_ensure_response( $data );
	}

	/**
	 * One environment as the screen sees it.
	 *
	 * @param mixed           $item    {name, newest: snapshot summary|null}.
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$item        = is_array( $item ) ? $item : array();
		$name        = (string) ( $item['name'] ?? '' );
		$newest      = is_array( $item['newest'] ?? null ) ? $item['newest'] : null;
		$registry    = $this->plugin->backups()->environments();
		$environment = $registry->get( $name );
		$production  = Environment::PRODUCTION === $name;
		$schedule    = $this->plugin->daily_schedule();
		$automatic   = $production && $schedule->is_production();
		$next        = $automatic ? wp_next_scheduled( DailySchedule::HOOK ) : false;
		$newest_time = null === $newest ? null : (float) ( $newest['meta']['started_at'] ?? 0 );
		$data        = array(
			'name'              => $name,
			'label'             => $production ? __( 'Production', 'site-backups' ) : __( 'Staging', 'site-backups' ),
			'configured'        => null !== $environment,
			'problem'           => $production ? '' : $registry->staging_problem(),
			'url'               => null === $environment ? null : $environment->url,
			'automatic_backups' => $automatic,
			'next_scheduled'    => false === $next ? null : self::iso( (int) $next ),
			'last_backup'       => null === $newest ? null : array(
				'id'      => (string) $newest['id'],
				'created' => self::iso( $newest_time ),
			),
			'warnings'          => $production ? $this->warnings( $automatic, false === $next ? null : (int) $next, $newest_time ) : array(),
		);
		$context     = ! empty( $request['context'] ) ? (string) $request['context'] : 'view';
		$data        = $this->add_additional_fields_to_object( $data, $request );
		return rest_ensure_response( $this->filter_response_by_context( $data, $context ) );
	}

	/**
	 * What keeps production's automatic backups from happening, with the fix.
	 *
	 * @param bool       $automatic Whether automatic backups run here.
	 * @param int|null   $next      The daily event's next run, if scheduled.
	 * @param float|null $newest    When the newest production backup began.
	 * @return list<array{code: string, message: string, fix: string}>
	 */
	private function warnings( bool $automatic, ?int $next, ?float $newest ): array {
		$fix = sprintf(
			/* translators: 1: the WP-CLI command line, 2: WordPress's folder. */
			__( 'Ask your host to run WordPress\'s scheduled tasks from the system cron every 5 minutes, with this line: */5 * * * * %1$s --path=%2$s', 'site-backups' ),
			'wp cron event run --due-now',
			untrailingslashit( ABSPATH )
		);
		$warnings = array();
		if ( defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON ) {
			$warnings[] = array(
				'code'    => 'cron_disabled',
				'message' => __( 'WP-Cron is disabled on this site (DISABLE_WP_CRON), so automatic backups only run if the server\'s own cron runs WordPress\'s scheduled tasks.', 'site-backups' ),
				'fix'     => $fix,
			);
		}
		if ( ! $automatic ) {
			return $warnings;
		}
		$now   = time();
		$stale = $now - self::STALE_HOURS * HOUR_IN_SECONDS;
		if ( null !== $next && $next < $now - HOUR_IN_SECONDS ) {
			$warnings[] = array(
				'code'    => 'schedule_overdue',
				'message' => sprintf(
					/* translators: %s: when the daily backup should have run (UTC). */
					__( 'The daily backup was due at %s (UTC) and has not started: WordPress\'s scheduled tasks are not running.', 'site-backups' ),
					gmdate( 'Y-m-d H:i', $next )
				),
				'fix'     => $fix,
			);
		}
		if ( null !== $newest ) {
			if ( $newest < $stale ) {
				$warnings[] = array(
					'code'    => 'last_backup_stale',
					'message' => sprintf(
						/* translators: %d: hours. */
						__( 'The newest backup of this site is more than %d hours old: automatic backups are not running.', 'site-backups' ),
						self::STALE_HOURS
					),
					'fix'     => $fix,
				);
			}
			return $warnings;
		}
		if ( null !== $next ) {
			$since = (int) get_option( self::SCHEDULE_SINCE_OPTION, 0 );
			if ( $since <= 0 ) {
				update_option( self::SCHEDULE_SINCE_OPTION, $now, false );
			} elseif ( $since < $stale ) {
				$warnings[] = array(
					'code'    => 'last_backup_stale',
					'message' => sprintf(
						/* translators: %d: hours. */
						__( 'Automatic backups have been scheduled for more than %d hours and none has been made yet.', 'site-backups' ),
						self::STALE_HOURS
					),
					'fix'     => $fix,
				);
			}
		}
		return $warnings;
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
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$all          = array( 'view', 'edit', 'embed' );
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'site-backups-environment',
			'type'       => 'object',
			'properties' => array(
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
				'next_scheduled'    => JobsController::time_schema( __( 'The next automatic backup (UTC).', 'site-backups' ), true ),
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
								'enum' => array( 'cron_disabled', 'schedule_overdue', 'last_backup_stale' ),
							),
							'message' => array( 'type' => 'string' ),
							'fix'     => array( 'type' => 'string' ),
						),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
