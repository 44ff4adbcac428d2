<?php
/**
 * REST resource: the published backups of each environment (/backups).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\BackupActions;
use SiteBackups\App\BackupCatalog;
use SiteBackups\App\BackupDetails;
use SiteBackups\App\DeleteBackup;
use SiteBackups\App\StartBackup;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\Job;
use SiteBackups\Retention\Plan;
use SiteBackups\Support\IsoTime;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /backups, POST /backups (queues a backup job), GET and DELETE
 * /backups/{id}. Restore and download have their own controllers under
 * /backups/{id}/restore and /backups/{id}/download.
 */
final class BackupsController extends Controller {

	public const NOTE_MAX_LENGTH = 200;

	protected const REST_BASE = 'backups';

	/**
	 * Sets up the routes' work.
	 *
	 * @param BackupCatalog $catalog       Every backup, wherever it is kept.
	 * @param BackupDetails $details       What one backup left out, and its log.
	 * @param StartBackup   $start_backup  Starts a manual backup.
	 * @param DeleteBackup  $delete_backup Deletes one backup.
	 */
	public function __construct(
		private readonly BackupCatalog $catalog,
		private readonly BackupDetails $details,
		private readonly StartBackup $start_backup,
		private readonly DeleteBackup $delete_backup
	) {
		parent::__construct();
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$this->add_route(
			'',
			array(
				$this->list_endpoint(),
				$this->endpoint( WP_REST_Server::CREATABLE, 'create_item', 'create_item_permissions_check', $this->create_args() ),
			)
		);
		$this->add_route(
			self::ITEM_ROUTE,
			array(
				$this->read_endpoint(),
				$this->endpoint( WP_REST_Server::DELETABLE, 'delete_item', 'delete_item_permissions_check' ),
			),
			self::id_arg( __( 'The backup id: 26 lowercase letters and digits.', 'site-backups' ) )
		);
	}

	/**
	 * What POST /backups accepts.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function create_args(): array {
		return array(
			'environment' => array(
				'description'       => __( 'The environment to back up.', 'site-backups' ),
				'type'              => 'string',
				'enum'              => EnvironmentRegistry::names(),
				'required'          => true,
				// Checked by the callback, which answers site_backups_environment_unavailable.
				'validate_callback' => static fn ( $value ): bool => is_string( $value ),
				'sanitize_callback' => static fn ( $value ): string => (string) $value,
			),
			'note'        => array(
				'description'       => __( 'A note to remember the backup by.', 'site-backups' ),
				'type'              => 'string',
				'maxLength'         => self::NOTE_MAX_LENGTH,
				'default'           => '',
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => static fn ( $value ): string => sanitize_text_field( (string) $value ),
			),
		);
	}

	/**
	 * One environment's backups, newest first, a page at a time.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		try {
			$matching = $this->catalog->of_environment( (string) $request['environment'], (string) ( $request['trigger'] ?? '' ) );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		$per_page = max( 1, (int) $request['per_page'] );
		$page     = max( 1, (int) $request['page'] );
		$total    = count( $matching );
		$pages    = (int) ceil( $total / $per_page );
		if ( $page > 1 && $page > $pages ) {
			return new WP_Error( 'rest_invalid_page_number', __( 'The page number requested is larger than the number of pages available.', 'site-backups' ), array( 'status' => 400 ) );
		}
		$data = array();
		foreach ( array_slice( $matching, ( $page - 1 ) * $per_page, $per_page ) as $summary ) {
			$data[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $summary, $request ) );
		}
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) $pages );
		return $response;
	}

	/**
	 * Queues a manual backup; answers 202 with the job, or 409 with the
	 * job that is running already.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		return JobStart::answer(
			fn (): Job => $this->start_backup->start( (string) $request['environment'], (string) $request['note'], JobStart::started_by() ),
			__( 'Another backup is running. Wait for it to finish, or cancel it, before starting a new one.', 'site-backups' )
		);
	}

	/**
	 * One backup, with the paths it skipped or excluded, the tables it left out, the time its database
	 * copy stands for and its job's log.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		try {
			$summary            = $this->catalog->get( $id );
			$summary['details'] = $this->details->paths( $id, (array) ( $summary['meta']['counts'] ?? array() ) );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		$summary['log']           = JobPresenter::log( $this->details->log( $id ) );
		$summary['left_out']      = $this->details->left_out( $id );
		$summary['database_copy'] = $this->details->database_copy( $id );
		return $this->prepare_item_for_response( $summary, $request );
	}

	/**
	 * Forgets one backup, then deletes the data no other backup uses; answers with the backup as
	 * it was.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		try {
			$previous = $this->delete_backup->delete( $id );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		return rest_ensure_response(
			array(
				'deleted'  => true,
				'previous' => $this->prepare_item_for_response( $previous, $request )->get_data(),
			)
		);
	}

	/**
	 * A backup as the screen sees it.
	 *
	 * @param mixed           $item    A catalog summary (BackupCatalog), for one backup with details, log, left_out and database_copy.
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$item    = is_array( $item ) ? $item : array();
		$meta    = is_array( $item['meta'] ?? null ) ? $item['meta'] : array();
		$counts  = is_array( $meta['counts'] ?? null ) ? $meta['counts'] : array();
		$created = (float) ( $meta['started_at'] ?? 0 );
		$data    = array(
			'id'             => (string) ( $item['id'] ?? '' ),
			'environment'    => (string) ( $meta['environment'] ?? '' ),
			'trigger'        => (string) ( $meta['trigger'] ?? '' ),
			'note'           => (string) ( $meta['note'] ?? '' ),
			'created'        => IsoTime::from( $created ),
			'finished'       => IsoTime::from( (float) ( $meta['finished_at'] ?? 0 ) ),
			'expires'        => ! empty( $item['kept'] ) || $created <= 0 ? null : IsoTime::from( Plan::current()->expires_at( (int) floor( $created ) ) ),
			'status'         => (string) ( $meta['status'] ?? 'complete' ),
			'size'           => (int) ( $meta['logical_bytes'] ?? 0 ),
			'stored_bytes'   => (int) ( $meta['new_bytes'] ?? 0 ),
			'counts'         => array(
				'files'    => (int) ( $counts['files'] ?? 0 ),
				'dirs'     => (int) ( $counts['dirs'] ?? 0 ),
				'symlinks' => (int) ( $counts['symlinks'] ?? 0 ),
				'excluded' => (int) ( $counts['excluded'] ?? 0 ),
				'skipped'  => (int) ( $counts['skipped'] ?? 0 ),
			),
			'wp_version'     => (string) ( $meta['wp_version'] ?? '' ),
			'plugin_version' => (string) ( $meta['plugin_version'] ?? '' ),
			'locations'      => array_values( array_filter( (array) ( $item['locations'] ?? array( BackupActions::LOCAL ) ), 'is_string' ) ),
			'verified'       => (bool) ( $item['verified'] ?? true ),
			'verification'   => isset( $item['verification'] ) ? (string) $item['verification'] : null,
			'scope'          => SnapshotScope::fromMeta( $meta['scope'] ?? null )?->toArray(),
			'offsite_copy'   => is_array( $item['offsite_copy'] ?? null ) ? $item['offsite_copy'] : null,
			'restore_of'     => self::restore_of( $meta ),
		);
		$data   += BackupActions::of( $data['locations'], $data['verified'], ! empty( $item['in_use'] ) );
		foreach ( BackupSchema::ONE_BACKUP_ONLY as $field ) {
			if ( array_key_exists( $field, $item ) ) {
				$data[ $field ] = $item[ $field ];
			}
		}
		$context  = ! empty( $request['context'] ) ? (string) $request['context'] : 'view';
		$data     = $this->add_additional_fields_to_object( $data, $request );
		$data     = $this->filter_response_by_context( $data, $context );
		$response = rest_ensure_response( $data );
		$response->add_link( 'self', rest_url( sprintf( '%s/%s/%s', $this->namespace, $this->rest_base, $data['id'] ) ) );
		return $response;
	}

	/**
	 * The backup a safety backup's restore was about to put back, as its record says (a record may
	 * come from a bucket: RestoreOrigin takes only a well-formed one).
	 *
	 * @param array<mixed> $meta The backup's record meta.
	 * @return array{id: string, created: string}|null
	 */
	private static function restore_of( array $meta ): ?array {
		$origin  = RestoreOrigin::fromMeta( $meta['restore_of'] ?? null );
		$created = null === $origin ? null : IsoTime::from( $origin->created );
		return null === $origin || null === $created ? null : array(
			'id'      => $origin->id,
			'created' => $created,
		);
	}

	/**
	 * The parameters of GET /backups.
	 *
	 * @return array<string, mixed>
	 */
	public function get_collection_params() {
		$params = parent::get_collection_params();
		unset( $params['search'] );
		$params['per_page']['maximum'] = 100;
		$params['environment']         = array(
			'description' => __( 'Whose backups to list.', 'site-backups' ),
			'type'        => 'string',
			'enum'        => EnvironmentRegistry::names(),
			'required'    => true,
		);
		$params['trigger']             = array(
			'description' => __( 'Only backups made this way.', 'site-backups' ),
			'type'        => 'string',
			'enum'        => BackupRequest::TRIGGERS,
		);
		return $params;
	}

	/**
	 * The backup's schema (cached).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema( BackupSchema::TITLE, array( BackupSchema::class, 'properties' ), BackupSchema::ONE_BACKUP_ONLY );
	}
}
