<?php
/**
 * POST /backups/{id}/restore: starts a restore job.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Engine\Environment;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\Job;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Restore\NetworkMatch;
use SiteBackups\Restore\RestoreTarget;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Checks everything that can be checked before the job starts (the backup exists and has all
 * its parts, the target is configured and of the backup's kind, a network or a single site, no
 * other job runs), so a refused restore touches nothing.
 */
final class RestoreController extends Controller {

	public const PARTS = array( 'database', 'files' );

	protected const REST_BASE = 'backups';

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->add_route(
			self::ITEM_ROUTE . '/restore',
			array( $this->endpoint( WP_REST_Server::CREATABLE, 'create_item', 'create_item_permissions_check', $this->restore_args() ) ),
			self::id_arg( __( 'The backup id: 26 lowercase letters and digits.', 'site-backups' ) )
		);
	}

	/**
	 * What the route accepts.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function restore_args(): array {
		return array(
			'environment'   => array(
				'description'       => __( 'The environment to restore into; by default the one the backup is of.', 'site-backups' ),
				'type'              => 'string',
				'enum'              => EnvironmentRegistry::names(),
				'validate_callback' => 'rest_validate_request_arg',
			),
			'parts'         => array(
				'description'       => __( 'What to restore: the database, the files, or both.', 'site-backups' ),
				'type'              => 'array',
				'items'             => array(
					'type' => 'string',
					'enum' => self::PARTS,
				),
				'minItems'          => 1,
				'uniqueItems'       => true,
				'default'           => self::PARTS,
				'validate_callback' => 'rest_validate_request_arg',
			),
			'safety_backup' => array(
				'description'       => __( 'Whether to back up the target first, so the restore can be undone.', 'site-backups' ),
				'type'              => 'boolean',
				'default'           => true,
				'validate_callback' => 'rest_validate_request_arg',
			),
		);
	}

	/**
	 * Starts the restore job: 202 with the job.
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
			$engine = $this->plugin->backups()->engine();
			if ( $engine->store()->snapshots()->has( $id ) ) {
				$record  = $engine->snapshot( $id );
				$missing = $engine->findMissing( $id );
			} elseif ( $this->plugin->offsite()->has( $id ) ) {
				// Kept only off-site: fetched (and checked object by object) by the job first.
				$record  = $this->plugin->offsite()->record( $id );
				$missing = null;
			} else {
				return new WP_Error( 'site_backups_backup_not_found', __( 'No backup has that id.', 'site-backups' ), array( 'status' => 404 ) );
			}
		} catch ( BackupNotVerified $refused ) {
			return $refused->rest_error();
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		if ( null !== $missing && ! $missing->isOk() ) {
			return new WP_Error( 'site_backups_backup_damaged', RestoreTarget::damaged_message( $missing ), array( 'status' => 409 ) );
		}
		$name   = null !== $request['environment'] ? (string) $request['environment'] : $record->environment();
		$target = $this->plugin->backups()->environments()->get( $name );
		if ( null === $target ) {
			$problem = Environment::STAGING === $name ? $this->plugin->backups()->environments()->staging_problem() : '';
			return new WP_Error(
				'site_backups_environment_unavailable',
				'' !== $problem ? $problem : __( 'That environment is not available to restore into.', 'site-backups' ),
				array( 'status' => 400 )
			);
		}
		if ( null !== $missing ) {
			// A network and a single site never go into one another (a backup kept only off-site is
			// checked by the job, once fetched).
			try {
				$mismatch = ( new NetworkMatch( $this->plugin->backups() ) )->refusal( $id, $target );
			} catch ( Throwable $error ) {
				return $this->store_error( $error );
			}
			if ( null !== $mismatch ) {
				return new WP_Error( NetworkMatch::CODE, $mismatch, array( 'status' => 409 ) );
			}
		}
		$job = Job::create(
			'restore',
			array(
				'backup'        => $id,
				'environment'   => $name,
				'parts'         => array_values( array_intersect( self::PARTS, (array) $request['parts'] ) ),
				'safety_backup' => (bool) $request['safety_backup'],
				// Only a browser has a login session worth keeping through the restore.
				'keep_session'  => '' !== wp_get_session_token(),
			),
			get_current_user_id()
		);
		return $this->start_job( $job, __( 'Another backup or restore is running. Wait for it to finish, or cancel it, before starting a restore.', 'site-backups' ) );
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
