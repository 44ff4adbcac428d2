<?php
/**
 * REST resource: the running job and recent ones (/jobs).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Plugin;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /jobs[?active=true], GET /jobs/{id}, POST /jobs/{id}/cancel. The
 * screen polls a job while it runs and finds it again after a reload.
 */
final class JobsController extends Controller {

	protected const REST_BASE = 'jobs';

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$id = self::id_arg( __( 'The job id: 32 hexadecimal characters.', 'site-backups' ) );
		$this->add_route( '', array( $this->list_endpoint() ) );
		$this->add_route( self::ITEM_ROUTE, array( $this->read_endpoint() ), $id );
		$this->add_route(
			self::ITEM_ROUTE . '/cancel',
			array( $this->endpoint( WP_REST_Server::CREATABLE, 'cancel_item', 'update_item_permissions_check' ) ),
			$id
		);
	}

	/**
	 * The active job (as a list of zero or one), or the recent jobs.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		if ( $request['active'] ) {
			$active = $this->plugin->job_runner()->active();
			$jobs   = $active ? array( $active ) : array();
		} else {
			$jobs = ( new JobRepository() )->recent();
		}
		$data = array();
		foreach ( $jobs as $job ) {
			$data[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $job, $request ) );
		}
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) count( $data ) );
		$response->header( 'X-WP-TotalPages', '1' );
		return $response;
	}

	/**
	 * One job.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$job = $this->find( (string) $request['id'] );
		if ( is_wp_error( $job ) ) {
			return $job;
		}
		return $this->prepare_item_for_response( $job, $request );
	}

	/**
	 * Asks a job to stop; it stops at its next unit of work, so the answer
	 * may still say running, with cancelling true.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function cancel_item( $request ) {
		$job = $this->find( (string) $request['id'] );
		if ( is_wp_error( $job ) ) {
			return $job;
		}
		try {
			$job = $this->plugin->job_runner()->cancel( $job->id() ) ?? $job;
		} catch ( JobConflict $conflict ) {
			return new WP_Error(
				'site_backups_job_committed',
				__( 'This job can no longer be cancelled: a restore that is switching the site over, or a backup that is saved and being copied off-site. Wait for it to finish.', 'site-backups' ),
				array(
					'status' => 409,
					'job'    => self::job_data( $conflict->running ),
				)
			);
		}
		return $this->prepare_item_for_response( $job, $request );
	}

	/**
	 * A job by id, or the error to answer with.
	 *
	 * @param string $id What the client sent.
	 * @return Job|WP_Error
	 */
	private function find( string $id ) {
		if ( ! JobRepository::is_valid_id( $id ) ) {
			return new WP_Error( 'site_backups_invalid_job_id', __( 'That is not a valid job id.', 'site-backups' ), array( 'status' => 400 ) );
		}
		$job = ( new JobRepository() )->find( $id );
		if ( null === $job ) {
			return new WP_Error( 'site_backups_job_not_found', __( 'No job has that id.', 'site-backups' ), array( 'status' => 404 ) );
		}
		return $job;
	}

	/**
	 * A job as the screen sees it.
	 *
	 * @param mixed           $item    The Job.
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$data     = $item instanceof Job ? self::job_data( $item ) : array();
		$context  = ! empty( $request['context'] ) ? (string) $request['context'] : 'view';
		$data     = $this->add_additional_fields_to_object( $data, $request );
		$data     = $this->filter_response_by_context( $data, $context );
		$response = rest_ensure_response( $data );
		if ( $item instanceof Job ) {
			$response->add_link( 'self', rest_url( sprintf( '%s/%s/%s', $this->namespace, $this->rest_base, $item->id() ) ) );
		}
		return $response;
	}

	/**
	 * A job's public fields: nothing of its internal state, no paths.
	 *
	 * @param Job $job The job.
	 * @return array<string, mixed>
	 */
	public static function job_data( Job $job ): array {
		$raw      = $job->to_array();
		$progress = is_array( $raw['progress'] ?? null ) ? $raw['progress'] : array();
		$done     = (int) ( $progress['done'] ?? 0 );
		$total    = isset( $progress['total'] ) ? (int) $progress['total'] : null;
		$percent  = null;
		if ( Job::DONE === $job->status() ) {
			$percent = 100;
		} elseif ( null !== $total && $total > 0 ) {
			$percent = max( 0, min( 100, intdiv( $done * 100, $total ) ) );
		}
		$result = (object) self::public_fields( is_array( $raw['result'] ?? null ) ? $raw['result'] : array(), array( 'backup', 'safety_backup', 'environment', 'parts' ) );
		$params = (object) self::public_fields( is_array( $raw['params'] ?? null ) ? $raw['params'] : array(), array( 'backup', 'environment', 'parts', 'safety_backup' ) );
		return array(
			'id'          => $job->id(),
			'kind'        => $job->kind(),
			'status'      => $job->status(),
			'environment' => (string) $job->param( 'environment', '' ),
			'trigger'     => (string) $job->param( 'trigger', 'manual' ),
			'note'        => (string) $job->param( 'note', '' ),
			'created'     => self::iso( (int) ( $raw['created'] ?? 0 ) ),
			'updated'     => self::iso( (int) ( $raw['updated'] ?? 0 ) ),
			'finished'    => self::iso( isset( $raw['finished'] ) ? (int) $raw['finished'] : null ),
			'progress'    => array(
				'phase'   => (string) ( $progress['phase'] ?? '' ),
				'done'    => $done,
				'total'   => $total,
				'percent' => $percent,
				'bytes'   => (int) ( $progress['bytes'] ?? 0 ),
				'current' => self::redact( (string) ( $progress['current'] ?? '' ) ),
			),
			'cancelling'  => $job->is_cancelling(),
			'waiting'     => self::waiting_data( $job ),
			'message'     => self::redact( (string) ( $raw['message'] ?? '' ) ),
			'result'      => $result,
			'params'      => $params,
			'committed'   => $job->is_committed(),
			'log'         => self::log_data( is_array( $raw['log'] ?? null ) ? $raw['log'] : array() ),
		);
	}

	/**
	 * Whether the job waits for its database, for the screen.
	 *
	 * @param Job $job The job.
	 * @return array{since: string|null, reason: string}|null
	 */
	private static function waiting_data( Job $job ): ?array {
		$waiting = $job->waiting();
		return null === $waiting ? null : array(
			'since'  => self::iso( $waiting['since'] ),
			'reason' => self::redact( $waiting['reason'] ),
		);
	}

	/**
	 * The fields of a job's params or result the screen may see (never exclusions or paths).
	 *
	 * @param array<mixed> $values All of them.
	 * @param string[]     $names  The public ones.
	 * @return array<string, mixed>
	 */
	private static function public_fields( array $values, array $names ): array {
		$public = array();
		foreach ( $names as $name ) {
			if ( array_key_exists( $name, $values ) && ( is_scalar( $values[ $name ] ) || null === $values[ $name ] || is_array( $values[ $name ] ) ) ) {
				$public[ $name ] = is_array( $values[ $name ] ) ? array_values( array_filter( $values[ $name ], 'is_string' ) ) : $values[ $name ];
			}
		}
		return $public;
	}

	/**
	 * A job's log lines for the screen.
	 *
	 * @param array<mixed> $log Lines as the job stored them.
	 * @return list<array{time: string|null, level: string, message: string}>
	 */
	public static function log_data( array $log ): array {
		$lines = array();
		foreach ( $log as $line ) {
			if ( ! is_array( $line ) ) {
				continue;
			}
			$lines[] = array(
				'time'    => self::iso( (int) ( $line['time'] ?? 0 ) ),
				'level'   => (string) ( $line['level'] ?? 'info' ),
				'message' => self::redact( (string) ( $line['message'] ?? '' ) ),
			);
		}
		return $lines;
	}

	/**
	 * The parameters of GET /jobs.
	 *
	 * @return array<string, mixed>
	 */
	public function get_collection_params() {
		return array(
			'context' => $this->get_context_param( array( 'default' => 'view' ) ),
			'active'  => array(
				'description' => __( 'Only the running job: a list of zero or one.', 'site-backups' ),
				'type'        => 'boolean',
				'default'     => false,
			),
		);
	}

	/**
	 * The job's schema (cached).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema(
			'site-backups-job',
			static function (): array {
				$all = self::ALL_CONTEXTS;
				return array(
					'id'          => array(
						'description' => __( 'The job id.', 'site-backups' ),
						'type'        => 'string',
						'pattern'     => '^[0-9a-f]{32}$',
						'context'     => $all,
						'readonly'    => true,
					),
					'kind'        => array(
						'description' => __( 'What the job does.', 'site-backups' ),
						'type'        => 'string',
						'enum'        => array( 'backup', 'restore', 'offsite', 'fetch' ),
						'context'     => $all,
						'readonly'    => true,
					),
					'status'      => array(
						'description' => __( 'Where the job is.', 'site-backups' ),
						'type'        => 'string',
						'enum'        => array( Job::QUEUED, Job::RUNNING, Job::DONE, Job::FAILED, Job::CANCELLED ),
						'context'     => $all,
						'readonly'    => true,
					),
					'environment' => array(
						'description' => __( 'The environment worked on.', 'site-backups' ),
						'type'        => 'string',
						'context'     => $all,
						'readonly'    => true,
					),
					'trigger'     => array(
						'description' => __( 'What started the job.', 'site-backups' ),
						'type'        => 'string',
						'enum'        => array( 'scheduled', 'manual', 'safety' ),
						'context'     => $all,
						'readonly'    => true,
					),
					'note'        => array(
						'description' => __( 'The note given when the job was asked for.', 'site-backups' ),
						'type'        => 'string',
						'context'     => $all,
						'readonly'    => true,
					),
					'created'     => self::time_schema( __( 'When the job was asked for (UTC).', 'site-backups' ), false ),
					'updated'     => self::time_schema( __( 'When the job last changed (UTC).', 'site-backups' ), false ),
					'finished'    => self::time_schema( __( 'When the job ended (UTC), null while it runs.', 'site-backups' ), true ),
					'progress'    => array(
						'description' => __( 'How far the job is.', 'site-backups' ),
						'type'        => 'object',
						'context'     => $all,
						'readonly'    => true,
						'properties'  => array(
							'phase'   => array( 'type' => 'string' ),
							'done'    => array( 'type' => 'integer' ),
							'total'   => array( 'type' => array( 'integer', 'null' ) ),
							'percent' => array(
								'type'    => array( 'integer', 'null' ),
								'minimum' => 0,
								'maximum' => 100,
							),
							'bytes'   => array( 'type' => 'integer' ),
							'current' => array( 'type' => 'string' ),
						),
					),
					'cancelling'  => array(
						'description' => __( 'Whether someone asked the job to stop.', 'site-backups' ),
						'type'        => 'boolean',
						'context'     => $all,
						'readonly'    => true,
					),
					'waiting'     => array(
						'description' => __( 'While the database is away: since when the job waits for it (its work is kept), and what the server said; null otherwise.', 'site-backups' ),
						'type'        => array( 'object', 'null' ),
						'context'     => $all,
						'readonly'    => true,
						'properties'  => array(
							'since'  => array(
								'type'   => 'string',
								'format' => 'date-time',
							),
							'reason' => array( 'type' => 'string' ),
						),
					),
					'message'     => array(
						'description' => __( 'Why the job failed, for the administrator; empty otherwise.', 'site-backups' ),
						'type'        => 'string',
						'context'     => $all,
						'readonly'    => true,
					),
					'result'      => array(
						'description' => __( 'What the job produced once done: the new backup id, or for a restore the backup restored and the safety backup taken.', 'site-backups' ),
						'type'        => 'object',
						'context'     => $all,
						'readonly'    => true,
						'properties'  => array(
							'backup'        => array( 'type' => 'string' ),
							'safety_backup' => array( 'type' => array( 'string', 'null' ) ),
							'environment'   => array( 'type' => 'string' ),
							'parts'         => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
						),
					),
					'params'      => array(
						'description' => __( 'What a restore was asked to do.', 'site-backups' ),
						'type'        => 'object',
						'context'     => $all,
						'readonly'    => true,
						'properties'  => array(
							'backup'        => array( 'type' => 'string' ),
							'environment'   => array( 'type' => 'string' ),
							'safety_backup' => array( 'type' => 'boolean' ),
							'parts'         => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
						),
					),
					'committed'   => array(
						'description' => __( 'Whether the job is past the point where it can be cancelled.', 'site-backups' ),
						'type'        => 'boolean',
						'context'     => $all,
						'readonly'    => true,
					),
					'log'         => self::log_schema(),
				);
			}
		);
	}

	/**
	 * The schema of a time field.
	 *
	 * @param string $description What the time is.
	 * @param bool   $nullable    Whether it may be null.
	 * @return array<string, mixed>
	 */
	public static function time_schema( string $description, bool $nullable ): array {
		return array(
			'description' => $description,
			'type'        => $nullable ? array( 'string', 'null' ) : 'string',
			'format'      => 'date-time',
			'context'     => array( 'view', 'edit', 'embed' ),
			'readonly'    => true,
		);
	}

	/**
	 * The schema of a job log.
	 *
	 * @return array<string, mixed>
	 */
	public static function log_schema(): array {
		return array(
			'description' => __( 'What the job did, oldest first.', 'site-backups' ),
			'type'        => 'array',
			'context'     => array( 'view', 'edit' ),
			'readonly'    => true,
			'items'       => array(
				'type'       => 'object',
				'properties' => array(
					'time'    => array(
						'type'   => 'string',
						'format' => 'date-time',
					),
					'level'   => array(
						'type' => 'string',
						'enum' => array( 'info', 'warning', 'error' ),
					),
					'message' => array( 'type' => 'string' ),
				),
			),
		);
	}
}
