<?php
/**
 * The job runner: one job at a time, slices that resume, cancel and failure.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\LeaseLock;
use SiteBackups\Tests\WordPress\TestCase;

final class JobRunnerTest extends TestCase {

	private JobRepository $jobs;

	private ActiveJobSlot $slot;

	protected function setUp(): void {
		parent::setUp();
		$this->jobs = new JobRepository();
		$this->slot = new ActiveJobSlot();
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		wp_clear_scheduled_hook( JobRunner::SLICE_HOOK );
		// No loopback requests from the tests: the runner is driven by hand here.
		add_filter( 'pre_http_request', array( $this, 'refuse_http' ), 10, 3 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_http_request', array( $this, 'refuse_http' ) );
		parent::tearDown();
	}

	/** @var list<string> */
	public array $kicks = array();

	public function refuse_http( $preempt, array $args, string $url ) {
		$this->kicks[] = $url;
		return array( 'response' => array( 'code' => 200 ), 'body' => '' );
	}

	public function test_a_started_job_holds_the_slot_and_a_second_one_gets_the_running_one(): void {
		$runner = $this->runner( new StepCountingHandler( 3 ) );
		$first  = $runner->start( Job::create( 'test', array( 'trigger' => 'manual' ), 1 ) );

		$this->assertSame( Job::QUEUED, $first->status() );
		$this->assertSame( $first->id(), $this->slot->current() );
		$this->assertIsInt( wp_next_scheduled( JobRunner::SLICE_HOOK ), 'No slice was scheduled' );
		$this->assertStringEndsWith( 'admin-ajax.php', $this->kicks[0] ?? '', 'No loopback request kicked the first slice' );

		try {
			$runner->start( Job::create( 'test', array(), 1 ) );
			$this->fail( 'A second job started while one was running' );
		} catch ( JobConflict $conflict ) {
			$this->assertSame( $first->id(), $conflict->running->id() );
		}
	}

	public function test_slices_resume_from_the_stored_state_until_the_job_is_done(): void {
		$handler = new StepCountingHandler( 3 );
		$runner  = $this->runner( $handler );
		$job     = $runner->start( Job::create( 'test', array(), 1 ) );
		$ended   = null;
		$watch   = static function ( Job $finished ) use ( &$ended ): void {
			$ended = $finished;
		};
		add_action( 'site_backups_job_finished', $watch );

		// A fresh runner per slice, as every slice is a new request.
		for ( $i = 0; $i < 10 && ! $this->jobs->find( $job->id() )?->is_finished(); $i++ ) {
			$this->runner( $handler )->run_slice( 0.000001 );
		}

		$stored = $this->jobs->find( $job->id() );
		$this->assertSame( Job::DONE, $stored?->status() );
		$this->assertSame( 1, $handler->begun );
		$this->assertSame( 3, $handler->steps );
		$this->assertSame( array( 'units' => 3 ), $stored->to_array()['result'] );
		$this->assertNull( $this->slot->current(), 'The slot was not freed' );
		$this->assertFalse( wp_next_scheduled( JobRunner::SLICE_HOOK ) );
		$this->assertSame( $job->id(), $ended?->id() );
		// Only this test's watcher: the plugin's own (the failure email, the backup log) stay hooked.
		remove_action( 'site_backups_job_finished', $watch );
	}

	public function test_a_slice_does_nothing_while_another_request_holds_the_lease(): void {
		$handler = new StepCountingHandler( 2 );
		$runner  = $this->runner( $handler );
		$runner->start( Job::create( 'test', array(), 1 ) );
		$other = new LeaseLock( JobRunner::LEASE_OPTION, 'another-request' );
		$this->assertTrue( $other->acquire() );

		$runner->run_slice( 10 );
		$this->assertSame( 0, $handler->steps );

		$other->release();
		$runner->run_slice( 10 );
		$this->assertSame( 2, $handler->steps );
	}

	public function test_cancel_stops_at_the_next_unit_discards_and_frees_the_slot(): void {
		$handler = new StepCountingHandler( 100 );
		$runner  = $this->runner( $handler );
		$job     = $runner->start( Job::create( 'test', array(), 1 ) );
		$runner->run_slice( 0.000001 );
		$runner->cancel( $job->id() );
		$runner->run_slice( 10 );

		$stored = $this->jobs->find( $job->id() );
		$this->assertSame( Job::CANCELLED, $stored?->status() );
		$this->assertSame( 1, $handler->discarded );
		$this->assertLessThan( 100, $handler->steps );
		$this->assertNull( $this->slot->current() );
		$this->assertNotNull( $runner->start( Job::create( 'test', array(), 1 ) ) );
	}

	public function test_a_failure_is_recorded_with_its_message_and_frees_the_slot(): void {
		$handler = new StepCountingHandler( 5, 2 );
		$runner  = $this->runner( $handler );
		$job     = $runner->start( Job::create( 'test', array(), 1 ) );
		$runner->run_slice( 10 );

		$stored = $this->jobs->find( $job->id() );
		$this->assertSame( Job::FAILED, $stored?->status() );
		$this->assertSame( 'The disk is full: free some space and try again.', $stored->to_array()['message'] );
		$this->assertSame( 1, $handler->discarded );
		$this->assertNull( $this->slot->current() );
		$levels = array_column( $stored->to_array()['log'], 'level' );
		$this->assertContains( 'error', $levels );
	}

	public function test_a_slot_left_by_an_ended_job_does_not_block_the_next(): void {
		$ended = Job::create( 'test', array(), 1 )->failed( 'gone' );
		$this->jobs->save( $ended );
		$this->assertTrue( $this->slot->claim( $ended->id() ) );

		$next = $this->runner( new StepCountingHandler( 1 ) )->start( Job::create( 'test', array(), 1 ) );
		$this->assertSame( $next->id(), $this->slot->current() );
	}

	public function test_malformed_job_ids_are_never_looked_up(): void {
		foreach ( array( '', '../../wp-config', str_repeat( 'g', 32 ), strtoupper( str_repeat( 'a', 32 ) ) ) as $id ) {
			$this->assertNull( $this->jobs->find( $id ) );
		}
	}

	private function runner( StepCountingHandler $handler ): JobRunner {
		return new JobRunner( $this->jobs, $this->slot, array( 'test' => $handler ) );
	}
}
