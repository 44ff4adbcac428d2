<?php
/**
 * Every job that stops says where it was, what the server said, and what was kept, in the
 * admin's words: never "an unexpected error".
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use PHPUnit\Framework\Attributes\DataProvider;
use RuntimeException;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobHandler;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\TestCase;

final class FailureWordingTest extends TestCase {

	private const REASON = 'Lost connection to the bucket (timed out).';

	/**
	 * @return array<string, array{0: string, 1: array<string, mixed>, 2: string, 3: string}>
	 */
	public static function phases(): array {
		return array(
			'backup, files'            => array( 'backup', array( 'phase' => 'files' ), 'The backup stopped while copying the files: ', 'Nothing was published, and earlier backups are intact.' ),
			'backup, database'         => array( 'backup', array( 'phase' => 'source:database' ), 'The backup stopped while copying the database: ', 'earlier backups are intact.' ),
			'backup, publishing'       => array( 'backup', array( 'phase' => 'publishing' ), 'The backup stopped while saving the finished backup: ', 'earlier backups are intact.' ),
			'restore, safety backup'   => array( 'restore', array( 'state' => array( 'phase' => 'safety_backup' ) ), 'The restore stopped while taking the safety backup: ', 'Nothing was changed: the site is as it was.' ),
			'restore, checking'        => array( 'restore', array( 'state' => array( 'phase' => 'checking' ) ), 'The restore stopped while checking the backup: ', 'Nothing was changed' ),
			'restore, database'        => array( 'restore', array( 'state' => array( 'phase' => 'database' ) ), 'The restore stopped while loading the database beside the site: ', 'Nothing was changed' ),
			'restore, files'           => array( 'restore', array( 'state' => array( 'phase' => 'files' ) ), 'The restore stopped while preparing the files beside the site: ', 'Nothing was changed' ),
			'restore, switching'       => array(
				'restore',
				array(
					'state' => array(
						'phase'     => 'switching',
						'committed' => true,
						'safety'    => '01m91y4bnwe0vdc6jy4bpqcg0m',
					),
				),
				'The restore stopped while switching the site over: ',
				'Restore the safety backup 01m91y4bnwe0vdc6jy4bpqcg0m to undo it.',
			),
			'off-site copy'            => array( 'offsite', array(), 'The off-site copy stopped: ', 'The backups on this server are intact' ),
			'the copy after a backup'  => array( 'offsite', array( 'params' => array( 'backup' => '01m91y4bnwe0vdc6jy4bpqcg0m' ) ), 'The backup is saved, but its off-site copy stopped: ', 'Earlier backups are intact' ),
			'fetch'                    => array( 'fetch', array(), 'Fetching the backup from off-site storage stopped: ', 'Nothing was changed on this site' ),
		);
	}

	/**
	 * @param array<string, mixed> $at Progress phase, state or params of the job.
	 */
	#[DataProvider( 'phases' )]
	public function test_a_stop_names_the_phase_the_reason_and_what_was_kept( string $kind, array $at, string $starts, string $kept ): void {
		$handler = $this->handlers()[ $kind ];
		$data    = Job::create( $kind, $at['params'] ?? array(), 1 )->to_array();
		if ( isset( $at['phase'] ) ) {
			$data['progress']['phase'] = $at['phase'];
		}
		$data['state'] = $at['state'] ?? array();

		$message = $handler->explain_failure( Job::from_array( $data ), self::REASON );

		$this->assertStringStartsWith( $starts . 'Lost connection to the bucket (timed out)', $message );
		$this->assertStringContainsString( $kept, $message );
	}

	public function test_an_error_no_handler_worded_reaches_the_admin_in_the_handlers_words(): void {
		add_filter( 'pre_http_request', '__return_empty_array' );
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		$real    = $this->handlers()['offsite'];
		$handler = new class( $real ) implements JobHandler {
			public function __construct( private readonly JobHandler $real ) {
			}
			public function begin( Job $job ): Job {
				return $job;
			}
			public function step( Job $job, float $seconds ): Job {
				throw new RuntimeException( 'cURL error 28: Operation timed out' );
			}
			public function discard( Job $job ): void {
			}
			public function explain_failure( Job $job, string $reason ): string {
				return $this->real->explain_failure( $job, $reason );
			}
		};
		$runner = new JobRunner( new JobRepository(), new ActiveJobSlot(), array( 'offsite' => $handler ) );
		$job    = $runner->start( Job::create( 'offsite', array(), 1 ) );

		$runner->run_slice( 10 );

		$message = ( new JobRepository() )->find( $job->id() )->to_array()['message'];
		$this->assertSame( 'The off-site copy stopped: cURL error 28: Operation timed out. The backups on this server are intact, and what was already copied is kept for the next copy.', $message );
		remove_all_filters( 'pre_http_request' );
	}

	/**
	 * The handlers the plugin runs its jobs with.
	 *
	 * @return array<string, JobHandler>
	 */
	private function handlers(): array {
		return ( fn () => $this->handlers )->call( Plugin::instance()->job_runner() );
	}
}
