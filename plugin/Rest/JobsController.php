<?php
/**
 * REST resource: the running job and recent ones (/jobs).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\CancelJob;
use SiteBackups\App\JobLookup;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use Throwable;
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
	 * Sets up the routes' work.
	 *
	 * @param JobLookup $jobs       The running job and recent ones.
	 * @param CancelJob $cancel_job Asks a job to stop.
	 */
	public function __construct(
		private readonly JobLookup $jobs,
		private readonly CancelJob $cancel_job
	) {
		parent::__construct();
	}

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
			$active = $this->jobs->active();
			$jobs   = $active ? array( $active ) : array();
		} else {
			$jobs = $this->jobs->recent();
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
		try {
			$job = $this->jobs->get( (string) $request['id'] );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
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
		try {
			$job = $this->cancel_job->cancel( (string) $request['id'] );
		} catch ( JobConflict $conflict ) {
			return new WP_Error(
				'site_backups_job_committed',
				__( 'This job can no longer be cancelled: a restore that is switching the site over, or a backup that is saved and being copied off-site. Wait for it to finish.', 'site-backups' ),
				array(
					'status' => 409,
					'job'    => JobPresenter::data( $conflict->running ),
				)
			);
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		return $this->prepare_item_for_response( $job, $request );
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
