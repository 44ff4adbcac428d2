<?php
/**
 * REST route: a backup as one zip file (/backups/{id}/download).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\BackupArchives;
use SiteBackups\Engine\Download\RangeRequest;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Jobs\SliceBudget;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * GET /backups/{id}/download streams the backup as a zip (files/,
 * database.sql, manifest.json) and ends the request: the archive is written
 * as it is read from the store, so its size is bounded neither by memory nor
 * by the disk. Everything that can fail before the first byte (the id, the
 * store) answers with a JSON error; a failure later can only be logged, and
 * the client gets less than the Content-Length it was promised.
 *
 * The same backup is always the same bytes, of a size known before the
 * first one, so a download the host or the network cut off can be finished:
 * the route answers a single Range (206 with Content-Range, 416 for a range
 * the zip does not have), with a strong ETag and If-Range (an ETag that is
 * not the current one gets the whole file again, 200). Before its first
 * download, a backup's database is compressed once: a large one takes more
 * than one request, each answering 503 with Retry-After and going on from
 * where the last one stopped, until the zip can be sent.
 *
 * A plain browser link authenticates with the login cookie plus the REST
 * nonce as the _wpnonce query argument.
 */
final class DownloadController extends Controller {

	protected const REST_BASE = 'backups';

	/**
	 * Sets up the route's work.
	 *
	 * @param BackupArchives $archives Opens a backup's zip, fetching one kept only off-site.
	 */
	public function __construct( private readonly BackupArchives $archives ) {
		parent::__construct();
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->add_route(
			self::ITEM_ROUTE . '/download',
			array(
				$this->endpoint(
					WP_REST_Server::READABLE,
					'download_item',
					'get_item_permissions_check',
					StreamedResponse::nonce_arg()
				),
			),
			self::id_arg( __( 'The backup id: 26 lowercase letters and digits.', 'site-backups' ) )
		);
	}

	/**
	 * Streams the backup's zip (or the range of it asked for) and ends the
	 * request; answers with an error while nothing has been sent yet.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_Error|WP_REST_Response Only when nothing was sent (an error,
	 *                                   503 while the zip is being prepared,
	 *                                   416 for a range the zip does not
	 *                                   have): on success the request ends here.
	 */
	public function download_item( $request ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		try {
			$archive = $this->archives->open( $id, StreamedResponse::lift_time_limit( ... ) );
		} catch ( UnsafePath $unsafe ) {
			return self::unsafe_error( $unsafe );
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		if ( StreamedResponse::dispatched_inside_php() ) {
			return new WP_Error(
				'site_backups_download_needs_http',
				__( 'Backups are downloaded over HTTP. On the command line, use wp site-backups download.', 'site-backups' ),
				array( 'status' => 400 )
			);
		}
		try {
			if ( ! $archive->prepare( SliceBudget::seconds() ) ) {
				return self::preparing( $archive->preparedShare() );
			}
			$size = $archive->size();
			$etag = $archive->etag();
		} catch ( UnsafePath $unsafe ) {
			return self::unsafe_error( $unsafe );
		} catch ( Throwable $error ) {
			return ErrorResponse::store_failure( $error );
		}
		$head = 'HEAD' === $request->get_method();
		// Ranges are for GET only (RFC 9110): a HEAD describes the whole file.
		$wanted = RangeRequest::decide( $head ? null : $request->get_header( 'range' ), $request->get_header( 'if_range' ), $etag, $size );
		if ( RangeRequest::UNSATISFIABLE === $wanted->kind ) {
			return self::unsatisfiable( $size );
		}
		$unavailable = StreamedResponse::take_over();
		if ( null !== $unavailable ) {
			return $unavailable;
		}
		self::send_headers( BackupArchives::file_name( $archive->record() ), $wanted, $size, $etag );
		if ( ! $head ) {
			StreamedResponse::lift_time_limit();
			StreamedResponse::write(
				static fn ( $out ) => $archive->writeRange( $out, $wanted->range ),
				'the download of backup ' . $archive->record()->id
			);
		}
		StreamedResponse::end_request();
	}

	/**
	 * The answer for a backup whose manifest holds an unsafe path.
	 *
	 * @param UnsafePath $unsafe Which path, and why.
	 */
	private static function unsafe_error( UnsafePath $unsafe ): WP_Error {
		return new WP_Error(
			'site_backups_backup_unsafe',
			/* translators: %s: which path of the backup is unsafe, and why. */
			sprintf( __( 'This backup cannot be downloaded: %s', 'site-backups' ), $unsafe->getMessage() ),
			array( 'status' => 422 )
		);
	}

	/**
	 * 503 while the backup's database is being compressed for its first
	 * download: the next request goes on from where this one stopped.
	 *
	 * @param float $share How much is done, from 0 to 1.
	 */
	private static function preparing( float $share ): WP_REST_Response {
		$response = rest_convert_error_to_response(
			new WP_Error(
				'site_backups_download_preparing',
				sprintf(
					/* translators: %s: how much of the work is done, as a percentage. */
					__( 'The download is being prepared: the backup\'s database is being compressed (%s%% done). Try again in a moment; each try goes on from where the last one stopped.', 'site-backups' ),
					number_format_i18n( floor( 100 * $share ) )
				),
				array( 'status' => 503 )
			)
		);
		$response->header( 'Retry-After', '1' );
		return $response;
	}

	/**
	 * 416 for a range the zip does not have, with the zip's size.
	 *
	 * @param int $size The zip's size in bytes.
	 */
	private static function unsatisfiable( int $size ): WP_REST_Response {
		$response = rest_convert_error_to_response(
			new WP_Error(
				'site_backups_range_not_satisfiable',
				/* translators: %s: the size of the backup's zip in bytes. */
				sprintf( __( 'The requested range is not part of this backup\'s zip, which has %s bytes.', 'site-backups' ), number_format_i18n( $size ) ),
				array( 'status' => 416 )
			)
		);
		$response->header( 'Content-Range', 'bytes */' . $size );
		$response->header( 'Accept-Ranges', 'bytes' );
		return $response;
	}



	/**
	 * The response headers: the whole attachment (200) or a range of it
	 * (206), its exact length, the validator a resumed download checks with
	 * If-Range; never cached, never buffered by a proxy.
	 *
	 * @param string       $file_name The name the browser saves it under.
	 * @param RangeRequest $wanted    The whole zip or a range of it.
	 * @param int          $size      The zip's size in bytes.
	 * @param string       $etag      The zip's strong ETag, quoted.
	 */
	private static function send_headers( string $file_name, RangeRequest $wanted, int $size, string $etag ): void {
		$partial = RangeRequest::PARTIAL === $wanted->kind;
		status_header( $partial ? 206 : 200 );
		StreamedResponse::send_common_headers();
		header( 'Content-Type: application/zip' );
		header( 'Content-Disposition: attachment; filename="' . $file_name . '"' );
		header( 'Content-Length: ' . $wanted->range->length() );
		if ( $partial ) {
			header( sprintf( 'Content-Range: bytes %d-%d/%d', $wanted->range->first, $wanted->range->last, $size ) );
		}
		header( 'Accept-Ranges: bytes' );
		header( 'ETag: ' . $etag );
	}



	/**
	 * What the route sends: a zip, not JSON.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( ! $this->schema ) {
			$this->schema = array(
				'$schema'          => 'http://json-schema.org/draft-04/schema#',
				'title'            => 'site-backups-backup-download',
				'description'      => __( 'The backup as one zip file (application/zip): files/ holds the site\'s files with their modes, times and symlinks, database.sql the database for the mariadb client, manifest.json the backup\'s details and every path with its attributes. The same backup always gives the same bytes: a cut download resumes with a Range request (one range; If-Range with the ETag).', 'site-backups' ),
				'type'             => 'string',
				'contentMediaType' => 'application/zip',
			);
		}
		return $this->add_additional_fields_schema( $this->schema );
	}
}
