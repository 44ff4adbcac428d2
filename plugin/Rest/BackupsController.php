<?php
/**
 * REST resource: the published backups of each environment (/backups).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Backups\Exclusions;
use SiteBackups\Backups\BackupLogs;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backups;
use SiteBackups\Engine\Database\TableOwnership;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Offsite\RecordVerification;
use SiteBackups\Engine\Restore\SnapshotReader;
use SiteBackups\Engine\Retention\BackupInUse;
use SiteBackups\Engine\Retention\PlanRetention;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Plugin;
use SiteBackups\Retention\Plan;
use SiteBackups\Support\IsoTime;
use SiteBackups\Support\Redactor;
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

	/** How many skipped or excluded paths a backup's details list at most. */
	public const DETAILS_CAP = 200;

	public const NOTE_MAX_LENGTH = 200;

	protected const REST_BASE = 'backups';

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
			$all = $this->summaries();
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		$environment = (string) $request['environment'];
		$trigger     = (string) ( $request['trigger'] ?? '' );
		$newest      = $this->newest_production_id( $all );
		$matching    = array_values(
			array_filter(
				$all,
				static fn ( array $s ): bool => ( $s['meta']['environment'] ?? null ) === $environment
					&& ( '' === $trigger || ( $s['meta']['trigger'] ?? null ) === $trigger )
			)
		);
		$per_page    = max( 1, (int) $request['per_page'] );
		$page        = max( 1, (int) $request['page'] );
		$total       = count( $matching );
		$pages       = (int) ceil( $total / $per_page );
		if ( $page > 1 && $page > $pages ) {
			return new WP_Error( 'rest_invalid_page_number', __( 'The page number requested is larger than the number of pages available.', 'site-backups' ), array( 'status' => 400 ) );
		}
		$data = array();
		foreach ( array_slice( $matching, ( $page - 1 ) * $per_page, $per_page ) as $summary ) {
			$summary['kept'] = $summary['id'] === $newest;
			$data[]          = $this->prepare_response_for_collection( $this->prepare_item_for_response( $summary, $request ) );
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
		$name = (string) $request['environment'];
		if ( ! in_array( $name, EnvironmentRegistry::names(), true ) || null === $this->plugin->backups()->environments()->get( $name ) ) {
			$problem = Environment::STAGING === $name ? $this->plugin->backups()->environments()->staging_problem() : '';
			return new WP_Error(
				'site_backups_environment_unavailable',
				'' !== $problem ? $problem : __( 'That environment is not available for backups.', 'site-backups' ),
				array( 'status' => 400 )
			);
		}
		$job = Job::create(
			'backup',
			array(
				'environment' => $name,
				'trigger'     => 'manual',
				'note'        => (string) $request['note'],
				'exclusions'  => Exclusions::saved(),
			),
			get_current_user_id()
		);
		return $this->start_job( $job, __( 'Another backup is running. Wait for it to finish, or cancel it, before starting a new one.', 'site-backups' ) );
	}

	/**
	 * The backup a request names, with the list it was found in.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return array{0: string, 1: list<array<string, mixed>>, 2: array<string, mixed>}|WP_Error
	 */
	private function locate( $request ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		try {
			$summaries = $this->summaries();
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		$summary = $this->find( $summaries, $id );
		if ( null === $summary ) {
			return $this->not_found();
		}
		$summary['kept'] = $id === $this->newest_production_id( $summaries );
		return array( $id, $summaries, $summary );
	}

	/**
	 * One backup, with the paths it skipped or excluded and its job's log.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$found = $this->locate( $request );
		if ( is_wp_error( $found ) ) {
			return $found;
		}
		list( $id, , $summary ) = $found;
		try {
			$summary['details'] = $this->details( $id, (array) ( $summary['meta']['counts'] ?? array() ) );
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		$summary['log']      = $this->job_log( $id );
		$summary['left_out'] = $this->left_out( $id );
		return $this->prepare_item_for_response( $summary, $request );
	}

	/**
	 * Forgets one backup, then deletes the data no other backup uses.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$found = $this->locate( $request );
		if ( is_wp_error( $found ) ) {
			return $found;
		}
		list( $id, , $summary ) = $found;
		if ( ! BackupActions::deletable( (array) ( $summary['locations'] ?? array( BackupActions::LOCAL ) ) ) ) {
			return new WP_Error(
				'site_backups_offsite_only',
				__( 'This backup is kept only off-site, where retention removes it when it expires. It can be restored or downloaded.', 'site-backups' ),
				array( 'status' => 409 )
			);
		}
		try {
			$previous = $this->prepare_item_for_response( $summary, $request )->get_data();
			$this->plugin->backups()->delete( $id );
			if ( in_array( BackupActions::OFFSITE, (array) ( $summary['locations'] ?? array() ), true ) ) {
				$this->plugin->offsite()->forget_remote( $id );
			}
		} catch ( BackupInUse $in_use ) {
			return new WP_Error(
				'site_backups_backup_in_use',
				__( 'This backup cannot be deleted while the backup that builds on it is running. Try again when it has finished.', 'site-backups' ),
				array( 'status' => 409 )
			);
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		return rest_ensure_response(
			array(
				'deleted'  => true,
				'previous' => $previous,
			)
		);
	}

	/**
	 * A backup as the screen sees it.
	 *
	 * @param mixed           $item    A snapshot summary {id, parent, meta}, plus kept (bool) and for one backup details and log.
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
			'locations'      => array_values( array_filter( (array) ( $item['locations'] ?? array( 'local' ) ), 'is_string' ) ),
			'verified'       => (bool) ( $item['verified'] ?? true ),
			'verification'   => isset( $item['verification'] ) ? (string) $item['verification'] : null,
		);
		$data   += BackupActions::of( $data['locations'], $data['verified'] );
		if ( isset( $item['details'] ) ) {
			$data['details'] = $item['details'];
		}
		if ( isset( $item['log'] ) ) {
			$data['log'] = $item['log'];
		}
		if ( isset( $item['left_out'] ) ) {
			$data['left_out'] = $item['left_out'];
		}
		$context  = ! empty( $request['context'] ) ? (string) $request['context'] : 'view';
		$data     = $this->add_additional_fields_to_object( $data, $request );
		$data     = $this->filter_response_by_context( $data, $context );
		$response = rest_ensure_response( $data );
		$response->add_link( 'self', rest_url( sprintf( '%s/%s/%s', $this->namespace, $this->rest_base, $data['id'] ) ) );
		return $response;
	}

	/**
	 * Every published backup, newest first.
	 *
	 * @return list<array{id: string, parent: ?string, meta: array<string, mixed>}>
	 */
	private function summaries(): array {
		return ( new \SiteBackups\Offsite\BackupLocations( $this->plugin ) )->summaries();
	}

	/**
	 * The newest production backup, which retention never removes.
	 *
	 * @param list<array{id: string, parent: ?string, meta: array<string, mixed>}> $summaries Newest first.
	 */
	private function newest_production_id( array $summaries ): ?string {
		return PlanRetention::alwaysKept( $summaries );
	}

	/**
	 * A summary by id.
	 *
	 * @param list<array{id: string, parent: ?string, meta: array<string, mixed>}> $summaries All backups.
	 * @param string                                                               $id        A valid id.
	 * @return array{id: string, parent: ?string, meta: array<string, mixed>}|null
	 */
	private function find( array $summaries, string $id ): ?array {
		foreach ( $summaries as $summary ) {
			if ( $summary['id'] === $id ) {
				return $summary;
			}
		}
		return null;
	}

	/**
	 * The answer for an id no backup has.
	 */
	private function not_found(): WP_Error {
		return new WP_Error( 'site_backups_backup_not_found', __( 'No backup has that id.', 'site-backups' ), array( 'status' => 404 ) );
	}

	/**
	 * The paths a backup skipped or excluded, with the reasons, from its
	 * manifest (one piece in memory at a time), capped.
	 *
	 * @param string              $id     A published backup.
	 * @param array<mixed, mixed> $counts The backup's counts, to stop reading once all are found.
	 * @return array{skipped: list<array{path: string, reason: string}>, excluded: list<array{path: string, reason: string}>}
	 */
	private function details( string $id, array $counts ): array {
		$lists = array(
			Entry::SKIPPED  => array(),
			Entry::EXCLUDED => array(),
		);
		$want  = array(
			Entry::SKIPPED  => min( self::DETAILS_CAP, (int) ( $counts['skipped'] ?? PHP_INT_MAX ) ),
			Entry::EXCLUDED => min( self::DETAILS_CAP, (int) ( $counts['excluded'] ?? PHP_INT_MAX ) ),
		);
		if ( $want[ Entry::SKIPPED ] > 0 || $want[ Entry::EXCLUDED ] > 0 ) {
			$reader = new SnapshotReader( $this->plugin->backups()->engine()->store() );
			foreach ( $reader->entries( $id ) as $entry ) {
				if ( isset( $lists[ $entry->status ] ) && count( $lists[ $entry->status ] ) < $want[ $entry->status ] ) {
					$lists[ $entry->status ][] = array(
						'path'   => Redactor::redact( mb_convert_encoding( $entry->path, 'UTF-8', 'UTF-8' ) ),
						'reason' => Redactor::redact( (string) $entry->reason ),
					);
				}
				if ( count( $lists[ Entry::SKIPPED ] ) >= $want[ Entry::SKIPPED ] && count( $lists[ Entry::EXCLUDED ] ) >= $want[ Entry::EXCLUDED ] ) {
					break;
				}
			}
		}
		return array(
			'skipped'  => $lists[ Entry::SKIPPED ],
			'excluded' => $lists[ Entry::EXCLUDED ],
		);
	}

	/**
	 * The tables the backup left out as not the site's, from its record (none for a backup
	 * kept only off-site: its record is not here).
	 *
	 * @param string $id A backup id.
	 * @return list<array{table: string, kind: string, prefix: string, reason: string}>
	 */
	private function left_out( string $id ): array {
		try {
			$notes = $this->plugin->backups()->engine()->snapshot( $id )->sourceNotes( Backups::DATABASE );
		} catch ( Throwable $error ) {
			return array();
		}
		$left = array();
		foreach ( (array) ( $notes['left_out'] ?? array() ) as $table => $why ) {
			$install = TableOwnership::installIn( (string) $why );
			if ( TableOwnership::LISTED === $why ) {
				$item = array( 'listed', '', __( 'listed as foreign', 'site-backups' ) );
			} elseif ( null !== $install ) {
				/* translators: %s: the other install's table prefix, e.g. wp_shop_. */
				$item = array( 'another_install', $install, sprintf( __( 'another install (%s)', 'site-backups' ), $install ) );
			} else {
				$item = array( 'other', '', (string) $why );
			}
			$left[] = array(
				'table'  => (string) $table,
				'kind'   => $item[0],
				'prefix' => $item[1],
				'reason' => $item[2],
			);
		}
		return $left;
	}

	/**
	 * The log of the job that made a backup, if it is still remembered.
	 *
	 * @param string $id A backup id.
	 * @return list<array{time: string|null, level: string, message: string}>
	 */
	private function job_log( string $id ): array {
		$kept = ( new BackupLogs() )->get( $id );
		if ( $kept ) {
			return JobPresenter::log( $kept );
		}
		foreach ( ( new JobRepository() )->recent() as $job ) {
			$raw = $job->to_array();
			if ( ( $raw['result']['backup'] ?? null ) === $id || ( $job->state()['backup'] ?? null ) === $id ) {
				return JobPresenter::log( is_array( $raw['log'] ?? null ) ? $raw['log'] : array() );
			}
		}
		return array();
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
		return $this->object_schema(
			'site-backups-backup',
			static function (): array {
				$all     = self::ALL_CONTEXTS;
				$string  = static fn ( string $description, array $extra = array() ): array => array(
					'description' => $description,
					'type'        => 'string',
					'context'     => $all,
					'readonly'    => true,
				) + $extra;
				$integer = static fn ( string $description ): array => array(
					'description' => $description,
					'type'        => 'integer',
					'context'     => $all,
					'readonly'    => true,
				);
				$boolean = static fn ( string $description ): array => array(
					'description' => $description,
					'type'        => 'boolean',
					'context'     => $all,
					'readonly'    => true,
				);
				$paths   = array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'path'   => array( 'type' => 'string' ),
							'reason' => array( 'type' => 'string' ),
						),
					),
				);
				return array(
					'id'             => $string( __( 'The backup id.', 'site-backups' ), array( 'pattern' => '^[0-7][0-9a-hjkmnp-tv-z]{25}$' ) ),
					'environment'    => $string( __( 'The environment backed up.', 'site-backups' ), array( 'enum' => EnvironmentRegistry::names() ) ),
					'trigger'        => $string( __( 'What made the backup.', 'site-backups' ), array( 'enum' => BackupRequest::TRIGGERS ) ),
					'note'           => $string( __( 'The note given with the backup.', 'site-backups' ) ),
					'created'        => DateTimeField::schema( __( 'When the backup began (UTC).', 'site-backups' ), false ),
					'finished'       => DateTimeField::schema( __( 'When the backup was complete (UTC).', 'site-backups' ), true ),
					'expires'        => DateTimeField::schema( __( 'When retention removes the backup (UTC); null for the newest production backup, which is always kept.', 'site-backups' ), true ),
					'status'         => $string( __( 'complete, or partial when some files could not be read.', 'site-backups' ), array( 'enum' => array( 'complete', 'partial' ) ) ),
					'size'           => $integer( __( 'Bytes of the site the backup holds.', 'site-backups' ) ),
					'stored_bytes'   => $integer( __( 'Bytes the backup added to the store (the rest is shared with other backups).', 'site-backups' ) ),
					'counts'         => array(
						'description' => __( 'What the backup holds and left out.', 'site-backups' ),
						'type'        => 'object',
						'context'     => $all,
						'readonly'    => true,
						'properties'  => array(
							'files'    => array( 'type' => 'integer' ),
							'dirs'     => array( 'type' => 'integer' ),
							'symlinks' => array( 'type' => 'integer' ),
							'excluded' => array( 'type' => 'integer' ),
							'skipped'  => array( 'type' => 'integer' ),
						),
					),
					'wp_version'     => $string( __( 'The WordPress version backed up.', 'site-backups' ) ),
					'plugin_version' => $string( __( 'The Site Backups version that made the backup.', 'site-backups' ) ),
					'locations'      => array(
						'description' => __( 'Where the backup is kept: on this server (local), in the off-site bucket, or both.', 'site-backups' ),
						'type'        => 'array',
						'items'       => array(
							'type' => 'string',
							'enum' => array( BackupActions::LOCAL, BackupActions::OFFSITE ),
						),
						'context'     => array( 'view', 'edit', 'embed' ),
						'readonly'    => true,
					),
					'verified'       => array(
						'description' => __( 'Whether the backup can be trusted: true for one on this server, and for one only the bucket holds when its record is signed with this site\'s recovery key. One that is not cannot be restored, fetched or downloaded.', 'site-backups' ),
						'type'        => 'boolean',
						'context'     => $all,
						'readonly'    => true,
					),
					'verification'   => array(
						'description' => __( 'Why the backup is not verified; null when it is.', 'site-backups' ),
						'type'        => array( 'string', 'null' ),
						'enum'        => array( ...RecordVerification::REASONS, null ),
						'context'     => $all,
						'readonly'    => true,
					),
					'can_restore'    => $boolean( __( 'Whether POST /backups/{id}/restore accepts it: false for one that is not verified.', 'site-backups' ) ),
					'can_delete'     => $boolean( __( 'Whether DELETE /backups/{id} accepts it: false for one kept only off-site, which retention removes there.', 'site-backups' ) ),
					'can_download'   => $boolean( __( 'Whether it can be downloaded: false for one that is not verified.', 'site-backups' ) ),
					'can_fetch'      => $boolean( __( 'Whether POST /backups/{id}/fetch accepts it: true for a verified backup kept only off-site.', 'site-backups' ) ),
					'details'        => array(
						'description' => __( 'Paths skipped or excluded, with the reason (one backup only, at most 200 of each).', 'site-backups' ),
						'type'        => 'object',
						'context'     => array( 'view', 'edit' ),
						'readonly'    => true,
						'properties'  => array(
							'skipped'  => $paths,
							'excluded' => $paths,
						),
					),
					'log'            => JobSchema::log(),
					'left_out'       => array(
						'description' => __( 'Tables of the database the backup left out because they are not the site\'s: another install sharing its table prefix, or listed as foreign (one backup only).', 'site-backups' ),
						'type'        => 'array',
						'context'     => array( 'view', 'edit' ),
						'readonly'    => true,
						'items'       => array(
							'type'       => 'object',
							'properties' => array(
								'table'  => array( 'type' => 'string' ),
								'kind'   => array(
									'type' => 'string',
									'enum' => array( 'another_install', 'listed', 'other' ),
								),
								'prefix' => array(
									'description' => __( 'The other install\'s table prefix; empty for a listed table.', 'site-backups' ),
									'type'        => 'string',
								),
								'reason' => array( 'type' => 'string' ),
							),
						),
					),
				);
			},
			// Only GET /backups/{id} sends these.
			array( 'details', 'log', 'left_out' )
		);
	}
}
