<?php
/**
 * Jobs run in the test's own process, through the real runner: no loopback request leaves it,
 * the slot and lease start free, and slices are run by hand until the job ends.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Status;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRunner;

trait JobsHere {

	/** Frees the slot and lease (as this test's transaction sees them) and keeps loopback requests here. */
	private function run_jobs_here(): void {
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		add_filter( 'pre_http_request', array( $this, 'no_loopback' ), 10, 3 );
	}

	private function stop_running_jobs_here(): void {
		remove_filter( 'pre_http_request', array( $this, 'no_loopback' ) );
		wp_clear_scheduled_hook( JobRunner::SLICE_HOOK );
		wp_clear_scheduled_hook( JobRunner::WATCHDOG_HOOK );
	}

	/** The runner's request to run the next slice goes nowhere: the test runs slices itself. */
	public function no_loopback( $preempt, array $args, string $url ) {
		return str_contains( $url, 'admin-ajax.php' ) ? array(
			'response' => array( 'code' => 200 ),
			'body'     => '',
		) : $preempt;
	}

	/** Runs the active job's slices until it ends. */
	private function run_active_job( JobRunner $runner ): Job {
		$slices = 0;
		do {
			$job = $runner->run_slice( 2.0 );
			++$slices;
		} while ( $job && ! $job->is_finished() && $slices < 300 );
		$this->assertNotNull( $job, 'no job was running' );
		$this->assertTrue( $job->is_finished(), 'the job did not end' );
		return $job;
	}
}
