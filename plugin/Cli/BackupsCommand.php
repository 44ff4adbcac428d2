<?php
/**
 * WP-CLI: wp site-backups list|create|show|delete (status, cancel, verify, restore, download,
 * fetch, offsite and recovery-key are commands of their own).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\Jobs\Job;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Offsite\CopyAfterBackup;
use SiteBackups\Offsite\OffsiteStatus;
use WP_CLI;
use WP_CLI\Formatter;

/**
 * Makes, lists, shows and deletes the site's backups.
 *
 * Every command goes through the plugin's REST API in this process, as the
 * user given with --user, so it checks the same capability and validates
 * its input exactly like the Tools → Backups screen.
 *
 * ## EXAMPLES
 *
 *     # Back up production now.
 *     $ wp site-backups create --note="Before the theme update" --user=admin
 *
 *     # List staging's backups.
 *     $ wp site-backups list --environment=staging --user=admin
 */
final class BackupsCommand {

	private const LIST_FIELDS = array( 'id', 'environment', 'trigger', 'restore_of', 'created', 'status', 'size', 'locations', 'verified', 'note' );
	private const SHOW_FIELDS = array( 'id', 'environment', 'trigger', 'restore_of', 'note', 'created', 'finished', 'expires', 'status', 'size', 'stored_bytes', 'counts', 'database_copy', 'wp_version', 'plugin_version' );

	/**
	 * Sets up the command.
	 *
	 * @param JobFollower $follower Runs the backup here, once queued.
	 */
	public function __construct( private readonly JobFollower $follower ) {
	}

	/**
	 * Lists an environment's backups, newest first.
	 *
	 * ## OPTIONS
	 *
	 * [--environment=<environment>]
	 * : production or staging.
	 * ---
	 * default: production
	 * ---
	 *
	 * [--trigger=<trigger>]
	 * : Only backups made this way: scheduled, manual or safety.
	 *
	 * [--fields=<fields>]
	 * : Limit the output to these fields (id, environment, trigger, restore_of, note, created, finished, expires, status, size, stored_bytes, counts, wp_version, plugin_version, locations, verified, verification). restore_of names, for a safety backup, the backup the restore was about to put back. A backup kept only off-site is verified when its record is signed with this site's recovery key; one that is not cannot be restored, fetched or downloaded.
	 *
	 * [--format=<format>]
	 * : Render output in a particular format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 *   - ids
	 *   - count
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups list --user=admin
	 *     $ wp site-backups list --environment=staging --format=json --user=admin
	 *     $ wp site-backups list --format=ids --user=admin
	 *
	 * @subcommand list
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function list_( array $args, array $assoc_args ): void {
		$query = array(
			'environment' => (string) ( $assoc_args['environment'] ?? 'production' ),
			'per_page'    => 100,
		);
		if ( isset( $assoc_args['trigger'] ) ) {
			$query['trigger'] = (string) $assoc_args['trigger'];
		}
		$items = array();
		$page  = 1;
		do {
			$query['page']          = $page;
			list( $data, $headers ) = RestCall::send( 'GET', '/backups', $query );
			$items                  = array_merge( $items, (array) $data );
			$pages                  = (int) ( $headers['X-WP-TotalPages'] ?? 1 );
			++$page;
		} while ( $page <= $pages );

		$format = (string) ( $assoc_args['format'] ?? 'table' );
		if ( 'ids' === $format ) {
			$items = array_column( $items, 'id' );
		} elseif ( 'table' === $format || 'csv' === $format ) {
			$items = array_map( static fn ( mixed $item ): mixed => self::restore_of_in_words( self::verified_in_words( $item ) ), $items );
		}
		// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
		\WP_CLI\Utils\format_items( $format, $items, $assoc_args['fields'] ?? self::LIST_FIELDS );
	}

	/**
	 * Backs up an environment now.
	 *
	 * Runs the backup to its end in this process, with a progress bar, then
	 * prints the new backup's id. While copies go off-site, its copy follows
	 * here too, as a job of its own (one line says how it went); a backup or
	 * restore started meanwhile elsewhere pauses it, and it goes on after.
	 * With --async it only queues the backup: the site's own requests and
	 * WP-Cron then run it, and its copy, in the background.
	 *
	 * ## OPTIONS
	 *
	 * [--environment=<environment>]
	 * : production or staging.
	 * ---
	 * default: production
	 * ---
	 *
	 * [--note=<note>]
	 * : A note to remember the backup by (at most 200 characters).
	 *
	 * [--async]
	 * : Only queue the backup and print its job's id.
	 *
	 * [--porcelain]
	 * : Print only the new backup's id (with --async, the job's id).
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups create --note="Before the theme update" --user=admin
	 *     Success: Backed up production as 06dq4w1m2f3e5g6h7j8k9m0n1p (312.4 MB, 2.1 MB newly stored).
	 *
	 *     $ wp site-backups create --environment=staging --porcelain --user=admin
	 *     06dq4w1m2f3e5g6h7j8k9m0n1p
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function create( array $args, array $assoc_args ): void {
		$porcelain = ! empty( $assoc_args['porcelain'] );
		$body      = array( 'environment' => (string) ( $assoc_args['environment'] ?? 'production' ) );
		if ( isset( $assoc_args['note'] ) ) {
			$body['note'] = (string) $assoc_args['note'];
		}
		list( $job ) = RestCall::send( 'POST', '/backups', $body );
		$job_id      = (string) ( $job['id'] ?? '' );

		if ( ! empty( $assoc_args['async'] ) ) {
			if ( $porcelain ) {
				WP_CLI::line( $job_id );
				return;
			}
			/* translators: %s: job id. */
			WP_CLI::success( sprintf( __( 'Backup queued as job %s. Follow it with: wp site-backups status', 'site-backups' ), $job_id ) );
			return;
		}

		$data = $this->follower->follow( $job_id, $porcelain ? null : sprintf( 'Backing up %s', $body['environment'] ) );
		$id   = (string) ( $data['result']->backup ?? '' );
		if ( Job::DONE !== ( $data['status'] ?? '' ) || '' === $id ) {
			$message = (string) ( $data['message'] ?? '' );
			if ( '' === $message ) {
				/* translators: %s: job status, e.g. cancelled. */
				$message = sprintf( __( 'The backup did not finish (%s).', 'site-backups' ), (string) ( $data['status'] ?? 'unknown' ) );
			}
			WP_CLI::error( $message );
		}
		if ( $porcelain ) {
			WP_CLI::line( $id );
		} else {
			list( $backup ) = RestCall::send( 'GET', '/backups/' . $id );
			WP_CLI::success(
				sprintf(
					/* translators: 1: environment, 2: backup id, 3: size, 4: bytes newly stored. */
					__( 'Backed up %1$s as %2$s (%3$s, %4$s newly stored).', 'site-backups' ),
					$body['environment'],
					$id,
					size_format( (int) ( $backup['size'] ?? 0 ), 1 ),
					size_format( (int) ( $backup['stored_bytes'] ?? 0 ), 1 )
				)
			);
		}
		$this->copy_off_site( $porcelain );
	}

	/**
	 * Runs the backup's off-site copy here, when one followed it (nothing else would run it
	 * soon: WP-CLI sends no loopback request), and says in one line how it went.
	 *
	 * @param bool $porcelain Whether only the backup's id is printed (then only a failure is said, on stderr).
	 */
	private function copy_off_site( bool $porcelain ): void {
		$copy = $this->follower->follow_next( CopyAfterBackup::KIND, $porcelain ? null : __( 'Copying it off-site', 'site-backups' ) );
		if ( array() === $copy ) {
			return;
		}
		$status = OffsiteStatus::get();
		$ended  = (string) ( $copy['status'] ?? '' );
		if ( Job::DONE === $ended && false === $status['healthy'] ) {
			WP_CLI::warning( $status['message'] );
		} elseif ( Job::FAILED === $ended ) {
			WP_CLI::warning( (string) ( $copy['message'] ?? '' ) );
		} elseif ( $porcelain ) {
			return;
		} elseif ( Job::DONE === $ended ) {
			WP_CLI::log( __( 'Copied off-site.', 'site-backups' ) );
		} elseif ( Job::PAUSED === $ended ) {
			WP_CLI::log( __( 'Its off-site copy paused to let another job run first, and goes on once that job ends.', 'site-backups' ) );
		}
	}

	/**
	 * Shows one backup: what it holds, what it left out and why, and the log
	 * of the job that made it.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * [--fields=<fields>]
	 * : Limit the output to these fields (details and log included).
	 *
	 * [--format=<format>]
	 * : Render output in a particular format. Tables leave out details and log unless asked for with --fields,
	 * and say in words when the database copy stands for.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups show 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *     $ wp site-backups show 06dq4w1m2f3e5g6h7j8k9m0n1p --fields=details --format=json --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function show( array $args, array $assoc_args ): void {
		list( $backup ) = RestCall::send( 'GET', '/backups/' . rawurlencode( (string) $args[0] ) );
		$format         = (string) ( $assoc_args['format'] ?? 'table' );
		$fields         = $assoc_args['fields'] ?? ( 'table' === $format || 'csv' === $format ? self::SHOW_FIELDS : array_keys( (array) $backup ) );
		$formatter      = new Formatter( $assoc_args, is_array( $fields ) ? $fields : explode( ',', (string) $fields ) );
		$backup         = (array) $backup;
		if ( ( 'table' === $format || 'csv' === $format ) && array_key_exists( 'database_copy', $backup ) ) {
			$backup['database_copy'] = self::database_copy_in_words( $backup['database_copy'] );
		}
		if ( 'table' === $format || 'csv' === $format ) {
			$backup = (array) self::restore_of_in_words( $backup );
		}
		$formatter->display_item( $backup );
	}

	/**
	 * Deletes backups. The data they shared with other backups stays.
	 *
	 * ## OPTIONS
	 *
	 * <id>...
	 * : The ids of the backups to delete.
	 *
	 * [--yes]
	 * : Do not ask for confirmation.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups delete 06dq4w1m2f3e5g6h7j8k9m0n1p --yes --user=admin
	 *     Success: Deleted backup 06dq4w1m2f3e5g6h7j8k9m0n1p.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function delete( array $args, array $assoc_args ): void {
		RestCall::require_user();
		WP_CLI::confirm(
			/* translators: %d: number of backups. */
			sprintf( _n( 'Delete %d backup? It cannot be restored afterwards.', 'Delete %d backups? They cannot be restored afterwards.', count( $args ), 'site-backups' ), count( $args ) ),
			$assoc_args
		);
		foreach ( $args as $id ) {
			RestCall::send( 'DELETE', '/backups/' . rawurlencode( $id ) );
			/* translators: %s: backup id. */
			WP_CLI::success( sprintf( __( 'Deleted backup %s.', 'site-backups' ), $id ) );
		}
	}

	/**
	 * When a backup's database copy stands for, in words, in the site's time zone.
	 *
	 * @param mixed $copy The backup's database_copy as the REST API gives it.
	 */
	private static function database_copy_in_words( mixed $copy ): string {
		$time = static fn ( mixed $iso ): string => (string) wp_date( 'Y-m-d H:i:s T', (int) strtotime( (string) $iso ) );
		if ( is_array( $copy ) && true === ( $copy['consistent'] ?? null ) && is_string( $copy['moment'] ?? null ) ) {
			/* translators: %s: a date and time, such as 2026-11-26 21:22:05 CET. */
			return sprintf( __( 'one moment: as it was at %s', 'site-backups' ), $time( $copy['moment'] ) );
		}
		if ( is_array( $copy ) && is_array( $copy['window'] ?? null ) ) {
			return sprintf(
				/* translators: 1: when the copy began, 2: when it ended, dates and times such as 2026-11-26 21:22:05 CET. */
				__( 'between %1$s and %2$s: a change saved meanwhile may be in some tables and not in others', 'site-backups' ),
				$time( $copy['window']['start'] ?? '' ),
				$time( $copy['window']['end'] ?? '' )
			);
		}
		return __( 'not recorded', 'site-backups' );
	}

	/**
	 * A backup with the backup its restore was about to put back in words, for a table's
	 * restore_of column: its id and when it was made, in the site's time zone; empty when none.
	 *
	 * @param mixed $item A backup as the REST API gives it.
	 * @return mixed
	 */
	private static function restore_of_in_words( mixed $item ): mixed {
		if ( ! is_array( $item ) || ! array_key_exists( 'restore_of', $item ) ) {
			return $item;
		}
		$origin             = $item['restore_of'];
		$item['restore_of'] = is_array( $origin ) && is_string( $origin['id'] ?? null ) && is_string( $origin['created'] ?? null )
			/* translators: 1: a backup id, 2: when that backup was made, such as 2026-12-04 21:22:05 CET. */
			? sprintf( __( '%1$s (made %2$s)', 'site-backups' ), $origin['id'], (string) wp_date( 'Y-m-d H:i:s T', (int) strtotime( $origin['created'] ) ) )
			: '';
		return $item;
	}

	/**
	 * A backup with "yes", or "no: " and the reason, for a table's verified column.
	 *
	 * @param mixed $item A backup as the REST API lists it.
	 * @return mixed
	 */
	private static function verified_in_words( mixed $item ): mixed {
		if ( ! is_array( $item ) || ! array_key_exists( 'verified', $item ) ) {
			return $item;
		}
		$item['verified'] = $item['verified']
			? __( 'yes', 'site-backups' )
			/* translators: %s: why a backup is not verified, such as "no signature". */
			: sprintf( __( 'no: %s', 'site-backups' ), BackupNotVerified::reason_label( (string) ( $item['verification'] ?? '' ) ) );
		return $item;
	}
}
