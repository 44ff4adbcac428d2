<?php
/**
 * A lost database is weather, not failure: the job keeps its work and state, waits with a
 * growing pause, says so, carries on once the database answers, and fails with a clear message
 * only after half an hour without it. A real failure is recorded before anything is cleaned up.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Tests\WordPress\TestCase;

final class DatabaseWeatherTest extends TestCase {

	private JobRepository $jobs;

	/** @var list<string> */
	private array $kicks = array();

	protected function setUp(): void {
		parent::setUp();
		$this->jobs = new JobRepository();
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		wp_clear_scheduled_hook( JobRunner::SLICE_HOOK );
		add_filter( 'pre_http_request', array( $this, 'no_loopback' ), 10, 3 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_http_request', array( $this, 'no_loopback' ) );
		parent::tearDown();
	}

	public function no_loopback( $preempt, array $args, string $url ): array {
		$this->kicks[] = $url;
		return array(
			'response' => array( 'code' => 200 ),
			'body'     => '',
		);
	}

	public function test_the_job_waits_for_the_database_and_goes_on_from_where_it_stopped(): void {
		$handler = new DatabaseGoneHandler( array( 2, 3 ) );
		$job     = $this->runner( $handler )->start( Job::create( 'test', array(), 1 ) );
		$this->runner( $handler )->run_slice( 0.000001 );
		$this->kicks = array();

		$this->runner( $handler )->run_slice( 0.000001 );
		$waiting = $this->jobs->find( $job->id() );

		$this->assertSame( Job::RUNNING, $waiting->status(), 'a lost database failed the job' );
		$this->assertSame( 0, $handler->discarded, 'the work was thrown away' );
		$this->assertSame( 1, $waiting->state()['done'], 'the state was lost' );
		$this->assertSame( 1, $waiting->waiting()['attempts'] ?? null );
		$this->assertStringContainsString( 'gone away', $waiting->waiting()['reason'] ?? '' );
		$this->assertSame( array(), $this->kicks, 'no loopback while the database is away: the next try is scheduled' );
		$next = (int) wp_next_scheduled( JobRunner::SLICE_HOOK );
		$this->assertGreaterThanOrEqual( time() + 14, $next );

		$this->runner( $handler )->run_slice( 0.000001 );
		$again = $this->jobs->find( $job->id() );
		$this->assertSame( 2, $again->waiting()['attempts'] ?? null );
		$this->assertGreaterThanOrEqual( time() + 29, (int) wp_next_scheduled( JobRunner::SLICE_HOOK ), 'the pause grows' );
		$this->assertSame( 1, count( array_filter( $again->to_array()['log'], static fn ( array $line ): bool => str_starts_with( $line['message'], 'Waiting for the database' ) ) ), 'one log line per wait' );

		for ( $i = 0; $i < 5 && ! $this->jobs->find( $job->id() )?->is_finished(); $i++ ) {
			$this->runner( $handler )->run_slice( 0.000001 );
		}
		$done = $this->jobs->find( $job->id() );
		$this->assertSame( Job::DONE, $done->status(), (string) wp_json_encode( $done->to_array()['message'] ) );
		$this->assertSame( 3, $done->state()['done'] );
		$this->assertNull( $done->waiting() );
		$this->assertSame( 0, $handler->discarded );
		$log = implode( "\n", array_column( $done->to_array()['log'], 'message' ) );
		$this->assertStringContainsString( 'The database answers again', $log );
		$this->assertStringNotContainsString( 'stopped before anything was changed', $log, 'the log told a failure for a job that went on' );
	}

	public function test_after_half_an_hour_without_the_database_the_job_fails_clearly_and_only_then_cleans_up(): void {
		$handler = new DatabaseGoneHandler( array( 1, 2 ) );
		$job     = $this->runner( $handler )->start( Job::create( 'test', array(), 1 ) );
		$this->runner( $handler )->run_slice( 0.000001 );
		$long    = $this->jobs->find( $job->id() )->to_array();
		$long['waiting']['since'] = time() - JobRunner::DATABASE_PATIENCE - 1;
		$this->jobs->save( Job::from_array( $long ) );

		$this->runner( $handler )->run_slice( 0.000001 );

		$failed = $this->jobs->find( $job->id() );
		$this->assertSame( Job::FAILED, $failed->status() );
		$this->assertStringContainsString( 'The test job stopped: the database did not answer for 30 minutes (Query failed: MySQL server has gone away', $failed->to_array()['message'] );
		$this->assertSame( 1, $handler->discarded );
	}

	private function runner( DatabaseGoneHandler $handler ): JobRunner {
		return new JobRunner( $this->jobs, new ActiveJobSlot(), array( 'test' => $handler ) );
	}
}
