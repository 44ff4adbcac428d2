<?php
/**
 * A backup job's off-site copy, done in the same job once the backup is published.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Backups\AfterPublish;
use SiteBackups\Jobs\Job;
use SiteBackups\Retention\Plan;
use Throwable;

/**
 * While copies go off-site, a backup job goes on after publishing: the plan is applied to the
 * bucket, then this backup and any an earlier failure left behind are copied, oldest first, in
 * the job's `offsite` phase. With copies off, the job ends at publish.
 */
final class CopyAfterBackup implements AfterPublish {

	/**
	 * Sets up the follow-up.
	 *
	 * @param OffsiteCopier $copier The copier.
	 */
	public function __construct( private readonly OffsiteCopier $copier ) {
	}

	/**
	 * Applies off-site retention and queues the copies, or leaves the job to end when copies are off.
	 *
	 * @param Job    $job    The backup job, its backup published and expired local backups pruned.
	 * @param string $backup The published backup's id (the first copies include it).
	 */
	public function take_over( Job $job, string $backup ): ?Job {
		if ( ! $this->copier->enabled() ) {
			return null;
		}
		try {
			$kept = $this->copier->apply_retention( Plan::current() );
			if ( $kept['forgotten'] || $kept['local_forgotten'] ) {
				$job = $job->logged( 'info', sprintf( 'Off-site: removed %d expired backup(s) and %d unneeded object(s), aborted %d unfinished upload(s); %d local copies kept off-site only.', count( $kept['forgotten'] ), $kept['objects_deleted'], $kept['uploads_aborted'], count( $kept['local_forgotten'] ) ) );
			}
		} catch ( Throwable $error ) {
			$job = $job->logged( 'warning', 'Off-site retention was not applied: ' . $error->getMessage() );
		}
		// This backup and any an earlier failure left behind, oldest first.
		$state                  = $job->state();
		$state['offsite_queue'] = $this->copier->pending();
		return $job->with_state( $state )->with_progress( 'offsite', 0, null, 0, '' );
	}

	/**
	 * Whether the copies were queued (the job then stays in its off-site phase until it ends).
	 *
	 * @param Job $job The backup job.
	 */
	public function has_taken_over( Job $job ): bool {
		return isset( $job->state()['offsite_queue'] );
	}

	/**
	 * Copies for about $seconds; ends the job once the queue is done, or if copies were turned off since.
	 *
	 * @param Job                  $job     The backup job.
	 * @param float                $seconds Budget.
	 * @param array<string, mixed> $result  What the backup job reports.
	 */
	public function step( Job $job, float $seconds, array $result ): Job {
		return $this->copier->step( $job, $seconds, $result );
	}

	/**
	 * The copy stopped after the backup was saved.
	 *
	 * @param Job    $job    The backup job.
	 * @param string $reason What went wrong.
	 */
	public function explain_failure( Job $job, string $reason ): string {
		/* translators: %s: what went wrong. */
		return sprintf( __( 'The backup is saved, but its off-site copy stopped: %s. Earlier backups are intact, and what was already copied is kept for the next copy.', 'site-backups' ), rtrim( $reason, '.' ) );
	}
}
