<?php
/**
 * A job that copies off-site what earlier backups could not.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobHandler;

/**
 * Started by the retry event after a failed copy: every local backup not in the bucket yet.
 */
final class OffsiteJobHandler implements JobHandler {

	/**
	 * Sets up the handler.
	 *
	 * @param OffsiteCopier $copier The copier.
	 */
	public function __construct( private readonly OffsiteCopier $copier ) {
	}

	/**
	 * Lists what is missing off-site.
	 *
	 * @param Job $job A queued job.
	 */
	public function begin( Job $job ): Job {
		$queue = $this->copier->pending();
		return $job->with_state( array( 'offsite_queue' => $queue ) )
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
	 * The copy stopped; nothing on this server was touched.
	 *
	 * @param Job    $job    The job.
	 * @param string $reason What went wrong.
	 */
	public function explain_failure( Job $job, string $reason ): string {
		/* translators: %s: what went wrong. */
		return sprintf( __( 'The off-site copy stopped: %s. The backups on this server are intact, and what was already copied is kept for the next copy.', 'site-backups' ), rtrim( $reason, '.' ) );
	}
}
