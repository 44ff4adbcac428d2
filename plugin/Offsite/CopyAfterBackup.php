<?php
/**
 * A backup's off-site copy, as a job of its own once the backup job has freed the slot.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Support\Redactor;
use Throwable;

/**
 * A backup is a recovery point as soon as it is published: its job ends there, and the copy
 * follows as an `offsite` job, which makes way for any job started meanwhile (OffsiteJobHandler).
 * The copy is started again from the one place every job passes when it ends (the runner's
 * `site_backups_job_finished`, after the slot is freed): after a backup, and after any other job
 * while backups wait to go off-site, such as one that made a copy pause, or a restore's safety
 * backup. Should nothing end to start it again, the retry event does, a few minutes later.
 */
final class CopyAfterBackup {

	/** The kind of job that copies. */
	public const KIND = 'offsite';

	/**
	 * Sets up the follow-up.
	 *
	 * @param OffsiteCopier $copier Whether copies go off-site, and what waits to go.
	 * @param JobRunner     $runner Starts the copy.
	 */
	public function __construct(
		private readonly OffsiteCopier $copier,
		private readonly JobRunner $runner
	) {
	}

	/**
	 * Starts the copy once a job has ended, when copies are on and something waits to go.
	 *
	 * @param Job $job The job that ended (the slot is free).
	 */
	public function job_finished( Job $job ): void {
		if ( self::KIND === $job->kind() ) {
			if ( Job::PAUSED === $job->status() && ! wp_next_scheduled( OffsiteCopier::RETRY_HOOK ) ) {
				// The job it made way for starts it again when it ends; this is in case it never does.
				wp_schedule_single_event( time() + 5 * MINUTE_IN_SECONDS, OffsiteCopier::RETRY_HOOK );
			}
			return;
		}
		try {
			if ( ! $this->copier->enabled() ) {
				return;
			}
			$backup = 'backup' === $job->kind() && Job::DONE === $job->status() ? ( $job->to_array()['result']['backup'] ?? null ) : null;
			if ( ! is_string( $backup ) && array() === $this->copier->pending() ) {
				return;
			}
			$params = array( 'trigger' => 'scheduled' === $job->param( 'trigger' ) ? 'scheduled' : 'manual' );
			if ( is_string( $backup ) ) {
				$params['backup'] = $backup;
			}
			$this->runner->start( Job::create( self::KIND, $params, 0 ) );
		} catch ( JobConflict | JobRefused $busy ) {
			// Another job took the slot first: this copy starts when that one ends.
			return;
		} catch ( Throwable $error ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says why no copy followed; the retry event or the next job tries again.
			error_log( Redactor::for_log( 'Site Backups: the off-site copy did not start: ' . $error->getMessage() ) );
		}
	}
}
