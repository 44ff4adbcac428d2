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
					'job'    => JobPresenter::data( $conflict->running ),
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
		$data     = $item instanceof Job ? JobPresenter::data( $item ) : array();
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
		return $this->object_schema( JobSchema::TITLE, array( JobSchema::class, 'properties' ) );
	}
}
