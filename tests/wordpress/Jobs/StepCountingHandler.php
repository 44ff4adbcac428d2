<?php
/**
 * A job handler for testing the runner: needs a given number of steps, and
 * can be told to fail at one of them.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobFailure;
use SiteBackups\Jobs\JobHandler;

final class StepCountingHandler implements JobHandler {

	public int $begun = 0;

	public int $steps = 0;

	public int $discarded = 0;

	public function __construct( private readonly int $steps_needed, private readonly ?int $fail_at = null ) {
	}

	public function begin( Job $job ): Job {
		++$this->begun;
		return $job->with_state( array( 'done' => 0 ) )->with_progress( 'work', 0, $this->steps_needed, 0, '' );
	}

	public function step( Job $job, float $seconds ): Job {
		++$this->steps;
		$done = (int) ( $job->state()['done'] ?? 0 ) + 1;
		if ( $this->fail_at === $done ) {
			throw new JobFailure( 'The disk is full: free some space and try again.' );
		}
		$job = $job->with_state( array( 'done' => $done ) )->with_progress( 'work', $done, $this->steps_needed, $done * 100, "unit $done" );
		return $done >= $this->steps_needed ? $job->succeeded( array( 'units' => $done ) ) : $job;
	}

	public function discard( Job $job ): void {
		++$this->discarded;
	}

	public function explain_failure( Job $job, string $reason ): string {
		return 'The test job stopped: ' . $reason;
	}
}
