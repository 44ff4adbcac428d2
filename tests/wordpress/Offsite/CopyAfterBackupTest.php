<?php
/**
 * A backup job hands itself over once its backup is published and expired backups are pruned,
 * to what follows (the off-site copy, on a real site), and knows that only as Backups\AfterPublish:
 * once per published backup, never for one that was not; with copies off, the job ends at
 * publish; with copies on, the same job copies the backup in its `offsite` phase.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Backups\BackupJobHandler;
use SiteBackups\Backups\BackupService;
use SiteBackups\Backups\StoreDirectory;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Offsite\CopyAfterBackup;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\TestCase;

final class CopyAfterBackupTest extends TestCase {

	use TestBucket;

	protected function setUp(): void {
		parent::setUp();
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		remove_all_filters( 'site_backups_offsite_settings' );
		add_filter( 'site_backups_plan', static fn (): string => 'pro' );
		add_filter( 'pre_http_request', array( $this, 'no_loopback' ), 10, 3 );
		$this->use_own_store( 'sb-after-publish' );
	}

	protected function tearDown(): void {
		'' === $this->prefix ? $this->put_the_store_back() : $this->forget_test_bucket();
		remove_filter( 'pre_http_request', array( $this, 'no_loopback' ) );
		remove_all_filters( 'site_backups_plan' );
		wp_clear_scheduled_hook( JobRunner::SLICE_HOOK );
		wp_clear_scheduled_hook( JobRunner::WATCHDOG_HOOK );
		parent::tearDown();
	}

	public function no_loopback( $preempt, array $args, string $url ) {
		return str_contains( $url, 'admin-ajax.php' ) ? array(
			'response' => array( 'code' => 200 ),
			'body'     => '',
		) : $preempt;
	}

	public function test_the_job_is_handed_over_once_after_its_backup_is_published_and_expired_ones_pruned(): void {
		$backups = new BackupService( new EnvironmentRegistry(), new StoreDirectory() );
		// Production backups 70 and 61 days old: the plan's 60 days let the older go, and keep the newest.
		$expired = $this->publish_production_backup( $backups, 70 );
		$newest  = $this->publish_production_backup( $backups, 61 );
		$follow  = new RecordingFollowUp( $backups );
		$handler = new BackupJobHandler( $backups, $follow );
		$runner  = new JobRunner( new JobRepository(), new ActiveJobSlot(), array( 'backup' => $handler ) );

		$job = $this->run_to_end( $runner, Job::create( 'backup', array( 'environment' => 'staging', 'trigger' => 'manual' ), 1 ) );

		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['log'] ) );
		$id = (string) ( $job->to_array()['result']['backup'] ?? '' );
		$this->assertSame( array( 'backup' => $id ), $job->to_array()['result'], 'the backup job\'s result, whoever ended it' );
		$this->assertCount( 1, $follow->taken, 'handed over once' );
		$taken = $follow->taken[0];
		$this->assertSame( $id, $taken['backup'] );
		$this->assertContains( $id, $taken['listed'], 'after publishing' );
		$this->assertNotContains( $expired, $taken['listed'], 'after pruning' );
		$this->assertContains( $newest, $taken['listed'] );
		$this->assertSame( 'done', $taken['phase'] );
		$this->assertContains( 'Removed 1 expired backup(s).', $taken['log'] );
		$this->assertSame(
			array_fill(
				0,
				2,
				array(
					'committed' => true,
					'result'    => array( 'backup' => $id ),
				)
			),
			$follow->steps,
			'every step after the hand-over is the follow-up\'s, with cancelling refused'
		);

		$this->assertSame( 'The follow-up stopped: timed out', $handler->explain_failure( $job, 'timed out' ), 'a stop after the hand-over is worded by what follows' );
	}

	public function test_a_backup_that_is_never_published_hands_nothing_over(): void {
		$backups = new BackupService( new EnvironmentRegistry(), new StoreDirectory() );
		$follow  = new RecordingFollowUp( $backups );
		$runner  = new JobRunner( new JobRepository(), new ActiveJobSlot(), array( 'backup' => new BackupJobHandler( $backups, $follow ) ) );
		$runner->start( Job::create( 'backup', array( 'environment' => 'staging', 'trigger' => 'manual' ), 1 ) );
		$runner->run_slice( 0.01 );
		// The backup's work in progress disappears, as on a disk that was wiped under it.
		exec( 'rm -rf ' . escapeshellarg( $backups->engine()->store()->root() . '/pending/' . $runner->active()?->state()['backup'] ) );

		$ended = $runner->run_slice( 2.0 );

		$this->assertSame( Job::FAILED, $ended?->status() );
		$this->assertStringStartsWith( 'The backup stopped while copying the files: ', (string) $ended->to_array()['message'] );
		$this->assertSame( array(), $follow->taken );
		$this->assertSame( array(), $follow->steps );
	}

	public function test_with_copies_off_the_sites_backup_job_ends_at_publish(): void {
		$handlers = ( fn (): array => $this->handlers )->call( Plugin::instance()->job_runner() );
		$phases   = array();

		$job = $this->run_to_end( Plugin::instance()->job_runner(), Job::create( 'backup', array( 'environment' => 'staging', 'trigger' => 'manual' ), 1 ), $phases );

		$this->assertInstanceOf( BackupJobHandler::class, $handlers['backup'] );
		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['log'] ) );
		$this->assertNotContains( 'offsite', $phases );
		$this->assertSame( 'done', $job->to_array()['progress']['phase'] );
		$this->assertArrayNotHasKey( 'offsite_queue', $job->state() );
		$this->assertFalse( $job->is_committed() );
		$this->assertFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'nothing to try again' );
	}

	public function test_with_copies_on_the_same_job_copies_the_backup_in_its_offsite_phase(): void {
		$settings = $this->test_bucket( 'after-publish' ) + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) );
		add_filter( 'site_backups_offsite_settings', static fn () => $settings );
		delete_transient( 'site_backups_offsite_list' );
		$phases = array();

		$job = $this->run_to_end( Plugin::instance()->job_runner(), Job::create( 'backup', array( 'environment' => 'staging', 'trigger' => 'manual' ), 1 ), $phases );

		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['log'] ) );
		$id = (string) ( $job->to_array()['result']['backup'] ?? '' );
		$this->assertSame( array( 'backup' => $id ), $job->to_array()['result'] );
		$this->assertSame( array(), $job->state()['offsite_queue'] ?? null, 'queued, and worked through' );
		$this->assertTrue( $job->is_committed(), 'a saved backup copying off-site cannot be cancelled' );
		$log = array_column( (array) $job->to_array()['log'], 'message' );
		$this->assertSame(
			array( 'Published ' . $id, 'Copied ' . $id . ' off-site.', 'Off-site copies complete' ),
			array_values(
				array_map(
					static fn ( string $line ): string => (string) preg_replace( '/(:| \().*\z/', '', $line ),
					array_filter( $log, static fn ( string $line ): bool => (bool) preg_match( '/\A(Published|Copied|Off-site copies complete)/', $line ) )
				)
			)
		);
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $id ), false ), 'the backup is in the bucket' );
		$this->assertFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'nothing to try again' );
		$this->assertInstanceOf( CopyAfterBackup::class, ( fn () => $this->after )->call( ( fn (): array => $this->handlers )->call( Plugin::instance()->job_runner() )['backup'] ) );
	}

	/**
	 * Starts a job and runs its slices until it ends, noting each slice's phase.
	 *
	 * @param list<string> $phases The phases the slices ended in.
	 */
	private function run_to_end( JobRunner $runner, Job $job, array &$phases = array() ): Job {
		$runner->start( $job );
		$slices = 0;
		do {
			$current  = $runner->run_slice( 2.0 );
			$phases[] = (string) ( $current?->to_array()['progress']['phase'] ?? '' );
			++$slices;
		} while ( $current && ! $current->is_finished() && $slices < 300 );
		$this->assertNotNull( $current );
		return $current;
	}

	/**
	 * Publishes an empty production backup record of a given age in the test's store.
	 */
	private function publish_production_backup( BackupService $backups, int $days ): string {
		$started = time() - $days * DAY_IN_SECONDS;
		$id      = SnapshotId::generate( $started * 1000 );
		$backups->engine()->store()->snapshots()->publish(
			new SnapshotRecord(
				$id,
				null,
				array(
					'environment' => 'production',
					'trigger'     => 'scheduled',
					'started_at'  => (float) $started,
				),
				array()
			)
		);
		return $id;
	}
}
