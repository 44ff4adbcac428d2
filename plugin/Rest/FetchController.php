<?php
/**
 * POST /backups/{id}/fetch: brings a backup kept only off-site back to this server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\StartFetch;
use SiteBackups\Jobs\Job;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Starts a fetch job, so the screen shows progress and the fetch survives the web server's time
 * limits; a download of an off-site-only backup would otherwise wait silently for every object.
 * A backup whose record this site's recovery key does not vouch for is refused (409).
 */
final class FetchController extends Controller {

	protected const REST_BASE = 'backups';

	/**
	 * Sets up the route's work.
	 *
	 * @param StartFetch $start_fetch Starts a fetch.
	 */
	public function __construct( private readonly StartFetch $start_fetch ) {
		parent::__construct();
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->add_route(
			self::ITEM_ROUTE . '/fetch',
			array( $this->endpoint( WP_REST_Server::CREATABLE, 'create_item', 'create_item_permissions_check', array() ) ),
			self::id_arg( __( 'The backup id: 26 lowercase letters and digits.', 'site-backups' ) )
		);
	}

	/**
	 * Starts the job: 202 with the job.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		return JobStart::answer(
			fn (): Job => $this->start_fetch->start( $id, JobStart::started_by() ),
			__( 'Another backup or restore is running. Wait for it to finish, or cancel it, before fetching a backup.', 'site-backups' )
		);
	}

	/**
	 * The response is a job.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->object_schema( JobSchema::TITLE, array( JobSchema::class, 'properties' ) );
	}
}
