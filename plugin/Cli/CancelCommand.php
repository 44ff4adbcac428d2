<?php
/**
 * WP-CLI: wp site-backups cancel.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\App\RunJobHere;
use SiteBackups\Jobs\Job;
use Throwable;
use WP_CLI;

/**
 * Cancels a job through the same REST route as the screen, then finishes the cancellation here
 * rather than wait for the job's next slice.
 */
final class CancelCommand {

	/**
	 * Sets up the command.
	 *
	 * @param RunJobHere $run Runs a slice of the active job here.
	 */
	public function __construct( private readonly RunJobHere $run ) {
	}

	/**
	 * Cancels the running backup (or the job given). Nothing of it is kept.
	 *
	 * ## OPTIONS
	 *
	 * [<job-id>]
	 * : The job to cancel; the running one when left out.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups cancel --user=admin
	 *     Success: Cancelled job 3f2a...
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$id = $args[0] ?? null;
		if ( null === $id ) {
			list( $jobs ) = RestCall::send( 'GET', '/jobs', array( 'active' => true ) );
			if ( ! is_array( $jobs ) || ! isset( $jobs[0]['id'] ) ) {
				WP_CLI::line( __( 'No backup is running.', 'site-backups' ) );
				return;
			}
			$id = (string) $jobs[0]['id'];
		}
		list( $job ) = RestCall::send( 'POST', '/jobs/' . rawurlencode( $id ) . '/cancel' );
		if ( in_array( $job['status'] ?? '', array( Job::QUEUED, Job::RUNNING ), true ) ) {
			// Finish the cancellation here rather than wait for the next slice (a no-op if another request holds the lease).
			try {
				$this->run->one_slice( 1.0 );
			} catch ( Throwable $error ) {
				WP_CLI::debug( $error->getMessage(), 'site-backups' );
			}
			list( $job ) = RestCall::send( 'GET', '/jobs/' . rawurlencode( $id ) );
		}
		$status = (string) ( $job['status'] ?? '' );
		if ( Job::CANCELLED === $status ) {
			/* translators: %s: job id. */
			WP_CLI::success( sprintf( __( 'Cancelled job %s.', 'site-backups' ), $id ) );
		} elseif ( in_array( $status, array( Job::QUEUED, Job::RUNNING ), true ) ) {
			/* translators: %s: job id. */
			WP_CLI::success( sprintf( __( 'Asked job %s to stop; it stops at its next unit of work.', 'site-backups' ), $id ) );
		} else {
			/* translators: 1: job id, 2: its status. */
			WP_CLI::warning( sprintf( __( 'Job %1$s had already ended (%2$s).', 'site-backups' ), $id, $status ) );
		}
	}
}
