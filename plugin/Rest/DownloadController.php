<?php
/**
 * REST route: a backup as one zip file (/backups/{id}/download).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\BackupArchives;
use SiteBackups\Jobs\SliceBudget;
use SiteBackups\Support\Redactor;
use SiteBackups\Engine\Download\ByteRange;
use SiteBackups\Engine\Download\RangeRequest;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Restore\UnsafePath;
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
					array(
						'_wpnonce' => array(
							'description' => __( 'The REST nonce, for a plain link; scripts send it as the X-WP-Nonce header instead.', 'site-backups' ),
							'type'        => 'string',
						),
					)
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
			$archive = $this->archives->open( $id, self::lift_time_limit( ... ) );
		} catch ( UnsafePath $unsafe ) {
			return self::unsafe_error( $unsafe );
		} catch ( Throwable $error ) {
			return $this->error_for( $error );
		}
		if ( ! defined( 'REST_REQUEST' ) || ! constant( 'REST_REQUEST' ) ) {
			// Dispatched inside another request (rest_do_request): streaming would end that request too.
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
			return $this->store_error( $error );
		}
		$head = 'HEAD' === $request->get_method();
		// Ranges are for GET only (RFC 9110): a HEAD describes the whole file.
		$wanted = RangeRequest::decide( $head ? null : $request->get_header( 'range' ), $request->get_header( 'if_range' ), $etag, $size );
		if ( RangeRequest::UNSATISFIABLE === $wanted->kind ) {
			return self::unsatisfiable( $size );
		}
		$problem = self::output_problem();
		if ( null !== $problem ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says which code holds the output.
			error_log( 'Site Backups: a download could not start: ' . $problem );
			return new WP_Error(
				'site_backups_output_unavailable',
				__( 'The download could not start: another part of the site has already sent output or holds an output buffer.', 'site-backups' ),
				array( 'status' => 500 )
			);
		}
		self::send_headers( BackupArchives::file_name( $archive->record() ), $wanted, $size, $etag );
		if ( ! $head ) {
			self::stream( $archive, $wanted->range );
		}
		self::end_request();
	}

	/**
	 * Lifts the time limit before a backup kept only off-site is fetched: bringing a whole
	 * backup from the bucket takes longer than max_execution_time.
	 */
	private static function lift_time_limit(): void {
		if ( function_exists( 'set_time_limit' ) ) {
			// phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged -- fetching a whole backup from the bucket takes longer than max_execution_time.
			set_time_limit( 0 );
		}
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
	 * Takes the output over for the archive; says why it cannot.
	 *
	 * @return string|null What stands in the way, for the log; null when the output is ours.
	 */
	private static function output_problem(): ?string {
		if ( headers_sent( $file, $line ) ) {
			return sprintf( 'output had already begun in %s on line %d.', $file, $line );
		}
		if ( ! self::take_over_output() ) {
			return 'an output buffer could not be removed: ' . implode( ', ', ob_list_handlers() ) . '.';
		}
		return null;
	}

	/**
	 * Removes every output buffer and compression layer, so that no other
	 * code's handler sees (or rewrites) the archive's bytes.
	 *
	 * @return bool False when a buffer refuses to go.
	 */
	private static function take_over_output(): bool {
		while ( ob_get_level() > 0 ) {
			// phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a buffer started as non-removable only says so with a notice.
			if ( ! @ob_end_clean() ) {
				return false;
			}
		}
		if ( ini_get( 'zlib.output_compression' ) ) {
			// phpcs:ignore WordPress.PHP.IniSet.Risky, Squiz.PHP.DiscouragedFunctions.Discouraged -- compression would buffer the stream; a zip gains nothing from it.
			ini_set( 'zlib.output_compression', '0' );
		}
		if ( function_exists( 'apache_setenv' ) ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.runtime_configuration_apache_setenv -- keeps mod_deflate from buffering the stream.
			apache_setenv( 'no-gzip', '1' );
		}
		if ( PHP_SESSION_ACTIVE === session_status() ) {
			// A long download must not hold the visitor's session lock.
			session_write_close();
		}
		return true;
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
		header_remove( 'Content-Encoding' );
		header( 'Content-Type: application/zip' );
		header( 'Content-Disposition: attachment; filename="' . $file_name . '"' );
		header( 'Content-Length: ' . $wanted->range->length() );
		if ( $partial ) {
			header( sprintf( 'Content-Range: bytes %d-%d/%d', $wanted->range->first, $wanted->range->last, $size ) );
		}
		header( 'Accept-Ranges: bytes' );
		header( 'ETag: ' . $etag );
		header( 'Cache-Control: no-store' );
		header( 'X-Content-Type-Options: nosniff' );
		header( 'X-Accel-Buffering: no' );
	}

	/**
	 * Writes the zip, or the range of it, to the client. The time limit is
	 * lifted (a large site takes longer than max_execution_time); a client
	 * that goes away ends the script at the next write, and what the
	 * download learnt for the next request is already kept by then.
	 *
	 * @param SnapshotArchive $archive The opened backup.
	 * @param ByteRange       $range   The bytes to send.
	 */
	private static function stream( SnapshotArchive $archive, ByteRange $range ): void {
		if ( function_exists( 'set_time_limit' ) ) {
			// phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged -- a large site's zip streams for longer than max_execution_time; a client that goes away still ends it.
			set_time_limit( 0 );
		}
		if ( function_exists( 'ignore_user_abort' ) ) {
			// Hosts may disable it; PHP's default (stop when the client goes) is what is wanted then.
			ignore_user_abort( false );
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_read_fopen -- php://output, not a file: WP_Filesystem cannot stream.
		$out = fopen( 'php://output', 'wb' );
		if ( false === $out ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log is the only place left to tell.
			error_log( 'Site Backups: the download of backup ' . $archive->record()->id . ' could not open the output.' );
			return;
		}
		try {
			$archive->writeRange( $out, $range );
		} catch ( Throwable $error ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the headers are gone: the log is the only place to tell.
			error_log( Redactor::for_log( sprintf( 'Site Backups: the download of backup %s failed after it had begun, so the client received less than the length it was promised: %s', $archive->record()->id, $error->getMessage() ) ) );
		} finally {
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_read_fclose -- closes php://output.
			fclose( $out );
		}
	}

	/**
	 * Ends the request: the connection is closed where the server allows it,
	 * and whatever runs at shutdown cannot append to the archive.
	 */
	private static function end_request(): never {
		flush();
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		}
		ob_start( static fn (): string => '' );
		exit;
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
