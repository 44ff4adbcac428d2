<?php
/**
 * WordPress's own maintenance mode (the `.maintenance` file core updates
 * write) for the moments a restore switches a site over.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Restore;

/**
 * While the tables are swapped and the files moved, visitors and WP-Cron would
 * run the new database with the old files or the reverse: they get core's
 * "Briefly unavailable for scheduled maintenance" page instead. The restore's
 * own loopback request (proved by the hash of its token; the file may be
 * served as text, so it holds no secret) and the screen's polling of the job
 * go through. The file only applies while the restore renews it: a restore
 * that died leaves a file that WordPress ignores after HEARTBEAT_SECONDS, and
 * the next page load removes it.
 */
final class MaintenanceMode {

	/** How long the file applies after the restore last renewed it. */
	public const HEARTBEAT_SECONDS = 45;

	private const FILE   = '.maintenance';
	private const MARKER = '// Site Backups: a restore is switching this site over.';

	/**
	 * Sets up maintenance mode for one site.
	 *
	 * @param string $root       The site's folder (its ABSPATH).
	 * @param string $token_hash sha256 of the token the restore's loopback requests carry.
	 */
	public function __construct( private readonly string $root, private readonly string $token_hash ) {
	}

	/**
	 * Puts the site in maintenance, or renews it. A `.maintenance` file that is not ours (a core
	 * update at work) is left as it is: it already keeps visitors out.
	 */
	public function renew(): void {
		$file = $this->file();
		if ( file_exists( $file ) && ! self::is_ours( $file ) ) {
			return;
		}
		$temporary = $file . '.' . wp_generate_password( 8, false ) . '.tmp';
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents, WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents, WordPress.WP.AlternativeFunctions.rename_rename -- a small file at the site's root, written as core writes it and moved into place in one rename; WP_Filesystem may need credentials a background restore does not have.
		if ( false === file_put_contents( $temporary, $this->contents() ) || ! rename( $temporary, $file ) ) {
			wp_delete_file( $temporary );
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- a restore that cannot keep visitors out must say so.
			error_log( 'Site Backups: could not put ' . $this->root . ' in maintenance mode while restoring.' );
		}
	}

	/**
	 * Takes the site out of maintenance, if we put it there.
	 */
	public function end(): void {
		self::remove_ours( $this->file() );
	}

	/**
	 * Removes our file from a site where no restore renews it any longer.
	 *
	 * @param string $root The site's folder.
	 */
	public static function clear_stale( string $root ): void {
		$file = rtrim( $root, '/' ) . '/' . self::FILE;
		if ( ! file_exists( $file ) ) {
			return;
		}
		clearstatcache( true, $file );
		$mtime = filemtime( $file );
		if ( false !== $mtime && time() - $mtime >= self::HEARTBEAT_SECONDS ) {
			self::remove_ours( $file );
		}
	}

	/**
	 * The file's PHP, run by WordPress (wp_is_maintenance_mode) at the start of every request.
	 */
	private function contents(): string {
		$lines = array(
			'<?php',
			self::MARKER,
			'// Visitors get WordPress\'s maintenance page; the restore\'s own requests go through.',
			'// Once the restore stops renewing this file, it no longer applies.',
			'$upgrading = time();',
			'if ( time() - (int) filemtime( __FILE__ ) >= ' . self::HEARTBEAT_SECONDS . ' ) {',
			"\t\$upgrading = 0;",
			"} elseif ( isset( \$_POST['token'] ) && is_string( \$_POST['token'] ) && hash_equals( '" . $this->token_hash . "', hash( 'sha256', \$_POST['token'] ) ) ) {",
			"\t\$upgrading = 0;",
			"} elseif ( ( isset( \$_GET['rest_route'] ) && is_string( \$_GET['rest_route'] ) && str_starts_with( \$_GET['rest_route'], '/site-backups/v1/jobs/' ) )",
			"\t|| ( isset( \$_SERVER['REQUEST_URI'] ) && is_string( \$_SERVER['REQUEST_URI'] ) && str_contains( \$_SERVER['REQUEST_URI'], '/wp-json/site-backups/v1/jobs/' ) ) ) {",
			"\t\$upgrading = 0;",
			'}',
			'',
		);
		return implode( "\n", $lines );
	}

	/**
	 * The `.maintenance` file of the site.
	 */
	private function file(): string {
		return rtrim( $this->root, '/' ) . '/' . self::FILE;
	}

	/**
	 * Whether a `.maintenance` file was written by a restore.
	 *
	 * @param string $file The file.
	 */
	private static function is_ours( string $file ): bool {
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
		$head = file_get_contents( $file, false, null, 0, 200 );
		return is_string( $head ) && str_contains( $head, self::MARKER );
	}

	/**
	 * Deletes the file when it is ours.
	 *
	 * @param string $file The file.
	 */
	private static function remove_ours( string $file ): void {
		if ( file_exists( $file ) && self::is_ours( $file ) ) {
			wp_delete_file( $file );
		}
	}
}
