<?php
/**
 * The runner asks a host check (Preflight on a real site) before it starts a job, and knows it
 * only as that: a job the host cannot run is refused with the check's finding, and a scheduled
 * one is recorded as failed.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\HostCheck;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Tests\WordPress\TestCase;

final class HostCheckTest extends TestCase {

	private const PROBLEM = array(
		'code'    => 'store_unwritable',
		'message' => 'PHP may not write the store.',
		'fix'     => 'Make it writable.',
		'blocks'  => array( 'test' ),
	);

	/** @var list<Job> */
	private array $finished = array();

	protected function setUp(): void {
		parent::setUp();
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		add_filter( 'pre_http_request', array( $this, 'answer_http' ), 10, 3 );
		add_action( 'site_backups_job_finished', array( $this, 'job_finished' ) );
	}

	protected function tearDown(): void {
		remove_action( 'site_backups_job_finished', array( $this, 'job_finished' ) );
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

	public function job_finished( Job $job ): void {
		$this->finished[] = $job;
	}

	public function test_a_job_the_host_check_blocks_is_refused_with_its_finding_and_never_starts(): void {
		$handler = new StepCountingHandler( 1 );
		$runner  = $this->runner( $handler, 'test' );

		try {
			$runner->start( Job::create( 'test', array( 'trigger' => 'manual' ), 1 ) );
			$this->fail( 'the job was not refused' );
		} catch ( JobRefused $refused ) {
			$this->assertSame( self::PROBLEM, $refused->problem );
		}
		$this->assertNull( ( new ActiveJobSlot() )->current(), 'the slot stays free' );
		$this->assertSame( 0, $handler->begun );
		$this->assertSame( array(), $this->finished, 'nobody else is told of a refusal its caller answers' );
	}

	public function test_a_scheduled_job_the_host_check_blocks_is_recorded_as_failed_once(): void {
		$runner = $this->runner( new StepCountingHandler( 1 ), 'test' );
		$job    = Job::create( 'test', array( 'trigger' => 'scheduled' ), 0 );

		try {
			$runner->start( $job );
			$this->fail( 'the job was not refused' );
		} catch ( JobRefused $refused ) {
			$this->assertSame( 'store_unwritable', $refused->problem['code'] );
		}
		$stored = ( new JobRepository() )->find( $job->id() );
		$this->assertSame( Job::FAILED, $stored?->status() );
		$this->assertSame( 'PHP may not write the store. Make it writable.', $stored->to_array()['message'] );
		$this->assertCount( 1, $this->finished );
		$this->assertSame( $job->id(), $this->finished[0]->id() );
	}

	public function test_a_kind_the_check_does_not_block_starts(): void {
		$runner = $this->runner( new StepCountingHandler( 1 ), 'restore' );

		$job = $runner->start( Job::create( 'test', array( 'trigger' => 'manual' ), 1 ) );

		$this->assertSame( $job->id(), ( new ActiveJobSlot() )->current() );
		$this->assertSame( Job::DONE, $runner->run_slice( 5.0 )?->status() );
	}

	/**
	 * A runner of "test" jobs whose host check blocks one kind.
	 */
	private function runner( StepCountingHandler $handler, string $blocked ): JobRunner {
		$check = new class( $blocked, self::PROBLEM ) implements HostCheck {
			/**
			 * @param array{code: string, message: string, fix: string, blocks: list<string>} $problem
			 */
			public function __construct( private readonly string $blocked, private readonly array $problem ) {
			}
			public function blocking( string $kind ): ?array {
				return $kind === $this->blocked ? $this->problem : null;
			}
		};
		return new JobRunner( new JobRepository(), new ActiveJobSlot(), array( 'test' => $handler ), $check );
	}
}
