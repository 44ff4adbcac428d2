<?php
/**
 * REST routes: inside a backup, and what changed between two (/backups/{id}/files, /tables,
 * /changes, /changes/tables, /files/content).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\Rest;

use SiteBackups\App\BrowseBackup;
use SiteBackups\App\Refused;
use SiteBackups\Engine\Browse\Paging;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Read-only, for the same administrators as every route. Lists come a page at a time: `next` is
 * what to send as `after` for the next page, null on the last. A cursor is the last name of the
 * page, or, for a name that is not UTF-8 (or begins with a slash, which no name of a backup
 * does), a slash and its base64: so every cursor travels as a JSON string.
 *
 * /files/content sends the bytes of one regular file and ends the request, like the download
 * route (StreamedResponse); WP-CLI reads files with wp site-backups cat instead.
 */
final class BrowseController extends Controller {

	protected const REST_BASE = 'backups';

	/** How an encoded cursor begins: no name or path of a backup does. */
	private const ENCODED_CURSOR = '/';

	/**
	 * Sets up the routes' work.
	 *
	 * @param BrowseBackup $browse Reads inside the backups this server holds.
	 */
	public function __construct( private readonly BrowseBackup $browse ) {
		parent::__construct();
	}

	/**
	 * Registers the routes, each with the schema of what it sends.
	 */
	public function register_routes(): void {
		$paging  = self::paging_args();
		$compare = array(
			'since' => array(
				'description' => __( 'The backup to compare with; by default the one before, of the same environment.', 'site-backups' ),
				'type'        => 'string',
			),
		) + $paging;
		$this->browse_route( '/files', 'get_folder', array( 'path' => self::path_arg( __( 'The folder; empty for the top of the site.', 'site-backups' ), false ) ) + $paging, array( BrowseSchema::class, 'folder_page' ) );
		$this->browse_route( '/tables', 'get_tables', $paging, array( BrowseSchema::class, 'tables_page' ) );
		$this->browse_route( '/changes', 'get_changes', $compare, array( BrowseSchema::class, 'changes' ) );
		$this->browse_route( '/changes/tables', 'get_table_changes', $compare, array( BrowseSchema::class, 'table_changes' ) );
		$content = array(
			'path'   => self::path_arg( __( 'The file, from the top of the site.', 'site-backups' ), true ),
			'inline' => array(
				'description' => __( 'Show an image or text in the browser instead of saving it.', 'site-backups' ),
				'type'        => 'boolean',
				'default'     => false,
			),
		) + StreamedResponse::nonce_arg();
		$this->browse_route( '/files/content', 'get_file_content', $content, array( BrowseSchema::class, 'file_content' ) );
	}

	/**
	 * One page of a folder of the backup.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_folder( $request ) {
		return $this->answer(
			$request,
			fn ( string $id, ?string $after ): array => $this->browse->folder( $id, (string) $request['path'], $after, (int) $request['per_page'] )->toArray()
		);
	}

	/**
	 * One page of the backup's tables.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_tables( $request ) {
		return $this->answer(
			$request,
			function ( string $id, ?string $after ) use ( $request ): array {
				$page = $this->browse->tables( $id, $after, (int) $request['per_page'] )->toArray();
				// Every list of these routes is "items".
				$page['items'] = $page['tables'];
				unset( $page['tables'] );
				return $page;
			}
		);
	}

	/**
	 * One page of the paths that changed since another backup; with the first page, the counts
	 * of every change.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_changes( $request ) {
		return $this->answer(
			$request,
			function ( string $id, ?string $after ) use ( $request ): array {
				$since   = $this->since( $id, $request['since'] );
				$page    = $this->browse->changes( $id, $since, $after, (int) $request['per_page'] )->toArray();
				$summary = null === $after ? $this->browse->summary( $id, $since )->toArray() : null;
				return array(
					'backup'  => $id,
					'since'   => $since,
					'summary' => $summary,
					'files'   => $page['changes'],
				) + $page;
			},
			array( 'changes' )
		);
	}

	/**
	 * One page of the tables that changed since another backup.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_table_changes( $request ) {
		return $this->answer(
			$request,
			function ( string $id, ?string $after ) use ( $request ): array {
				$since = $this->since( $id, $request['since'] );
				$page  = $this->browse->table_changes( $id, $since, $after, (int) $request['per_page'] )->toArray();
				return array(
					'backup' => $id,
					'since'  => $since,
					'items'  => $page['changes'],
				) + $page;
			},
			array( 'changes' )
		);
	}

	/**
	 * Streams one regular file of the backup and ends the request; answers with an error while
	 * nothing has been sent.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_Error Only when nothing was sent: on success the request ends here.
	 */
	public function get_file_content( $request ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		try {
			$file = $this->browse->file( $id, (string) $request['path'] );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		if ( StreamedResponse::dispatched_inside_php() ) {
			return new WP_Error(
				'site_backups_file_needs_http',
				__( 'Files of a backup are read over HTTP. On the command line, use wp site-backups cat.', 'site-backups' ),
				array( 'status' => 400 )
			);
		}
		$unavailable = StreamedResponse::take_over();
		if ( null !== $unavailable ) {
			return $unavailable;
		}
		status_header( 200 );
		StreamedResponse::send_common_headers();
		foreach ( FileContentHeaders::lines( $file->item->name, $file->item->size, (bool) $request['inline'] ) as $line ) {
			header( $line );
		}
		if ( 'HEAD' !== $request->get_method() ) {
			StreamedResponse::lift_time_limit();
			StreamedResponse::write( static fn ( $out ): int => $file->copyTo( $out ), 'the file of backup ' . $id );
		}
		StreamedResponse::end_request();
	}

	/**
	 * Registers one GET route below /backups/{id}.
	 *
	 * @param string                              $path     What follows the id.
	 * @param string                              $callback Method name of the handler.
	 * @param array<string, array<string, mixed>> $args     Its arguments.
	 * @param callable                            $schema   Gives the schema of what it sends (an array).
	 */
	private function browse_route( string $path, string $callback, array $args, callable $schema ): void {
		register_rest_route(
			RestApi::NAMESPACE,
			'/' . $this->rest_base . self::ITEM_ROUTE . $path,
			array(
				$this->endpoint( WP_REST_Server::READABLE, $callback, 'get_item_permissions_check', $args ),
				'args'   => self::id_arg( __( 'The backup id: 26 lowercase letters and digits.', 'site-backups' ) ),
				'schema' => $schema,
			)
		);
	}

	/**
	 * Answers a list route: the id and the cursor checked, the page read, its next cursor encoded.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @param callable        $read    Reads the page as an array, given the id and the cursor (string, ?string).
	 * @param string[]        $drop    Keys of the page not sent.
	 * @return WP_REST_Response|WP_Error
	 */
	private function answer( WP_REST_Request $request, callable $read, array $drop = array() ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		try {
			$data = $read( $id, self::decoded_cursor( $request['after'] ) );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		foreach ( $drop as $key ) {
			unset( $data[ $key ] );
		}
		return rest_ensure_response( self::encoded_cursor( $data ) );
	}

	/**
	 * The backup to compare with: the one named, else the one before.
	 *
	 * @param string $id    The newer backup.
	 * @param mixed  $since What the client sent.
	 * @throws Refused For a malformed id, or when there is no backup before.
	 */
	private function since( string $id, mixed $since ): string {
		if ( null === $since || '' === $since ) {
			return $this->browse->previous( $id );
		}
		$checked = $this->checked_id( $since );
		if ( is_wp_error( $checked ) ) {
			throw new Refused( 'site_backups_invalid_backup_id', $checked->get_error_message(), Refused::INVALID );
		}
		return $checked;
	}

	/**
	 * The page's next cursor as a JSON string (see the class).
	 *
	 * @param array<string, mixed> $data A page as the engine's toArray() gives it.
	 * @return array<string, mixed>
	 */
	private static function encoded_cursor( array $data ): array {
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- a name that is not UTF-8, as the engine sends it in JSON.
		$raw = isset( $data['next_b64'] ) ? base64_decode( (string) $data['next_b64'], true ) : ( $data['next'] ?? null );
		unset( $data['next_b64'] );
		$plain = is_string( $raw ) && mb_check_encoding( $raw, 'UTF-8' ) && ! str_starts_with( $raw, self::ENCODED_CURSOR );
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the cursor of a name that is not UTF-8, for JSON.
		$data['next'] = is_string( $raw ) && ! $plain ? self::ENCODED_CURSOR . base64_encode( $raw ) : $raw;
		return $data;
	}

	/**
	 * The cursor sent as after, as the engine takes it; null for the first page.
	 *
	 * @param mixed $after What the client sent.
	 * @throws Refused For an encoded cursor that does not decode.
	 */
	private static function decoded_cursor( mixed $after ): ?string {
		if ( ! is_string( $after ) || '' === $after ) {
			return null;
		}
		if ( ! str_starts_with( $after, self::ENCODED_CURSOR ) ) {
			return $after;
		}
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- a cursor this route encoded.
		$raw = base64_decode( substr( $after, strlen( self::ENCODED_CURSOR ) ), true );
		if ( false === $raw || '' === $raw ) {
			throw new Refused( 'site_backups_invalid_page', __( 'That is not a cursor this route gave.', 'site-backups' ), Refused::INVALID );
		}
		return $raw;
	}

	/**
	 * The after and per_page arguments of a list.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function paging_args(): array {
		return array(
			'after'    => array(
				'description' => __( 'The next of the page before; leave out for the first page.', 'site-backups' ),
				'type'        => 'string',
			),
			'per_page' => array(
				'description' => __( 'At most this many items on the page.', 'site-backups' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => Paging::MAX_LIMIT,
				'default'     => Paging::DEFAULT_LIMIT,
			),
		);
	}

	/**
	 * The path argument.
	 *
	 * @param string $description What it names.
	 * @param bool   $required    Whether it must be sent.
	 * @return array<string, mixed>
	 */
	private static function path_arg( string $description, bool $required ): array {
		$arg = array(
			'description' => $description,
			'type'        => 'string',
		);
		return $arg + ( $required ? array( 'required' => true ) : array( 'default' => '' ) );
	}
}
