<?php
/**
 * What a kind of job does, in resumable steps.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * Each call may be the first of a new PHP request, after the previous one
 * was killed: everything needed to go on must be in the job's state or in
 * the engine's store, never in memory.
 */
interface JobHandler {

	/**
	 * Prepares the work (once, before the first step) and returns the job
	 * with its resume state.
	 *
	 * @param Job $job A queued job.
	 */
	public function begin( Job $job ): Job;

	/**
	 * Works for about $seconds and returns the job with new progress;
	 * marks it succeeded when the work is complete. Throws with a message
	 * for the administrator when the work cannot go on.
	 *
	 * @param Job   $job     A running job.
	 * @param float $seconds Time budget for this step.
	 */
	public function step( Job $job, float $seconds ): Job;

	/**
	 * Throws away whatever the job produced so far; publishes nothing.
	 *
	 * @param Job $job The job being cancelled or failed.
	 */
	public function discard( Job $job ): void;

	/**
	 * What the administrator reads when the job stops for a reason it did not word itself (a
	 * failure met along the way, a database that never came back): where it was, what the server
	 * said, and what was kept.
	 *
	 * @param Job    $job    The job as it was when it stopped.
	 * @param string $reason What went wrong, as the server or the engine said it.
	 */
	public function explain_failure( Job $job, string $reason ): string;
}
