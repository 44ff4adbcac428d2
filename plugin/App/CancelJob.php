<?php
/**
 * Asks a job to stop.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRunner;

/**
 * The job stops at its next unit of work, so the job returned may still be running, with
 * cancelling true; one that has ended is returned as it is.
 */
final class CancelJob {

	/**
	 * Sets up the cancellation.
	 *
	 * @param JobLookup $jobs   Finds the job.
	 * @param JobRunner $runner Stops it.
	 */
	public function __construct(
		private readonly JobLookup $jobs,
		private readonly JobRunner $runner
	) {
	}

	/**
	 * Asks the job to stop.
	 *
	 * @param string $id What the client sent.
	 * @return Job The job as the request left it.
	 * @throws Refused     When the id is malformed or no job has it.
	 * @throws JobConflict When it is past the point where it can stop (a restore switching the
	 *                     site over, a saved backup copying off-site).
	 */
	public function cancel( string $id ): Job {
		$job = $this->jobs->get( $id );
		return $this->runner->cancel( $job->id() ) ?? $job;
	}
}
