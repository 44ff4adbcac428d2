<?php
/**
 * Runs the active job to its end in the WP-CLI process, with a progress bar.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\App\JobLookup;
use SiteBackups\App\RunJobHere;
use SiteBackups\Jobs\Job;
use SiteBackups\Rest\JobPresenter;

/**
 * Under WP-CLI there is no time limit: the job runs in this process, slice after slice, instead
 * of waiting for WP-Cron and loopback requests. The job is then told as the REST API tells it.
 */
final class JobFollower {

	/**
	 * Sets up the follower.
	 *
	 * @param RunJobHere $run  Runs the active job here.
	 * @param JobLookup  $jobs Reads the job as it ended.
	 */
	public function __construct(
		private readonly RunJobHere $run,
		private readonly JobLookup $jobs
	) {
	}

	/**
	 * Works on the active job until it ends.
	 *
	 * @param string      $job_id The job started.
	 * @param string|null $label  The progress bar's label; null for no bar (porcelain output).
	 * @return array<string, mixed> The job's public fields as it ended (JobPresenter); empty when it is gone.
	 */
	public function follow( string $job_id, ?string $label ): array {
		// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
		$bar   = null === $label ? null : \WP_CLI\Utils\make_progress_bar( $label, 100 );
		$shown = 0;
		$this->run->to_end(
			static function ( Job $current ) use ( $bar, &$shown ): void {
				$percent = JobPresenter::data( $current )['progress']['percent'];
				if ( null !== $bar && is_int( $percent ) && $percent > $shown ) {
					$bar->tick( $percent - $shown );
					$shown = $percent;
				}
			}
		);
		if ( null !== $bar ) {
			$bar->finish();
		}
		$final = $this->jobs->find( $job_id );
		return null === $final ? array() : JobPresenter::data( $final );
	}

	/**
	 * Works on the job that another one started as it ended (a backup's off-site copy), if that
	 * is the job in the slot now, until it ends or makes way for another.
	 *
	 * @param string      $kind  The kind of job expected.
	 * @param string|null $label The progress bar's label; null for no bar.
	 * @return array<string, mixed> The job's public fields as it ended; empty when none followed.
	 */
	public function follow_next( string $kind, ?string $label ): array {
		$next = $this->jobs->active();
		return null === $next || $next->kind() !== $kind ? array() : $this->follow( $next->id(), $label );
	}
}
