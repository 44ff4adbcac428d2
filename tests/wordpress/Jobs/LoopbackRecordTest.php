<?php
/**
 * The runner's record of its requests to its own site: kept by the runner itself, read by
 * VisitorCron and Site Health.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\LoopbackRecord;
use SiteBackups\Tests\WordPress\TestCase;

final class LoopbackRecordTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		delete_option( LoopbackRecord::SENT_OPTION );
		delete_option( LoopbackRecord::SEEN_OPTION );
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		add_filter( 'pre_http_request', array( $this, 'answer_http' ), 10, 3 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_http_request', array( $this, 'answer_http' ) );
		wp_clear_scheduled_hook( JobRunner::SLICE_HOOK );
		wp_clear_scheduled_hook( JobRunner::WATCHDOG_HOOK );
		parent::tearDown();
	}

	public function answer_http( $preempt, array $args, string $url ) {
		return array(
			'response' => array( 'code' => 200 ),
			'body'     => '',
		);
	}

	public function test_loopback_requests_sent_one_after_another_keep_the_oldest_unanswered_time(): void {
		update_option( LoopbackRecord::SEEN_OPTION, time() - 900 );
		update_option( LoopbackRecord::SENT_OPTION, time() - 60 );
		LoopbackRecord::sent();
		$this->assertTrue( LoopbackRecord::failing(), 'a new request does not make the blocked loopback look fresh' );

		LoopbackRecord::arrived();
		$this->assertFalse( LoopbackRecord::failing() );
		LoopbackRecord::sent();
		$this->assertGreaterThanOrEqual( time() - 1, (int) get_option( LoopbackRecord::SENT_OPTION ), 'once answered, the next request is timed anew' );
		$this->assertFalse( LoopbackRecord::failing(), 'a request just sent is not yet lost' );
	}

	public function test_the_runner_records_the_loopback_request_that_sets_a_job_going(): void {
		$runner = new JobRunner( new JobRepository(), new ActiveJobSlot(), array( 'test' => new StepCountingHandler( 1 ) ) );

		$runner->start( Job::create( 'test', array( 'trigger' => 'manual' ), 1 ) );

		$this->assertGreaterThanOrEqual( time() - 1, (int) get_option( LoopbackRecord::SENT_OPTION ), 'the kick was recorded as sent' );
		$this->assertSame( 0, (int) get_option( LoopbackRecord::SEEN_OPTION, 0 ), 'and not yet as arrived' );
		$this->assertFalse( LoopbackRecord::failing(), 'a request just sent is not yet lost' );
	}
}
