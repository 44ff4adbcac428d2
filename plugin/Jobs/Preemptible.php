<?php
/**
 * A kind of job that makes way for any other.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * Work that can wait (an off-site copy of backups already saved here): when another job is
 * started while it holds the slot, the runner ends it as paused instead of answering 409, at
 * once when no slice works on it, else once its slice stops at the next step (SlotWanted). Its
 * work must be kept where it lands, so that starting it again later loses nothing; starting it
 * again is its own side's concern.
 */
interface Preemptible extends JobHandler {

	/**
	 * The log line of a job that made way: that it paused, and what was kept.
	 *
	 * @param Job $job The job as it stopped.
	 */
	public function pause_note( Job $job ): string;
}
