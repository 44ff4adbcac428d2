<?php
/**
 * REST resource: "Am I safe?" for production and staging (/status).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\StatusReport;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Status\BackupOutcome;
use SiteBackups\Status\OffsiteState;
use SiteBackups\Support\IsoTime;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /status: per environment the last backup made or failed (and how), the next automatic
 * backup, the recovery points kept here and the off-site copies; the same facts Site Health
 * and the Dashboard notice tell, read afresh at each request.
 */
final class StatusController extends Controller {

	protected const REST_BASE = 'status';

	/**
	 * Sets up the route's work.
	 *
	 * @param StatusReport $report Where the site stands.
	 */
	public function __construct( private readonly StatusReport $report ) {
		parent::__construct();
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->add_route( '', array( $this->endpoint( WP_REST_Server::READABLE, 'get_item', 'get_item_permissions_check', array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) ) ) ) );
	}

	/**
	 * Where the site stands now.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		try {
			$report = $this->report->get();
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		return $this->prepare_item_for_response( $report, $request );
	}

	/**
	 * The report as the screen reads it: times as ISO 8601 UTC.
	 *
	 * @param mixed           $item    StatusReport::get()'s answer.
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$item    = is_array( $item ) ? $item : array();
		$store   = is_array( $item['store'] ?? null ) ? $item['store'] : array();
		$data    = array(
			'generated'    => IsoTime::from( (int) ( $item['generated_at'] ?? 0 ) ),
			'store'        => array(
				'readable' => (bool) ( $store['readable'] ?? true ),
				'error'    => isset( $store['error'] ) ? (string) $store['error'] : null,
			),
			'environments' => array_map( array( self::class, 'environment' ), array_values( array_filter( (array) ( $item['environments'] ?? array() ), 'is_array' ) ) ),
		);
		$context = ! empty( $request['context'] ) ? (string) $request['context'] : 'view';
		$data    = $this->add_additional_fields_to_object( $data, $request );
		return rest_ensure_response( $this->filter_response_by_context( $data, $context ) );
	}

	/**
	 * One environment of the report.
	 *
	 * @param array<string, mixed> $environment As StatusReport::get() gives it.
	 * @return array<string, mixed>
	 */
	private static function environment( array $environment ): array {
		$offsite = is_array( $environment['offsite'] ?? null ) ? $environment['offsite'] : array();
		return array(
			'name'                  => (string) ( $environment['environment'] ?? '' ),
			'available'             => (bool) ( $environment['available'] ?? false ),
			'automatic'             => (bool) ( $environment['automatic'] ?? false ),
			'last_backup'           => self::outcome( $environment['last_backup'] ?? null ),
			'last_automatic'        => self::outcome( $environment['last_automatic'] ?? null ),
			'automatic_failing'     => (bool) ( $environment['automatic_failing'] ?? false ),
			'next_automatic'        => self::time( $environment['next_automatic'] ?? null ),
			'recovery_points'       => (int) ( $environment['recovery_points'] ?? 0 ),
			'oldest_recovery_point' => self::time( $environment['oldest_recovery_point'] ?? null ),
			'last_manual'           => self::time( $environment['last_manual'] ?? null ),
			'offsite'               => array(
				'state'       => (string) ( $offsite['state'] ?? OffsiteState::OFF ),
				'set_by_host' => (bool) ( $offsite['set_by_host'] ?? false ),
				'message'     => (string) ( $offsite['message'] ?? '' ),
				'failed_at'   => self::time( $offsite['failed_at'] ?? null ),
				'last_copy'   => self::time( $offsite['last_copy'] ?? null ),
			),
		);
	}

	/**
	 * A backup made or failed; null for none.
	 *
	 * @param mixed $outcome BackupOutcome::to_array(), with skipped.
	 * @return array<string, mixed>|null
	 */
	private static function outcome( mixed $outcome ): ?array {
		if ( ! is_array( $outcome ) ) {
			return null;
		}
		$started  = (int) ( $outcome['started_at'] ?? 0 );
		$finished = self::time( $outcome['finished_at'] ?? null );
		return array(
			'id'      => isset( $outcome['backup_id'] ) ? (string) $outcome['backup_id'] : null,
			'job_id'  => isset( $outcome['job_id'] ) ? (string) $outcome['job_id'] : null,
			'trigger' => (string) ( $outcome['trigger'] ?? BackupOutcome::MANUAL ),
			'outcome' => (string) ( $outcome['status'] ?? BackupOutcome::OK ),
			'started' => IsoTime::from( $started ),
			'time'    => $finished ?? IsoTime::from( $started ),
			'error'   => isset( $outcome['error'] ) ? (string) $outcome['error'] : null,
			'skipped' => isset( $outcome['skipped'] ) ? (int) $outcome['skipped'] : null,
		);
	}

	/**
	 * A Unix time as ISO 8601 UTC; null for none.
	 *
	 * @param mixed $time Unix time or null.
	 */
	private static function time( mixed $time ): ?string {
		return is_numeric( $time ) ? IsoTime::from( (int) $time ) : null;
	}

	/**
	 * The status's schema (cached).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema(
			'site-backups-status',
			static function (): array {
				$all     = self::ALL_CONTEXTS;
				$outcome = static fn ( string $description ): array => array(
					'description' => $description,
					'type'        => array( 'object', 'null' ),
					'context'     => $all,
					'readonly'    => true,
					'properties'  => array(
						'id'      => array(
							'description' => __( 'The recovery point; null for a failed backup.', 'site-backups' ),
							'type'        => array( 'string', 'null' ),
						),
						'job_id'  => array(
							'description' => __( 'The job that made it or failed, while it is still known.', 'site-backups' ),
							'type'        => array( 'string', 'null' ),
						),
						'trigger' => array(
							'description' => __( 'automatic, manual, or safety (made by a restore before it changed anything).', 'site-backups' ),
							'type'        => 'string',
							'enum'        => array( BackupOutcome::AUTOMATIC, BackupOutcome::MANUAL, BackupOutcome::SAFETY ),
						),
						'outcome' => array(
							'description' => __( 'ok: a recovery point was made; failed: the backup failed.', 'site-backups' ),
							'type'        => 'string',
							'enum'        => array( BackupOutcome::OK, BackupOutcome::FAILED ),
						),
						'started' => DateTimeField::schema( __( 'When the backup began (UTC).', 'site-backups' ), true ),
						'time'    => DateTimeField::schema( __( 'When it ended, else when it began (UTC).', 'site-backups' ), true ),
						'error'   => array(
							'description' => __( 'Why it failed (failed only).', 'site-backups' ),
							'type'        => array( 'string', 'null' ),
						),
						'skipped' => array(
							'description' => __( 'Files the backup could not read; null for a failed backup or one no longer kept.', 'site-backups' ),
							'type'        => array( 'integer', 'null' ),
						),
					),
				);
				return array(
					'generated'    => DateTimeField::schema( __( 'The moment the status describes (UTC).', 'site-backups' ), true ),
					'store'        => array(
						'description' => __( 'Whether the list of recovery points could be read, and why not.', 'site-backups' ),
						'type'        => 'object',
						'context'     => $all,
						'readonly'    => true,
						'properties'  => array(
							'readable' => array( 'type' => 'boolean' ),
							'error'    => array( 'type' => array( 'string', 'null' ) ),
						),
					),
					'environments' => array(
						'description' => __( 'Production, then staging.', 'site-backups' ),
						'type'        => 'array',
						'context'     => $all,
						'readonly'    => true,
						'items'       => array(
							'type'       => 'object',
							'properties' => array(
								'name'                  => array(
									'description' => __( 'The environment\'s name.', 'site-backups' ),
									'type'        => 'string',
									'enum'        => EnvironmentRegistry::names(),
								),
								'available'             => array(
									'description' => __( 'Whether the environment can be backed up here.', 'site-backups' ),
									'type'        => 'boolean',
								),
								'automatic'             => array(
									'description' => __( 'Whether it is backed up automatically every day from this site (production only).', 'site-backups' ),
									'type'        => 'boolean',
								),
								'last_backup'           => $outcome( __( 'The newest backup of any kind, made or failed; null when none is known.', 'site-backups' ) ),
								'last_automatic'        => $outcome( __( 'The newest automatic backup, made or failed; null for staging.', 'site-backups' ) ),
								'automatic_failing'     => array(
									'description' => __( 'Whether the last automatic backup failed and none has succeeded since.', 'site-backups' ),
									'type'        => 'boolean',
								),
								'next_automatic'        => DateTimeField::schema( __( 'When the next automatic backup is due (UTC); null for staging or when none is scheduled.', 'site-backups' ), true ),
								'recovery_points'       => array(
									'description' => __( 'Backups of the environment kept on this server.', 'site-backups' ),
									'type'        => 'integer',
								),
								'oldest_recovery_point' => DateTimeField::schema( __( 'When the oldest of them began (UTC).', 'site-backups' ), true ),
								'last_manual'           => DateTimeField::schema( __( 'When the newest backup made by hand and still kept began (UTC).', 'site-backups' ), true ),
								'offsite'               => array(
									'description' => __( 'The off-site copies (one bucket holds both environments).', 'site-backups' ),
									'type'        => 'object',
									'properties'  => array(
										'state'       => array(
											'description' => __( 'off, healthy, failing, or untried (on, no copy tried yet).', 'site-backups' ),
											'type'        => 'string',
											'enum'        => array( OffsiteState::OFF, OffsiteState::HEALTHY, OffsiteState::FAILING, OffsiteState::UNTRIED ),
										),
										'set_by_host' => array(
											'description' => __( 'Whether the host set them in wp-config.php.', 'site-backups' ),
											'type'        => 'boolean',
										),
										'message'     => array(
											'description' => __( 'Why the copies fail (failing only).', 'site-backups' ),
											'type'        => 'string',
										),
										'failed_at'   => DateTimeField::schema( __( 'When the copies began to fail: the first failure since the last copy that worked or the last change of settings (UTC; failing only, when known).', 'site-backups' ), true ),
										'last_copy'   => DateTimeField::schema( __( 'When the last complete copy ended (UTC).', 'site-backups' ), true ),
									),
								),
							),
						),
					),
				);
			}
		);
	}
}
