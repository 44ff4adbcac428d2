<?php
/**
 * WP-CLI: wp site-backups restore.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\Jobs\Job;
use WP_CLI;

/**
 * Restores a backup into production or staging, through the same REST route as the screen.
 */
final class RestoreCommand {

	/**
	 * Sets up the command.
	 *
	 * @param JobFollower $follower Runs the job here, once queued.
	 */
	public function __construct( private readonly JobFollower $follower ) {
	}

	/**
	 * Restores a backup. A safety backup of the target is taken first unless told otherwise.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup to restore.
	 *
	 * [--environment=<environment>]
	 * : Where to restore it: production or staging. Default: the environment the backup is of.
	 *
	 * [--parts=<parts>]
	 * : What to restore, comma-separated: database, files.
	 * ---
	 * default: database,files
	 * ---
	 *
	 * [--paths=<paths>]
	 * : Restore only these files and folders, comma-separated, relative to the site's folder (e.g. wp-content/uploads/2026/11/photo.jpg). Each is made exactly as in the backup. Without --tables, the database is left alone.
	 *
	 * [--tables=<tables>]
	 * : Restore only these tables, comma-separated, as the backup names them (e.g. wp_options). Without --paths, no file is touched.
	 *
	 * [--[no-]safety-backup]
	 * : Back up the target first, so the restore can be undone. On by default; --no-safety-backup skips it.
	 *
	 * [--yes]
	 * : Do not ask for confirmation.
	 *
	 * [--async]
	 * : Queue the restore for WP-Cron instead of running it in this process.
	 *
	 * [--porcelain]
	 * : Print only the job id.
	 *
	 * ## EXAMPLES
	 *
	 *     # Put last night's production backup on staging, database only.
	 *     $ wp site-backups restore 06dq4w1m2f3e5g6h7j8k9m0n1p --environment=staging --parts=database --yes --user=admin
	 *
	 *     # Bring back one deleted upload and the options table, nothing else.
	 *     $ wp site-backups restore 06dq4w1m2f3e5g6h7j8k9m0n1p --paths=wp-content/uploads/2026/11/photo.jpg --tables=wp_options --yes --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$id             = (string) ( $args[0] ?? '' );
		list( $backup ) = RestCall::send( 'GET', '/backups/' . rawurlencode( $id ) );
		$target         = (string) ( $assoc_args['environment'] ?? ( $backup['environment'] ?? 'production' ) );
		$parts          = array_values( array_filter( array_map( 'trim', explode( ',', (string) ( $assoc_args['parts'] ?? 'database,files' ) ) ) ) );
		$safety         = (bool) ( $assoc_args['safety-backup'] ?? true );
		$porcelain      = ! empty( $assoc_args['porcelain'] );
		$lists          = array();
		foreach ( array( 'paths', 'tables' ) as $list ) {
			if ( isset( $assoc_args[ $list ] ) ) {
				$lists[ $list ] = array_values( array_filter( array_map( 'trim', explode( ',', (string) $assoc_args[ $list ] ) ), static fn ( string $item ): bool => '' !== $item ) );
			}
		}
		$what = array() === $lists ? implode( ' and ', $parts ) : self::listed( $lists );

		WP_CLI::confirm(
			sprintf(
				/* translators: 1: target environment, 2: what is restored, 3: the backup's date, 4: backup's environment. */
				__( 'Restore the %2$s of %1$s to how %4$s was on %3$s? Changes made since then will be lost.', 'site-backups' ),
				$target,
				$what,
				(string) ( $backup['created'] ?? '' ),
				(string) ( $backup['environment'] ?? '' )
			),
			$assoc_args
		);
		list( $job ) = RestCall::send(
			'POST',
			'/backups/' . rawurlencode( $id ) . '/restore',
			array(
				'environment'   => $target,
				'parts'         => $parts,
				'safety_backup' => $safety,
			) + $lists
		);
		$job_id      = (string) ( $job['id'] ?? '' );
		if ( ! empty( $assoc_args['async'] ) ) {
			/* translators: %s: job id. */
			$porcelain ? WP_CLI::line( $job_id ) : WP_CLI::success( sprintf( __( 'Restore queued as job %s. Follow it with: wp site-backups status', 'site-backups' ), $job_id ) );
			return;
		}
		$data = $this->follower->follow( $job_id, $porcelain ? null : sprintf( 'Restoring %s', $target ) );
		if ( Job::DONE !== ( $data['status'] ?? '' ) ) {
			$message = (string) ( $data['message'] ?? '' );
			/* translators: %s: job status, e.g. cancelled. */
			WP_CLI::error( '' !== $message ? $message : sprintf( __( 'The restore did not finish (%s).', 'site-backups' ), (string) ( $data['status'] ?? 'unknown' ) ) );
		}
		if ( $porcelain ) {
			WP_CLI::line( $job_id );
			return;
		}
		$safety_id = (string) ( $data['result']->safety_backup ?? '' );
		WP_CLI::success(
			'' !== $safety_id
				/* translators: 1: environment, 2: backup id, 3: safety backup id. */
				? sprintf( __( 'Restored %1$s from %2$s. To undo, restore the safety backup %3$s.', 'site-backups' ), $target, $id, $safety_id )
				/* translators: 1: environment, 2: backup id. */
				: sprintf( __( 'Restored %1$s from %2$s.', 'site-backups' ), $target, $id )
		);
	}

	/**
	 * What a restore of some paths and tables brings back, for the confirmation.
	 *
	 * @param array<string, list<string>> $lists The paths and tables given.
	 */
	private static function listed( array $lists ): string {
		$said   = array();
		$paths  = count( $lists['paths'] ?? array() );
		$tables = count( $lists['tables'] ?? array() );
		if ( $paths > 0 ) {
			/* translators: %d: how many paths. */
			$said[] = sprintf( _n( '%d path', '%d paths', $paths, 'site-backups' ), $paths );
		}
		if ( $tables > 0 ) {
			/* translators: %d: how many tables. */
			$said[] = sprintf( _n( '%d table', '%d tables', $tables, 'site-backups' ), $tables );
		}
		return implode( ' and ', $said );
	}
}
