<?php
/**
 * REST route: a backup as one zip file (/backups/{id}/download).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Support\Redactor;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Restore\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Offsite\BackupNotVerified;
use Throwable;
use WP_Error;
use WP_REST_Request;
use WP_REST_Server;

/**
 * GET /backups/{id}/download streams the backup as a zip (files/,
 * database.sql, manifest.json) and ends the request: the archive is written
 * as it is read from the store, so its size is bounded neither by memory nor
 * by the disk. Everything that can fail before the first byte (the id, the
 * store) answers with a JSON error; a failure later can only be logged, and
 * leaves a zip that no unzip accepts.
 *
 * A plain browser link authenticates with the login cookie plus the REST
 * nonce as the _wpnonce query argument.
 */
final class DownloadController extends Controller {

	protected const REST_BASE = 'backups';

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
	 * Streams the backup's zip and ends the request; answers with an error
	 * while nothing has been sent yet.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return WP_Error Only when nothing was sent: on success the request ends here.
	 */
	public function download_item( $request ) {
		$id = $this->checked_id( $request['id'] );
		if ( is_wp_error( $id ) ) {
			return $id;
		}
		try {
			$store = $this->plugin->backups()->engine()->store();
			if ( ! $store->snapshots()->has( $id ) && $this->plugin->offsite()->has( $id ) ) {
				// Kept only off-site: brought here first (each object checked), then streamed as usual.
				if ( function_exists( 'set_time_limit' ) ) {
					// phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged -- fetching a whole backup from the bucket takes longer than max_execution_time.
					set_time_limit( 0 );
				}
				$this->plugin->offsite()->fetch_all( $store, $id );
			}
			if ( ! $store->snapshots()->has( $id ) ) {
				return new WP_Error( 'site_backups_backup_not_found', __( 'No backup has that id.', 'site-backups' ), array( 'status' => 404 ) );
			}
			$archive = SnapshotArchive::open( $store, $id );
		} catch ( BackupNotVerified $refused ) {
			return $refused->rest_error();
		} catch ( UnsafePath $unsafe ) {
			return new WP_Error(
				'site_backups_backup_unsafe',
				/* translators: %s: which path of the backup is unsafe, and why. */
				sprintf( __( 'This backup cannot be downloaded: %s', 'site-backups' ), $unsafe->getMessage() ),
				array( 'status' => 422 )
			);
		} catch ( Throwable $error ) {
			return $this->store_error( $error );
		}
		if ( ! defined( 'REST_REQUEST' ) || ! constant( 'REST_REQUEST' ) ) {
			// Dispatched inside another request (rest_do_request): streaming would end that request too.
			return new WP_Error(
				'site_backups_download_needs_http',
				__( 'Backups are downloaded over HTTP. On the command line, use wp site-backups download.', 'site-backups' ),
				array( 'status' => 400 )
			);
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
		self::send_headers( self::file_name( $archive->record() ) );
		if ( 'HEAD' !== $request->get_method() ) {
			self::stream( $archive );
		}
		self::end_request();
	}

	/**
	 * The zip's file name: site host, environment, date and the random end
	 * of the id, e.g. example.com-production-2026-11-26-0312-8k9m0n1p.zip.
	 *
	 * @param SnapshotRecord $record The backup.
	 */
	public static function file_name( SnapshotRecord $record ): string {
		$host    = wp_parse_url( (string) ( $record->meta['site_url'] ?? home_url() ), PHP_URL_HOST );
		$started = (int) floor( $record->startedAt() );
		$date    = wp_date( 'Y-m-d-Hi', $started > 0 ? $started : intdiv( SnapshotId::timeMs( $record->id ), 1000 ) );
		$parts   = array(
			is_string( $host ) && '' !== $host ? $host : 'site',
			$record->environment(),
			false === $date ? '' : $date,
			substr( $record->id, -8 ),
		);
		$name    = (string) preg_replace( '/[^a-z0-9.]+/', '-', strtolower( implode( '-', array_filter( $parts ) ) ) );
		return sanitize_file_name( trim( $name, '-.' ) . '.zip' );
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
	 * The response headers: an attachment of unknown length, never cached,
	 * never buffered by a proxy.
	 *
	 * @param string $file_name The name the browser saves it under.
	 */
	private static function send_headers( string $file_name ): void {
		status_header( 200 );
		header_remove( 'Content-Length' );
		header_remove( 'Content-Encoding' );
		header( 'Content-Type: application/zip' );
		header( 'Content-Disposition: attachment; filename="' . $file_name . '"' );
		header( 'Cache-Control: no-store' );
		header( 'X-Content-Type-Options: nosniff' );
		header( 'X-Accel-Buffering: no' );
	}

	/**
	 * Writes the archive to the client. The time limit is lifted (a large
	 * site takes longer than max_execution_time); a client that goes away
	 * ends the script at the next write.
	 *
	 * @param SnapshotArchive $archive The opened backup.
	 */
	private static function stream( SnapshotArchive $archive ): void {
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
			$archive->writeTo( $out );
		} catch ( Throwable $error ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the headers are gone: the log is the only place to tell.
			error_log( Redactor::for_log( sprintf( 'Site Backups: the download of backup %s failed after it had begun, so the client received a broken zip: %s', $archive->record()->id, $error->getMessage() ) ) );
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
				'description'      => __( 'The backup as one zip file (application/zip): files/ holds the site\'s files with their modes, times and symlinks, database.sql the database for the mariadb client, manifest.json the backup\'s details and every path with its attributes.', 'site-backups' ),
				'type'             => 'string',
				'contentMediaType' => 'application/zip',
			);
		}
		return $this->add_additional_fields_schema( $this->schema );
	}
}
