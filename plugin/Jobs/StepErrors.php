<?php
/**
 * What becomes of a job whose step threw.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use SiteBackups\Engine\Database\ConnectionLost;
use SiteBackups\Support\Redactor;
use Throwable;

/**
 * A database that went away is weather: the job waits for it, its work kept. Anything else
 * fails the job, recorded before its work is thrown away.
 */
final class StepErrors {

	/** How long a job waits for a database that went away before it fails (seconds). */
	public const DATABASE_PATIENCE = 1800;

	/** The first wait for the database, doubled at each attempt up to the longest (seconds). */
	private const DATABASE_RETRY_FIRST = 15;
	private const DATABASE_RETRY_MAX   = 300;

	/**
	 * Sets up the handling.
	 *
	 * @param JobRepository $jobs     Job storage.
	 * @param SliceSchedule $schedule When the next slice comes.
	 */
	public function __construct(
		private readonly JobRepository $jobs,
		private readonly SliceSchedule $schedule
	) {
	}

	/**
	 * The job after a step threw: waiting for the database, or failed.
	 *
	 * @param Job        $job     The job as it was before the step that threw.
	 * @param JobHandler $handler Its handler.
	 * @param Throwable  $error   What was thrown.
	 */
	public function handle( Job $job, JobHandler $handler, Throwable $error ): Job {
		return ConnectionLost::isCause( $error ) ? $this->wait_for_database( $job, $handler, $error ) : $this->fail( $job, $handler, $error );
	}

	/**
	 * The job keeps its work and its state, and a later slice (sooner at first, then less often)
	 * carries on once the database answers. Only after DATABASE_PATIENCE without an answer does
	 * the job fail.
	 *
	 * @param Job        $job     The job as it was before the step that met the lost database.
	 * @param JobHandler $handler Its handler.
	 * @param Throwable  $error   What the server or the client said.
	 */
	private function wait_for_database( Job $job, JobHandler $handler, Throwable $error ): Job {
		$reason  = ( ConnectionLost::find( $error ) ?? $error )->getMessage();
		$waiting = $job->waiting();
		if ( null !== $waiting && time() - $waiting['since'] >= self::DATABASE_PATIENCE ) {
			$reason = sprintf(
				/* translators: 1: minutes, 2: what the database server said. */
				__( 'the database did not answer for %1$d minutes (%2$s)', 'site-backups' ),
				intdiv( self::DATABASE_PATIENCE, MINUTE_IN_SECONDS ),
				rtrim( $reason, '.' )
			);
			return $this->fail( $job->database_back(), $handler, new JobFailure( $handler->explain_failure( $job, $reason ), 0, $error ) );
		}
		$job = $job->waiting_for_database( $reason );
		if ( null === $waiting ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says why the job pauses.
			error_log( Redactor::for_log( sprintf( 'Site Backups: %s job %s is waiting for the database, its work kept: %s', $job->kind(), $job->id(), $reason ) ) );
			$job = $job->logged( 'warning', 'Waiting for the database (its work is kept): ' . $reason );
		}
		$attempts = (int) ( $job->waiting()['attempts'] ?? 1 );
		$this->schedule->next_slice_in( (int) min( self::DATABASE_RETRY_MAX, self::DATABASE_RETRY_FIRST * 2 ** min( 10, $attempts - 1 ) ) );
		return $this->jobs->save_merged( $job );
	}

	/**
	 * Records the failure first, and cleans up only once it is recorded: a failure that could not
	 * be written (the database went away meanwhile) leaves the job's work for the next slice.
	 *
	 * @param Job        $job     The job as it was before the failing step.
	 * @param JobHandler $handler Its handler.
	 * @param Throwable  $error   Why it failed.
	 */
	private function fail( Job $job, JobHandler $handler, Throwable $error ): Job {
		$message = $error instanceof JobFailure ? $error->getMessage() : $handler->explain_failure( $job, $error->getMessage() );
		$failed  = $this->jobs->save_merged( $job->failed( $message ) );
		if ( Job::FAILED !== $this->jobs->find( $job->id() )?->status() ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says what happened.
			error_log( Redactor::for_log( sprintf( 'Site Backups: %s job %s met an error but could not record it; its work is kept for the next attempt: %s', $job->kind(), $job->id(), $error->getMessage() ) ) );
			return $job;
		}
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- failures must reach the host's log too.
		error_log( Redactor::for_log( sprintf( 'Site Backups: %s job %s failed: %s', $job->kind(), $job->id(), $error->getMessage() ) ) );
		try {
			$handler->discard( $job );
		} catch ( Throwable $cleanup ) {
			$failed = $this->jobs->save_merged( $failed->logged( 'warning', 'Cleanup after the failure also failed: ' . $cleanup->getMessage() ) );
		}
		return $failed;
	}
}
