<?php
/**
 * Runs the active job to its end in the WP-CLI process, with a progress bar.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\Jobs\Job;
use SiteBackups\Plugin;
use SiteBackups\Rest\JobPresenter;

/**
 * Under WP-CLI there is no time limit: the job runs in this process, slice after slice, instead
 * of waiting for WP-Cron and loopback requests.
 */
final class JobFollower {

	/**
	 * Works on the active job until it ends.
	 *
	 * @param Plugin      $plugin The composition root.
	 * @param string|null $label  The progress bar's label; null for no bar (porcelain output).
	 */
	public static function follow( Plugin $plugin, ?string $label ): void {
		// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
		$bar   = null === $label ? null : \WP_CLI\Utils\make_progress_bar( $label, 100 );
		$shown = 0;
		$plugin->job_runner()->run_to_end(
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
	}
}
