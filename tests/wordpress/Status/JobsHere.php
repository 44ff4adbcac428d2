<?php
/**
 * Jobs run in the test's own process, through the real runner: no loopback request leaves it,
 * the slot and lease start free with no job asked to make way, and slices are run by hand until
 * the job ends.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Status;

use RuntimeException;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobHandler;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\SlotWanted;

trait JobsHere {

	/** Frees the slot and lease (as this test's transaction sees them) and keeps loopback requests here. */
	private function run_jobs_here(): void {
		$this->free_the_slot();
		add_filter( 'pre_http_request', array( $this, 'no_loopback' ), 10, 3 );
	}

	/** No job in the slot, no slice holding the lease, no job asked to make way. */
	private function free_the_slot(): void {
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		delete_option( SlotWanted::OPTION );
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

	/**
	 * A backup job that fails in its first step, run through the runner, which records it and
	 * tells the site it ended (site_backups_job_finished).
	 */
	private function failed_job( string $environment, string $trigger, string $reason ): Job {
		$handler = new class( $reason ) implements JobHandler {
			public function __construct( private readonly string $reason ) {
			}
			public function begin( Job $job ): Job {
				return $job;
			}
			public function step( Job $job, float $seconds ): Job {
				throw new RuntimeException( $this->reason );
			}
			public function discard( Job $job ): void {
			}
			public function explain_failure( Job $job, string $reason ): string {
				return 'The backup stopped: ' . $reason;
			}
		};
		$runner = new JobRunner( new JobRepository(), new ActiveJobSlot(), array( 'backup' => $handler ) );
		$runner->start(
			Job::create(
				'backup',
				array(
					'environment' => $environment,
					'trigger'     => $trigger,
				),
				'manual' === $trigger ? 1 : 0
			)
		);
		$job = $this->run_active_job( $runner );
		$this->assertSame( Job::FAILED, $job->status() );
		return $job;
	}
}
