<?php
/**
 * A job that copies off-site what is not there yet.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\Preemptible;

/**
 * Started once a backup job has freed the slot (CopyAfterBackup), after a job that paused it, and
 * by the retry event after a failed copy: every local backup not in the bucket yet is copied,
 * oldest first (after a backup, the plan is applied to the bucket too). A backup, restore or
 * fetch started meanwhile does not wait for it: it makes way (Preemptible), keeping what it
 * uploaded.
 */
final class OffsiteJobHandler implements Preemptible {

	/**
	 * Sets up the handler.
	 *
	 * @param OffsiteCopier $copier The copier.
	 */
	public function __construct( private readonly OffsiteCopier $copier ) {
	}

	/**
	 * After a backup, applies the plan off-site first, as each backup's copy always has (after the
	 * copies instead when an earlier copy left uploads without their record, which the plan's
	 * sweep would delete); then lists what is missing off-site.
	 *
	 * @param Job $job A queued job.
	 */
	public function begin( Job $job ): Job {
		$state = array();
		if ( $this->copier->enabled() && OffsiteCopier::unfinished() ) {
			// Any copy that completes what a paused one began applies the plan it put off.
			$state['retention_after'] = true;
			$job                      = $job->logged( 'info', 'Off-site retention waits until these copies are complete: an earlier copy that paused or stopped left uploads it would sweep.' );
		} elseif ( is_string( $job->param( 'backup' ) ) && $this->copier->enabled() ) {
			$job = $this->copier->with_retention( $job );
		}
		// The backup just made and any an earlier failure or pause left behind, oldest first.
		$queue                  = $this->copier->pending();
		$state['offsite_queue'] = $queue;
		return $job->with_state( $state )
			->with_progress( 'offsite', 0, null, 0, '' )
			->logged( 'info', sprintf( '%d backup(s) to copy off-site.', count( $queue ) ) );
	}

	/**
	 * Copies for about $seconds.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 */
	public function step( Job $job, float $seconds ): Job {
		return $this->copier->step( $job, $seconds, array() );
	}

	/**
	 * Nothing to throw away: what was uploaded stays, and counts next time.
	 *
	 * @param Job $job The job.
	 */
	public function discard( Job $job ): void {
	}

	/**
	 * The copy made way for another job.
	 *
	 * @param Job $job The job as it stopped.
	 */
	public function pause_note( Job $job ): string {
		return 'Paused to let another job run first. What was copied off-site is kept, and the copy goes on from there once that job ends.';
	}

	/**
	 * The copy stopped; nothing on this server was touched. The copy that follows a backup says
	 * that the backup is saved.
	 *
	 * @param Job    $job    The job.
	 * @param string $reason What went wrong.
	 */
	public function explain_failure( Job $job, string $reason ): string {
		if ( is_string( $job->param( 'backup' ) ) ) {
			/* translators: %s: what went wrong. */
			return sprintf( __( 'The backup is saved, but its off-site copy stopped: %s. Earlier backups are intact, and what was already copied is kept for the next copy.', 'site-backups' ), rtrim( $reason, '.' ) );
		}
		/* translators: %s: what went wrong. */
		return sprintf( __( 'The off-site copy stopped: %s. The backups on this server are intact, and what was already copied is kept for the next copy.', 'site-backups' ), rtrim( $reason, '.' ) );
	}
}
