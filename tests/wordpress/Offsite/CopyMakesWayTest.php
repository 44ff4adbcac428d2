<?php
/**
 * A backup is a recovery point as soon as it is published; its off-site copy, a job of its own,
 * never keeps a backup or a restore from starting. Started while the copy holds the slot, they
 * answer 202: the copy ends as paused (a log line, not a failure; what it uploaded stays and
 * counts) and goes on by itself once they end. A slice of the copy at work is asked to stop and
 * waited for a few seconds; only a slice that never stops gets the 409, naming the copy. Each
 * backup's row says where its copy stands (offsite_copy).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Backup\Exclusions;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\LeaseLock;
use SiteBackups\Jobs\SlotWanted;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\Status\JobsHere;
use SiteBackups\Tests\WordPress\TestCase;
use WP_REST_Request;
use WP_REST_Response;

final class CopyMakesWayTest extends TestCase {

	use JobsHere;
	use TestBucket;

	private const PAUSED = 'Paused to let another job run first. What was copied off-site is kept, and the copy goes on from there once that job ends.';

	protected function setUp(): void {
		parent::setUp();
		$this->run_jobs_here();
		delete_option( OffsiteCopier::UNFINISHED_OPTION );
		remove_all_filters( 'site_backups_offsite_settings' );
		remove_all_filters( 'site_backups_offsite_pack_bytes' );
		$this->use_own_store( 'sb-copy-makes-way' );
	}

	protected function tearDown(): void {
		$this->forget_test_bucket();
		$this->stop_running_jobs_here();
		// One test writes outside the transaction: the slot is left free for good.
		$this->free_the_slot();
		parent::tearDown();
	}

	public function test_a_backup_started_during_the_copy_pauses_it_and_the_copy_goes_on_after_with_nothing_uploaded_twice(): void {
		$this->copies_on( 'makes-way-backup' );
		$first = $this->backup_now();
		$copy  = $this->runner()->active();
		$this->assertSame( 'offsite', $copy?->kind(), 'the copy follows the backup' );
		$this->assertSame( array( 'state' => 'waiting' ), $this->row( $first )['offsite_copy'], 'a recovery point before its copy began' );
		$this->assertTrue( $this->row( $first )['can_restore'] );
		$this->assertTrue( $this->row( $first )['can_download'] );

		// One short slice: the copy is under way, on the first backup.
		$this->runner()->run_slice( 0.001 );
		$running = ( new JobRepository() )->find( $copy->id() );
		$this->assertSame( Job::RUNNING, $running?->status(), 'more to copy than one batch' );
		$row = $this->row( $first );
		$this->assertSame( 'copying', $row['offsite_copy']['state'] );
		$this->assertGreaterThan( 0, $row['offsite_copy']['done_bytes'] );
		$this->assertSame( $row['stored_bytes'], $row['offsite_copy']['total_bytes'], 'about what the backup added to the store' );
		$uploaded = (int) $running->state()['offsite_objects'];

		$started = $this->rest( 'POST', '/backups', array( 'environment' => 'staging' ) );

		$this->assertSame( 202, $started->get_status(), (string) wp_json_encode( $started->get_data() ) );
		$paused = $this->rest( 'GET', '/jobs/' . $copy->id() )->get_data();
		$this->assertSame( Job::PAUSED, $paused['status'] );
		$this->assertSame( '', $paused['message'], 'not a failure' );
		$this->assertSame( array( 'info', self::PAUSED ), array_values( array_slice( end( $paused['log'] ), 1, 2 ) ) );
		$this->assertSame( $started->get_data()['id'], $this->runner()->active()?->id() );
		$this->assertSame( array( 'state' => 'waiting' ), $this->row( $first )['offsite_copy'] );

		$second = $this->run_to_end( (string) $started->get_data()['id'] )->to_array()['result']['backup'];
		$again  = $this->runner()->active();
		$this->assertSame( 'offsite', $again?->kind(), 'the copy starts again by itself' );
		$this->assertSame( $second, $again->param( 'backup' ) );
		$done = $this->run_to_end( $again->id() );

		$this->assertSame( Job::DONE, $done->status(), (string) wp_json_encode( $done->to_array()['log'] ) );
		$this->assertContains( '2 backup(s) to copy off-site.', array_column( $done->to_array()['log'], 'message' ) );
		foreach ( array( $first, $second ) as $id ) {
			$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $id ), false ), $id . ' is in the bucket' );
			$this->assertSame( array( 'state' => 'copied' ), $this->row( $id )['offsite_copy'] );
		}
		$in_bucket = $this->objects_in_bucket();
		$this->assertSame( $in_bucket, $uploaded + (int) $done->state()['offsite_objects'], 'what the paused copy uploaded counted: no object went twice' );
		$this->assertFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'nothing left to try again' );
		$this->assertNull( $this->runner()->active() );
	}

	public function test_a_restore_started_during_the_copy_pauses_it_likewise_and_the_copy_goes_on_after(): void {
		$this->copies_on( 'makes-way-restore' );
		$backup = $this->backup_now();
		$copy   = $this->runner()->active();
		$this->assertSame( Job::QUEUED, $copy?->status() );

		$restore = $this->rest(
			'POST',
			'/backups/' . $backup . '/restore',
			array(
				'environment'   => 'staging',
				'parts'         => array( 'database' ),
				'safety_backup' => false,
			)
		);

		$this->assertSame( 202, $restore->get_status(), (string) wp_json_encode( $restore->get_data() ) );
		$paused = ( new JobRepository() )->find( $copy->id() );
		$this->assertSame( Job::PAUSED, $paused?->status() );
		$this->assertSame( self::PAUSED, end( $paused->to_array()['log'] )['message'] );
		$this->assertNotFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'should nothing start it again, the retry event does' );

		// The restore ends (cancelled here, before it changed anything): the copy goes on.
		$this->assertSame( 200, $this->rest( 'POST', '/jobs/' . $restore->get_data()['id'] . '/cancel' )->get_status() );
		$this->assertSame( Job::CANCELLED, $this->run_to_end( (string) $restore->get_data()['id'] )->status() );
		$again = $this->runner()->active();
		$this->assertSame( 'offsite', $again?->kind() );
		$this->assertSame( Job::DONE, $this->run_to_end( $again->id() )->status() );
		$this->assertSame( array( 'state' => 'copied' ), $this->row( $backup )['offsite_copy'] );
		$this->assertFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'the copy that went on put the retry away' );
	}

	public function test_a_slice_that_is_asked_to_make_way_stops_before_its_next_upload_and_ends_paused(): void {
		$this->copies_on( 'makes-way-slice' );
		$this->backup_now();
		$copy = $this->runner()->active();
		$this->runner()->run_slice( 0.001 );
		$before = ( new JobRepository() )->find( (string) $copy?->id() );
		$this->assertSame( Job::RUNNING, $before?->status() );

		( new SlotWanted() )->ask( $before->id() );
		$ended = $this->runner()->run_slice( 30.0 );

		$this->assertSame( Job::PAUSED, $ended?->status() );
		$this->assertSame( $before->state()['offsite_bytes'], $ended->state()['offsite_bytes'], 'nothing more uploaded once asked' );
		$this->assertSame( self::PAUSED, end( $ended->to_array()['log'] )['message'] );
		$this->assertFalse( ( new SlotWanted() )->asked( $before->id() ), 'the request is withdrawn' );
		$this->assertNull( ( new ActiveJobSlot() )->current(), 'the slot is free for the job that asked' );
	}

	public function test_a_slice_asked_in_the_middle_of_its_step_stops_before_its_next_upload(): void {
		$this->copies_on( 'makes-way-mid-step' );
		$backup = $this->backup_now();
		$copy   = (string) $this->runner()->active()?->id();
		$this->runner()->run_slice( 0.001 );
		$before = ( new JobRepository() )->find( $copy );
		$this->assertSame( Job::RUNNING, $before?->status() );
		// Another request asks while this slice's first upload is answered.
		$asked = 0;
		$ask   = static function () use ( $copy, &$asked ): void {
			if ( 0 === $asked++ ) {
				( new SlotWanted() )->ask( $copy );
			}
		};
		add_action( 'http_api_debug', $ask );
		$objects = $this->objects_in_bucket();

		$ended = $this->runner()->run_slice( 30.0 );
		remove_action( 'http_api_debug', $ask );

		$this->assertSame( Job::PAUSED, $ended?->status(), (string) wp_json_encode( $ended?->to_array()['log'] ) );
		$this->assertGreaterThan( 0, $asked, 'asked while the slice was at work' );
		$this->assertGreaterThan( $objects, $this->objects_in_bucket(), 'the upload under way went, with its index' );
		$this->assertSame( array(), iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $backup ), false ), 'and nothing after it: the copy is not complete' );
		$this->assertSame( self::PAUSED, end( $ended->to_array()['log'] )['message'] );
		$this->assertSame( array( 'state' => 'waiting' ), $this->row( $backup )['offsite_copy'] );
	}

	public function test_a_slice_at_work_is_asked_to_stop_the_start_waits_for_it_and_only_one_that_never_stops_gets_409(): void {
		// Another process takes part: everything this one writes is committed at once.
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		// What setUp() wrote went with the rollback: written again, for good.
		$this->free_the_slot();
		delete_option( OffsiteCopier::UNFINISHED_OPTION );
		Exclusions::save( array( 'wp-includes', 'wp-admin' ) );
		self::use_store( $this->own );
		$this->copy_off_site_with( $this->test_bucket( 'makes-way-concurrent' ) + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) ) );
		$this->backup_now();
		$copy = $this->runner()->active();
		$this->assertSame( 'offsite', $copy?->kind() );
		// A slice of the copy at work, as this test holds its lease.
		$slice = new LeaseLock( JobRunner::LEASE_OPTION, 'a-slice-at-work', 120 );
		$this->assertTrue( $slice->acquire() );

		// A slice that never stops: the start waits a few seconds, then says what holds the slot.
		$asked_at = microtime( true );
		$refused  = $this->rest( 'POST', '/backups', array( 'environment' => 'staging' ) );
		$waited   = microtime( true ) - $asked_at;
		$this->assertSame( 409, $refused->get_status() );
		$this->assertSame( 'site_backups_job_running', $refused->as_error()->get_error_code() );
		$this->assertStringContainsString( 'off-site copy', $refused->as_error()->get_error_message() );
		$this->assertSame( 'offsite', $refused->as_error()->get_error_data()['job']['kind'] );
		$this->assertGreaterThan( 5.0, $waited );
		$this->assertLessThan( 15.0, $waited );
		$this->assertSame( $copy->id(), ( new ActiveJobSlot() )->current() );
		$this->assertSame( Job::QUEUED, ( new JobRepository() )->find( $copy->id() )?->status(), 'untouched' );
		$this->assertTrue( ( new SlotWanted() )->asked( $copy->id() ), 'the request stays: the copy pauses at its next upload' );

		// A slice that stops when asked: another process starts a backup meanwhile.
		$process = proc_open(
			'bash ' . escapeshellarg( dirname( __DIR__, 3 ) . '/tests/stack/wp.sh' ) . ' test production site-backups create --environment=staging --async --porcelain --user=admin',
			array( 0 => array( 'file', '/dev/null', 'r' ), 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ),
			$pipes,
			dirname( __DIR__, 3 )
		);
		$this->assertIsResource( $process );
		$asked = false;
		for ( $wait = 0; $wait < 100 && ! $asked; ++$wait ) {
			usleep( 100000 );
			$asked = ( new SlotWanted() )->asked( $copy->id() );
		}
		$this->assertTrue( $asked, 'the copy was asked to stop' );
		$this->assertSame( Job::QUEUED, ( new JobRepository() )->find( $copy->id() )?->status(), 'and waited for, not raced' );
		// The slice stops: it gives its lease up.
		$slice->release();
		$out = trim( (string) stream_get_contents( $pipes[1] ) );
		$err = (string) stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$this->assertSame( 0, proc_close( $process ), $err . $out );

		$this->assertMatchesRegularExpression( '/\A[0-9a-f]{32}\z/', $out );
		$paused = ( new JobRepository() )->find( $copy->id() );
		$this->assertSame( Job::PAUSED, $paused?->status() );
		$this->assertSame( self::PAUSED, end( $paused->to_array()['log'] )['message'] );
		$this->assertSame( $out, ( new ActiveJobSlot() )->current(), 'the backup holds the slot' );
		$this->assertFalse( ( new SlotWanted() )->asked( $copy->id() ) );

		// Nothing is left running: the backup is cancelled, and so is the copy that follows it.
		$this->runner()->cancel( $out );
		$this->assertSame( Job::CANCELLED, $this->run_to_end( $out )->status() );
		$again = $this->runner()->active();
		$this->assertSame( 'offsite', $again?->kind(), 'a cancelled backup too is followed by the copy of what waits' );
		$this->runner()->cancel( $again->id() );
		$this->assertSame( Job::CANCELLED, $this->run_to_end( $again->id() )->status() );
	}

	public function test_a_failed_copy_leaves_the_backup_saved_and_its_row_says_so(): void {
		$settings = $this->test_bucket( 'makes-way-failed' ) + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) );
		$this->copies_on_with( array( 'secret' => 'not-the-secret' ) + $settings );
		$backup = $this->backup_now();

		$copy = $this->run_to_end( (string) $this->runner()->active()?->id() );

		$this->assertSame( Job::DONE, $copy->status(), 'a failed copy is recorded in the off-site status, as before' );
		$this->assertNotEmpty( preg_grep( '/\AOff-site copy failed: /', array_column( $copy->to_array()['log'], 'message' ) ) );
		$status = get_option( 'site_backups_offsite_status' );
		$this->assertFalse( $status['healthy'] ?? null );
		$this->assertStringContainsString( 'safe on this server', (string) $status['message'] );
		$this->assertNotFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'the retry event picks it up' );
		$row = $this->row( $backup );
		$this->assertSame( array( 'state' => 'failed' ), $row['offsite_copy'] );
		$this->assertTrue( $row['can_restore'] );
		$this->assertTrue( $row['can_download'] );
		$this->assertSame( array( 'local' ), $row['locations'] );
	}

	/**
	 * Copies go to the test bucket, for this process.
	 */
	private function copies_on( string $name ): void {
		$this->copies_on_with( $this->test_bucket( $name ) + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) ) );
	}

	/**
	 * Copies go off-site with these settings, for this process.
	 *
	 * @param array<string, mixed> $settings Off-site settings.
	 */
	private function copies_on_with( array $settings ): void {
		add_filter( 'site_backups_offsite_settings', static fn () => $settings );
		// Small packs: a copy of this small site takes several batches, so there is one to make way in.
		add_filter( 'site_backups_offsite_pack_bytes', static fn (): int => 65536 );
		delete_option( 'site_backups_offsite_status' );
		delete_transient( 'site_backups_offsite_list' );
	}

	/**
	 * Backs staging up through the API and runs the job to its end; returns the backup's id.
	 */
	private function backup_now(): string {
		$started = $this->rest( 'POST', '/backups', array( 'environment' => 'staging' ) );
		$this->assertSame( 202, $started->get_status(), (string) wp_json_encode( $started->get_data() ) );
		$job = $this->run_to_end( (string) $started->get_data()['id'] );
		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['log'] ) );
		return (string) $job->to_array()['result']['backup'];
	}

	/**
	 * Runs slices until the job ends.
	 */
	private function run_to_end( string $id ): Job {
		$deadline = microtime( true ) + 120;
		$last     = null;
		do {
			$this->assertSame( $id, $this->runner()->active()?->id(), 'the job holds the slot' );
			$job = $this->runner()->run_slice( 2.0 );
			if ( $job?->is_finished() ) {
				return $job;
			}
			// A slice another process holds (the backup's own loopback request) ends in its own time.
			$now = wp_json_encode( array( $job?->status(), $job?->to_array()['progress'] ?? null ) );
			if ( $now === $last ) {
				usleep( 100000 );
			}
			$last = $now;
		} while ( microtime( true ) < $deadline );
		$this->fail( 'The job did not end within two minutes.' );
	}

	/**
	 * One backup as GET /backups/{id} gives it.
	 *
	 * @return array<string, mixed>
	 */
	private function row( string $id ): array {
		$response = $this->rest( 'GET', '/backups/' . $id );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		return (array) json_decode( (string) wp_json_encode( $response->get_data() ), true );
	}

	/**
	 * A REST call in this process as the site's administrator.
	 *
	 * @param array<string, mixed> $body JSON body, or query for GET.
	 */
	private function rest( string $method, string $route, array $body = array() ): WP_REST_Response {
		wp_set_current_user( 1 );
		$request = new WP_REST_Request( $method, '/site-backups/v1' . $route );
		if ( 'GET' === $method ) {
			$request->set_query_params( $body );
		} elseif ( $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $body ) );
		}
		return rest_get_server()->dispatch( $request );
	}

	private function runner(): JobRunner {
		return Plugin::instance()->job_runner();
	}
}
