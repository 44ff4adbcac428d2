<?php
/**
 * A backup job ends as soon as its backup is published and expired backups are pruned: the
 * backup is a recovery point from then on. With copies on, its off-site copy follows as a job of
 * its own, started once the backup job has freed the slot (Offsite\CopyAfterBackup), which
 * applies the plan off-site and copies it; with copies off, or when no backup was published,
 * nothing follows.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Backup\BackupJobHandler;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\OffsiteJobHandler;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\Status\JobsHere;
use SiteBackups\Tests\WordPress\TestCase;

final class CopyAfterBackupTest extends TestCase {

	use JobsHere;
	use TestBucket;

	protected function setUp(): void {
		parent::setUp();
		$this->run_jobs_here();
		delete_option( OffsiteCopier::UNFINISHED_OPTION );
		remove_all_filters( 'site_backups_offsite_settings' );
		add_filter( 'site_backups_plan', static fn (): string => 'pro' );
		$this->use_own_store( 'sb-after-publish' );
	}

	protected function tearDown(): void {
		'' === $this->prefix ? $this->put_the_store_back() : $this->forget_test_bucket();
		$this->stop_running_jobs_here();
		remove_all_filters( 'site_backups_plan' );
		parent::tearDown();
	}

	public function test_the_backup_job_ends_at_publish_after_pruning_and_its_copy_follows_as_a_job_of_its_own(): void {
		$this->copies_on( 'after-publish' );
		$runner = Plugin::instance()->job_runner();
		// Production backups 70 and 61 days old: the plan's 60 days let the older go, and keep the newest.
		$expired = $this->publish_production_backup( 70 );
		$newest  = $this->publish_production_backup( 61 );
		$phases  = array();

		$job = $this->run_to_end( $runner, $runner->start( Job::create( 'backup', array( 'environment' => 'staging', 'trigger' => 'manual' ), 1 ) ), $phases );

		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['log'] ) );
		$id = (string) ( $job->to_array()['result']['backup'] ?? '' );
		$this->assertSame( array( 'backup' => $id ), $job->to_array()['result'] );
		$this->assertNotContains( 'offsite', $phases, 'no off-site phase inside the backup job' );
		$this->assertSame( 'done', $job->to_array()['progress']['phase'] );
		$this->assertFalse( $job->is_committed() );
		$log = array_column( (array) $job->to_array()['log'], 'message' );
		$this->assertContains( 'Removed 1 expired backup(s).', $log, 'pruned before it ended' );
		$this->assertSame( array(), preg_grep( '/off-site/i', $log ), 'nothing of the copy in the backup\'s log' );

		$copy = $runner->active();
		$this->assertNotNull( $copy, 'the copy holds the slot the backup job freed' );
		$this->assertSame( 'offsite', $copy->kind() );
		$this->assertSame( Job::QUEUED, $copy->status() );
		$this->assertSame( $id, $copy->param( 'backup' ) );
		$this->assertSame( 'manual', $copy->param( 'trigger' ) );
		$this->assertGreaterThanOrEqual( (int) $job->to_array()['finished'], (int) $copy->to_array()['created'] );
		$this->assertFalse( $copy->is_committed(), 'a copy can be cancelled: the backup is saved either way' );

		$copied = $this->run_to_end( $runner, $copy );

		$this->assertSame( Job::DONE, $copied->status(), (string) wp_json_encode( $copied->to_array()['log'] ) );
		$this->assertSame(
			array( '2 backup(s) to copy off-site.', 'Copied ' . $newest . ' off-site.', 'Copied ' . $id . ' off-site.', 'Off-site copies complete' ),
			$this->log_lines( $copied, '/\A(\d+ backup\(s\) to copy|Copied|Off-site copies complete)/' ),
			'the expired one was pruned before the copy listed what to copy, oldest first'
		);
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $id ), false ), 'the backup is in the bucket' );
		$this->assertFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'nothing to try again' );
		$this->assertNull( $runner->active(), 'a copy that ends starts no other' );
		$this->assertInstanceOf( OffsiteJobHandler::class, ( fn (): array => $this->handlers )->call( $runner )['offsite'] );
	}

	public function test_a_backup_that_is_never_published_is_followed_by_no_copy(): void {
		$this->copies_on( 'never-published' );
		$runner = Plugin::instance()->job_runner();
		$runner->start( Job::create( 'backup', array( 'environment' => 'staging', 'trigger' => 'manual' ), 1 ) );
		$runner->run_slice( 0.01 );
		// The backup's work in progress disappears, as on a disk that was wiped under it.
		exec( 'rm -rf ' . escapeshellarg( Plugin::instance()->backups()->engine()->store()->root() . '/pending/' . $runner->active()?->state()['backup'] ) );

		$ended = $runner->run_slice( 2.0 );

		$this->assertSame( Job::FAILED, $ended?->status() );
		$this->assertStringStartsWith( 'The backup stopped while copying the files: ', (string) $ended->to_array()['message'] );
		$this->assertNull( $runner->active(), 'nothing waits to go off-site' );
	}

	public function test_with_copies_off_the_sites_backup_job_ends_at_publish_and_nothing_follows(): void {
		$runner = Plugin::instance()->job_runner();
		$phases = array();

		$job = $this->run_to_end( $runner, $runner->start( Job::create( 'backup', array( 'environment' => 'staging', 'trigger' => 'manual' ), 1 ) ), $phases );

		$this->assertInstanceOf( BackupJobHandler::class, ( fn (): array => $this->handlers )->call( $runner )['backup'] );
		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['log'] ) );
		$this->assertNotContains( 'offsite', $phases );
		$this->assertSame( 'done', $job->to_array()['progress']['phase'] );
		$this->assertArrayNotHasKey( 'offsite_queue', $job->state() );
		$this->assertNull( $runner->active(), 'no copy job' );
		$this->assertFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'nothing to try again' );
	}

	/**
	 * Copies go to the test bucket, for this process.
	 */
	private function copies_on( string $name ): void {
		$settings = $this->test_bucket( $name ) + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) );
		add_filter( 'site_backups_offsite_settings', static fn () => $settings );
		delete_option( 'site_backups_offsite_status' );
		delete_transient( 'site_backups_offsite_list' );
	}

	/**
	 * Runs slices of the job in the slot until it ends, noting each slice's phase.
	 *
	 * @param list<string> $phases The phases the slices ended in.
	 */
	private function run_to_end( JobRunner $runner, Job $job, array &$phases = array() ): Job {
		$this->assertSame( $job->id(), $runner->active()?->id() );
		$slices = 0;
		do {
			$current  = $runner->run_slice( 2.0 );
			$phases[] = (string) ( $current?->to_array()['progress']['phase'] ?? '' );
			++$slices;
		} while ( $current && $current->id() === $job->id() && ! $current->is_finished() && $slices < 300 );
		$this->assertNotNull( $current );
		$this->assertSame( $job->id(), $current->id() );
		return $current;
	}

	/**
	 * The job's log lines that match, cut at their first colon or parenthesis.
	 *
	 * @return list<string>
	 */
	private function log_lines( Job $job, string $pattern ): array {
		$lines = array_filter( array_column( (array) $job->to_array()['log'], 'message' ), static fn ( string $line ): bool => (bool) preg_match( $pattern, $line ) );
		return array_values( array_map( static fn ( string $line ): string => str_starts_with( $line, 'Off-site copies complete' ) ? 'Off-site copies complete' : $line, $lines ) );
	}

	/**
	 * Publishes an empty production backup record of a given age in the test's store.
	 */
	private function publish_production_backup( int $days ): string {
		$started = time() - $days * DAY_IN_SECONDS;
		$id      = SnapshotId::generate( $started * 1000 );
		Plugin::instance()->backups()->engine()->store()->snapshots()->publish(
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
