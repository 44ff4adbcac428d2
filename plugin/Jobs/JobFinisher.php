<?php
/**
 * What happens once a job has ended.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * Frees the slot and, when the job still held it, the schedule; then tells whoever listens.
 */
final class JobFinisher {

	/**
	 * Sets up the finisher.
	 *
	 * @param ActiveJobSlot $slot     The one-job-at-a-time slot.
	 * @param SliceSchedule $schedule The events that carry a job on.
	 */
	public function __construct(
		private readonly ActiveJobSlot $slot,
		private readonly SliceSchedule $schedule
	) {
	}

	/**
	 * Frees the slot and the schedule after the job ended.
	 *
	 * @param Job $job The finished job.
	 */
	public function finish( Job $job ): void {
		// The schedule is the slot holder's: a job that made way leaves the next one's alone.
		$held = $this->slot->current() === $job->id();
		$this->slot->free( $job->id() );
		if ( $held ) {
			$this->schedule->job_ended();
		}
		/**
		 * Fires when a job has ended: done, failed or cancelled.
		 *
		 * @param Job $job The job.
		 */
		do_action( 'site_backups_job_finished', $job );
	}
}
