<?php
/**
 * WP-CLI: wp site-backups fetch.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\Jobs\Job;
use WP_CLI;

/**
 * Brings a backup kept only off-site back to this server, through the same REST route as the screen.
 */
final class FetchCommand {

	/**
	 * Sets up the command.
	 *
	 * @param JobFollower $follower Runs the job here, once queued.
	 */
	public function __construct( private readonly JobFollower $follower ) {
	}

	/**
	 * Fetches a backup from off-site storage into this server's store, checking every object.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup, as `wp site-backups list` shows it with location "offsite".
	 *
	 * [--async]
	 * : Queue the fetch for WP-Cron instead of running it in this process.
	 *
	 * [--porcelain]
	 * : Print only the job id.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups fetch 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *     Success: Backup 06dq4w1m2f3e5g6h7j8k9m0n1p is on this server now.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$id          = (string) ( $args[0] ?? '' );
		$porcelain   = ! empty( $assoc_args['porcelain'] );
		list( $job ) = RestCall::send( 'POST', '/backups/' . rawurlencode( $id ) . '/fetch' );
		$job_id      = (string) ( $job['id'] ?? '' );
		if ( ! empty( $assoc_args['async'] ) ) {
			/* translators: %s: job id. */
			$porcelain ? WP_CLI::line( $job_id ) : WP_CLI::success( sprintf( __( 'Fetch queued as job %s. Follow it with: wp site-backups status', 'site-backups' ), $job_id ) );
			return;
		}
		$data = $this->follower->follow( $job_id, $porcelain ? null : __( 'Fetching from off-site storage', 'site-backups' ) );
		if ( Job::DONE !== ( $data['status'] ?? '' ) ) {
			$message = (string) ( $data['message'] ?? '' );
			/* translators: %s: job status, e.g. cancelled. */
			WP_CLI::error( '' !== $message ? $message : sprintf( __( 'The fetch did not finish (%s).', 'site-backups' ), (string) ( $data['status'] ?? 'unknown' ) ) );
		}
		/* translators: %s: backup id. */
		$porcelain ? WP_CLI::line( $job_id ) : WP_CLI::success( sprintf( __( 'Backup %s is on this server now.', 'site-backups' ), $id ) );
	}
}
