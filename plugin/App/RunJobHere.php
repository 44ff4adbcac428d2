<?php
/**
 * Works on the running job in this process.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRunner;

/**
 * For WP-CLI, which has no time limit: the job runs here, slice after slice, instead of waiting
 * for WP-Cron and loopback requests. A slice another request holds is waited for, not raced.
 */
final class RunJobHere {

	/**
	 * Sets up the worker.
	 *
	 * @param JobRunner $runner The runner.
	 */
	public function __construct( private readonly JobRunner $runner ) {
	}

	/**
	 * Runs the active job to its end.
	 *
	 * @param (callable(Job): void)|null $on_progress Called after every step.
	 * @return Job|null The job as it ended; null when none was running.
	 */
	public function to_end( ?callable $on_progress = null ): ?Job {
		return $this->runner->run_to_end( $on_progress );
	}

	/**
	 * Runs one short slice of the active job (a cancellation is finished at once).
	 *
	 * @param float $seconds How long the slice may work.
	 */
	public function one_slice( float $seconds ): ?Job {
		return $this->runner->run_slice( $seconds );
	}
}
