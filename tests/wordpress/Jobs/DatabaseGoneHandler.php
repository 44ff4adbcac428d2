<?php
/**
 * A job handler for testing the runner: three steps, and at the ones it is told, the database
 * goes away (the error the engine's connection gives when the server restarts).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobFailure;
use SiteBackups\Jobs\JobHandler;

final class DatabaseGoneHandler implements JobHandler {

	public int $discarded = 0;

	/** @param list<int> $gone_at Attempts (1, 2, ...) at which the database is away. */
	public function __construct( private readonly array $gone_at ) {
	}

	private int $attempts = 0;

	public function begin( Job $job ): Job {
		return $job->with_state( array( 'done' => 0 ) )->with_progress( 'work', 0, 3, 0, '' );
	}

	public function step( Job $job, float $seconds ): Job {
		++$this->attempts;
		if ( in_array( $this->attempts, $this->gone_at, true ) ) {
			// As the restore handler wraps what the engine throws.
			throw new JobFailure( 'The restore stopped before anything was changed: lost', 0, new DatabaseException( 'Query failed: MySQL server has gone away (error 2006)', 2006 ) );
		}
		$done = (int) ( $job->state()['done'] ?? 0 ) + 1;
		$job  = $job->with_state( array( 'done' => $done ) )->with_progress( 'work', $done, 3, 0, '' );
		return $done >= 3 ? $job->succeeded( array( 'units' => $done ) ) : $job;
	}

	public function discard( Job $job ): void {
		++$this->discarded;
	}

	public function explain_failure( Job $job, string $reason ): string {
		return 'The test job stopped: ' . $reason;
	}
}
