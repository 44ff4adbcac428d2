<?php
/**
 * POST /backups/{id}/restore: starts a restore job.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\RestoreSelection;
use SiteBackups\App\StartRestore;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\Job;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * StartRestore checks everything that can be checked before the job starts, so a refused
 * restore touches nothing; this route takes the request apart and answers.
 */
final class RestoreController extends Controller {

	public const PARTS = StartRestore::PARTS;

	protected const REST_BASE = 'backups';

	/**
	 * Sets up the route's work.
	 *
	 * @param StartRestore $start_restore Starts a restore.
	 */
	public function __construct( private readonly StartRestore $start_restore ) {
		parent::__construct();
	}

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
				'description'       => __( 'What to restore: the database, the files, or both. With paths or tables, a part without a list is left alone, and a list for a part left out here is refused.', 'site-backups' ),
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
				'description'       => __( 'Whether to back up the target first, so the restore can be undone. With paths or tables, the safety backup holds just those.', 'site-backups' ),
				'type'              => 'boolean',
				'default'           => true,
				'validate_callback' => 'rest_validate_request_arg',
			),
			'paths'         => array(
				'description'       => __( 'Restore only these files and folders (relative to the site\'s folder, e.g. wp-content/uploads/2026/11/photo.jpg): each made exactly as in the backup, a folder with what is in it. Without tables, the database is left alone.', 'site-backups' ),
				'type'              => 'array',
				'items'             => array(
					'type'      => 'string',
					'minLength' => 1,
					'maxLength' => 4096,
				),
				'uniqueItems'       => true,
				'maxItems'          => RestoreSelection::MAX_ITEMS,
				'validate_callback' => 'rest_validate_request_arg',
			),
			'tables'        => array(
				'description'       => __( 'Restore only these tables, named as in the backup (e.g. wp_options). Without paths, no file is touched.', 'site-backups' ),
				'type'              => 'array',
				'items'             => array(
					'type'      => 'string',
					'minLength' => 1,
					'maxLength' => 64,
				),
				'uniqueItems'       => true,
				'maxItems'          => RestoreSelection::MAX_ITEMS,
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
		$environment = null !== $request['environment'] ? (string) $request['environment'] : null;
		// Only a browser has a login session worth keeping through the restore.
		$keep_session = '' !== wp_get_session_token();
		return JobStart::answer(
			fn (): Job => $this->start_restore->start(
				$id,
				$environment,
				(array) $request['parts'],
				(bool) $request['safety_backup'],
				$keep_session,
				JobStart::started_by(),
				null !== $request['paths'] ? (array) $request['paths'] : null,
				null !== $request['tables'] ? (array) $request['tables'] : null
			),
			__( 'Another backup or restore is running. Wait for it to finish, or cancel it, before starting a restore.', 'site-backups' )
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
