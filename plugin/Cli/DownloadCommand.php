<?php
/**
 * WP-CLI: wp site-backups download.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\App\BackupArchives;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Support\Redactor;
use Throwable;
use WP_CLI;

/**
 * Saves a backup as one zip file, written straight from the store (no HTTP
 * request, no time limit): the same archive the download route sends.
 */
final class DownloadCommand {

	/**
	 * Sets up the command.
	 *
	 * @param BackupArchives $archives Opens a backup's zip, fetching one kept only off-site.
	 */
	public function __construct( private readonly BackupArchives $archives ) {
	}

	/**
	 * Saves a backup as one zip file.
	 *
	 * The zip holds the site's files under files/, the database as
	 * database.sql (for the mariadb client) and manifest.json.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * [--output=<file>]
	 * : Where to save the zip (a folder: the default name inside it). Default: a name made of the site, environment, date and id, in the current folder.
	 *
	 * [--force]
	 * : Replace the file if it exists.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups download 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *     Success: Saved backup 06dq4w1m2f3e5g6h7j8k9m0n1p to /home/me/example.com-production-2026-11-26-0312-8k9m0n1p.zip (312.4 MB).
	 *
	 *     $ wp site-backups download 06dq4w1m2f3e5g6h7j8k9m0n1p --output=/tmp/site.zip --force --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		RestCall::require_user();
		$id = (string) $args[0];
		if ( ! SnapshotId::isValid( $id ) ) {
			WP_CLI::error( __( 'That is not a valid backup id.', 'site-backups' ) );
		}
		try {
			$archive = $this->archives->open(
				$id,
				static function (): void {
					WP_CLI::log( __( 'Fetching the backup from off-site storage…', 'site-backups' ) );
				}
			);
		} catch ( Throwable $error ) {
			WP_CLI::error( Redactor::redact( $error->getMessage() ) );
			return;
		}

		$path = $this->target( $assoc_args['output'] ?? null, BackupArchives::file_name( $archive->record() ) );
		if ( file_exists( $path ) && empty( $assoc_args['force'] ) ) {
			/* translators: %s: file path. */
			WP_CLI::error( sprintf( __( '%s exists already. Choose another --output, or replace it with --force.', 'site-backups' ), $path ) );
		}
		$this->save( $archive, $path );
		clearstatcache( true, $path );
		WP_CLI::success(
			sprintf(
				/* translators: 1: backup id, 2: file path, 3: file size. */
				__( 'Saved backup %1$s to %2$s (%3$s).', 'site-backups' ),
				$id,
				$path,
				size_format( (int) filesize( $path ), 1 )
			)
		);
	}

	/**
	 * The absolute path to write: --output, the default name inside it when
	 * it is a folder, or the default name in the current folder.
	 *
	 * @param mixed  $output       The --output option, if given.
	 * @param string $default_name The download's file name.
	 */
	private function target( mixed $output, string $default_name ): string {
		$cwd  = (string) getcwd();
		$path = is_string( $output ) && '' !== $output ? $output : $default_name;
		if ( ! str_starts_with( $path, '/' ) ) {
			$path = $cwd . '/' . $path;
		}
		return is_dir( $path ) ? rtrim( $path, '/' ) . '/' . $default_name : $path;
	}

	/**
	 * Writes the zip beside its destination, then moves it into place: a
	 * failure never leaves a partial file under the name asked for.
	 *
	 * @param SnapshotArchive $archive The opened backup.
	 * @param string          $path    Where the zip goes.
	 */
	private function save( SnapshotArchive $archive, string $path ): void {
		$temp = dirname( $path ) . '/.' . basename( $path ) . '.' . bin2hex( random_bytes( 4 ) ) . '.part';
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_read_fopen, WordPress.PHP.NoSilencedErrors.Discouraged -- streamed (WP_Filesystem cannot); the error below says why it failed.
		$out = @fopen( $temp, 'xb' );
		if ( false === $out ) {
			/* translators: %s: folder path. */
			WP_CLI::error( sprintf( __( 'Could not create a file in %s.', 'site-backups' ), dirname( $path ) ) );
			return;
		}
		try {
			$archive->writeTo( $out );
		} catch ( Throwable $error ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_read_fclose -- closes the stream opened above.
			fclose( $out );
			wp_delete_file( $temp );
			WP_CLI::error( Redactor::redact( $error->getMessage() ) );
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_read_fclose, WordPress.WP.AlternativeFunctions.rename_rename -- the stream opened above; a move within one folder.
		if ( ! fclose( $out ) || ! rename( $temp, $path ) ) {
			wp_delete_file( $temp );
			/* translators: %s: file path. */
			WP_CLI::error( sprintf( __( 'Could not save %s.', 'site-backups' ), $path ) );
		}
	}
}
