<?php
/**
 * POST /backups/{id}/fetch: brings a backup kept only off-site back to this server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Jobs\Job;
use SiteBackups\Offsite\BackupNotVerified;
use Throwable;
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
		try {
			if ( $this->plugin->backups()->engine()->store()->snapshots()->has( $id ) ) {
				return new WP_Error( 'site_backups_backup_local', __( 'That backup is on this server already.', 'site-backups' ), array( 'status' => 409 ) );
			}
			if ( ! $this->plugin->offsite()->has( $id ) ) {
				return new WP_Error( 'site_backups_backup_not_found', __( 'No backup has that id.', 'site-backups' ), array( 'status' => 404 ) );
			}
			$environment = $this->plugin->offsite()->record( $id )->environment();
		} catch ( BackupNotVerified $refused ) {
			return $refused->rest_error();
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		$job = Job::create(
			'fetch',
			array(
				'backup'      => $id,
				'environment' => $environment,
			),
			get_current_user_id()
		);
		return $this->start_job( $job, __( 'Another backup or restore is running. Wait for it to finish, or cancel it, before fetching a backup.', 'site-backups' ) );
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
