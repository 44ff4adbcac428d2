<?php
/**
 * Off-site copies on the real stack: every backup lands in the bucket (the stack's Swift with
 * s3api), the list says where each backup is, and a site with an empty store finds the bucket's
 * backups and restores from one.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\LeaseLock;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\RecoveryKeys;
use SiteBackups\Retention\Plan;
use SiteBackups\Retention\RemovalBusy;
use SiteBackups\Retention\RemovalLock;
use SiteBackups\Tests\WordPress\WordPressSite;
use SiteBackups\Tests\WordPress\TestCase;

final class OffsiteTest extends TestCase {

	use TestBucket;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$settings = $this->test_bucket( 'offsite-test' ) + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) );
		$this->copy_off_site_with( $settings );
		$this->use_own_store( 'sb-offsite-store' );
	}

	protected function tearDown(): void {
		$this->forget_test_bucket();
		parent::tearDown();
	}

	public function test_a_backup_lands_off_site_and_a_site_without_its_store_restores_from_the_bucket(): void {
		$backup = WordPressSite::create_backup( 'staging', 'Off-site' );

		$listed = WordPressSite::wp( 'production', array( 'site-backups', 'list', '--environment=staging', '--fields=id,locations', '--format=json', '--user=admin' ) );
		$this->assertSame( array( array( 'id' => $backup, 'locations' => array( 'local', 'offsite' ) ) ), json_decode( $listed['out'], true ), $listed['err'] );
		$verify = WordPressSite::wp( 'production', array( 'site-backups', 'verify', $backup, '--offsite', '--user=admin' ) );
		$this->assertSame( 0, $verify['status'], $verify['err'] . $verify['out'] );
		$this->assertStringContainsString( 'is intact', $verify['out'] );
		wp_cache_flush();
		$settings = $this->rest( 'GET', '/settings' );
		$this->assertTrue( $settings['offsite']['configured'] );
		$this->assertTrue( $settings['offsite']['encrypted'] );
		$this->assertTrue( $settings['offsite']['healthy'], (string) $settings['offsite']['message'] );
		$this->assertStringContainsString( $this->prefix, $settings['offsite']['destination'] );
		$this->assertStringNotContainsString( (string) getenv( 'SITE_BACKUPS_TEST_S3_SECRET' ), (string) wp_json_encode( $settings ) );
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' ), false ) );

		// A new server: same bucket settings, an empty store; the old one's recovery key, as its administrator kept it.
		$recovery_key = ( new RecoveryKeys( new StoreDirectory() ) )->reveal();
		$this->assertIsString( $recovery_key );
		$empty = sys_get_temp_dir() . '/sb-empty-store-' . wp_generate_password( 6, false, false );
		self::use_store( $empty );
		try {
			delete_transient( 'site_backups_offsite_list' );
			$listed = WordPressSite::wp( 'production', array( 'site-backups', 'list', '--environment=staging', '--format=json', '--user=admin' ) );
			$this->assertSame( 0, $listed['status'], $listed['err'] );
			$this->assertContains( $backup, array_column( (array) json_decode( $listed['out'], true ), 'id' ), 'the bucket\'s backups are listed' );
			$this->assertSame( array( $backup => false ), array_column( (array) json_decode( $listed['out'], true ), 'verified', 'id' ), 'but not verified without the key' );
			$refused = WordPressSite::wp( 'production', array( 'site-backups', 'download', $backup, '--output=' . sys_get_temp_dir(), '--user=admin' ) );
			$this->assertSame( 1, $refused['status'], $refused['out'] );
			$this->assertStringContainsString( 'not verified (signed with another recovery key)', $refused['err'] );
			( new RecoveryKeys( new StoreDirectory() ) )->set( $recovery_key );

			$zip  = sys_get_temp_dir() . '/sb-offsite-' . wp_generate_password( 6, false, false ) . '.zip';
			$save = WordPressSite::wp( 'production', array( 'site-backups', 'download', $backup, '--output=' . $zip, '--user=admin' ) );
			$this->assertSame( 0, $save['status'], $save['err'] . $save['out'] );
			exec( 'unzip -tq ' . escapeshellarg( $zip ) . ' 2>&1', $tested, $code );
			@unlink( $zip );
			$this->assertSame( 0, $code, implode( "\n", $tested ) );

			$staging = WordPressSite::database( 'staging' );
			$staging->query( "INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('offsite_restore_marker', 'after the backup', 'no')" );
			$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--parts=database', '--no-safety-backup', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
			$this->assertSame( 0, $staging->query( "SELECT COUNT(*) FROM wp_options WHERE option_name = 'offsite_restore_marker'" )->fetch_row()[0] ?? null ? 1 : 0, 'restored from the bucket' );
			$this->assertFileExists( $empty . '/snapshots/' . $backup . '.php', 'fetched into the new store' );
			$staging->close();
		} finally {
			self::use_store( $this->own );
			exec( 'rm -rf ' . escapeshellarg( $empty ) );
		}

		// Sixty-one days later the plan lets the staging backup go off-site too, with its objects.
		$copier = new \SiteBackups\Offsite\OffsiteCopier( \SiteBackups\Plugin::instance()->backups(), \SiteBackups\Plugin::instance()->offsite() );
		$report = $copier->apply_retention( \SiteBackups\Retention\Plan::current(), time() + 61 * DAY_IN_SECONDS );
		$this->assertContains( $backup, $report['forgotten'] );
		$this->assertGreaterThan( 0, $report['objects_deleted'] );
		$this->assertSame( array(), iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' ), false ) );
		$this->assertSame( array(), iterator_to_array( $this->s3->listObjects( $this->prefix . '/packs/' ), false ), 'nothing else needed them' );
		$this->assertSame( array(), iterator_to_array( $this->s3->listObjects( $this->prefix . '/indexes/' ), false ) );
	}

	public function test_the_command_reports_the_backup_once_published_then_runs_its_copy_and_says_so(): void {
		$run = WordPressSite::wp( 'production', array( 'site-backups', 'create', '--environment=staging', '--note=Then off-site', '--user=admin' ) );

		$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
		$this->assertMatchesRegularExpression( '/Success: Backed up staging as ([0-9a-z]{26}) .*\n.*Copied off-site\.\s*\z/s', $run['out'], 'the backup first, then one line for its copy' );
		preg_match( '/Backed up staging as ([0-9a-z]{26})/', $run['out'], $match );
		$jobs   = ( new \SiteBackups\Jobs\JobRepository() )->recent();
		$backup = current( array_filter( $jobs, static fn ( $job ): bool => 'backup' === $job->kind() && ( $job->to_array()['result']['backup'] ?? null ) === $match[1] ) );
		$copy   = current( array_filter( $jobs, static fn ( $job ): bool => 'offsite' === $job->kind() && $job->param( 'backup' ) === $match[1] ) );
		$this->assertNotFalse( $backup );
		$this->assertNotFalse( $copy, 'the copy is a job of its own' );
		$this->assertSame( 'done', $backup->to_array()['progress']['phase'], 'the backup job ended at publish' );
		$this->assertSame( \SiteBackups\Jobs\Job::DONE, $copy->status() );
		$this->assertGreaterThanOrEqual( (int) $backup->to_array()['finished'], (int) $copy->to_array()['created'], 'started once the backup job had ended' );
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $match[1] ), false ) );
	}

	public function test_a_bucket_that_refuses_the_credentials_leaves_the_backup_safe_and_says_why(): void {
		$wrong = (string) file_get_contents( $this->mu_plugin );
		file_put_contents( $this->mu_plugin, str_replace( (string) getenv( 'SITE_BACKUPS_TEST_S3_SECRET' ), 'not-the-secret', $wrong ) );
		$backup = WordPressSite::create_backup( 'staging', 'Refused off-site' );
		$this->assertMatchesRegularExpression( '/\A[0-9a-z]{26}\z/', $backup, 'the backup itself succeeds' );
		wp_cache_flush();
		$status = get_option( 'site_backups_offsite_status' );
		$this->assertFalse( $status['healthy'] ?? null );
		$this->assertStringContainsString( 'safe on this server', (string) $status['message'] );
		$this->assertStringNotContainsString( 'not-the-secret', (string) $status['message'] );
		$this->assertNotFalse( wp_next_scheduled( 'site_backups_offsite_retry' ), 'a retry is scheduled' );
		wp_clear_scheduled_hook( 'site_backups_offsite_retry' );
		delete_option( 'site_backups_offsite_retry_attempts' );
	}

	public function test_local_copies_kept_fewer_days_than_the_bucket_go_only_once_they_are_off_site(): void {
		$this->keep_local_copies_one_day();
		$copied = WordPressSite::create_backup( 'staging', 'Copied off-site' );

		[ $backups, $copier ] = $this->copier();
		$report               = $copier->apply_retention( Plan::current(), time() + 2 * DAY_IN_SECONDS );

		$this->assertSame( array( $copied ), $report['local_forgotten'], 'two days later the local copy goes' );
		$this->assertSame( array(), $report['forgotten'], 'the bucket keeps it for the plan\'s 60 days' );
		$this->assertSame( array(), $backups->engine()->list() );
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $copied ), false ) );
	}

	public function test_the_backup_a_running_restore_reads_stays_here_and_in_the_bucket_past_its_days(): void {
		$this->keep_local_copies_one_day();
		$read                 = WordPressSite::create_backup( 'staging', 'Read by a running restore' );
		[ $backups, $copier ] = $this->copier();
		$expired              = time() + 61 * DAY_IN_SECONDS;
		$job                  = Job::create(
			'restore',
			array(
				'backup'      => $read,
				'environment' => 'staging',
			),
			1
		);
		( new JobRepository() )->save( $job );
		$slot = new ActiveJobSlot();
		$this->assertTrue( $slot->claim( $job->id() ) );
		try {
			$report = $copier->apply_retention( Plan::current(), $expired );
		} finally {
			$slot->free( $job->id() );
			( new JobRepository() )->delete( $job->id() );
		}

		$this->assertSame( array(), $report['forgotten'], 'the bucket keeps what the restore reads' );
		$this->assertSame( array(), $report['local_forgotten'], 'and so does the store' );
		$this->assertSame( array( $read ), array_column( $backups->engine()->list(), 'id' ) );
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $read ), false ) );

		// Once the restore has ended, each retention takes it in its turn: here after a day, the bucket after the plan's days.
		$report = $copier->apply_retention( Plan::current(), time() + 2 * DAY_IN_SECONDS );
		$this->assertSame( array( array(), array( $read ) ), array( $report['forgotten'], $report['local_forgotten'] ) );
		$this->assertSame( array(), $backups->engine()->list() );
		$report = $copier->apply_retention( Plan::current(), $expired );
		$this->assertSame( array( $read ), $report['forgotten'] );
		$this->assertSame( array(), iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $read ), false ) );
	}

	public function test_retention_waits_for_a_job_start_and_removes_nothing_while_one_holds_the_lock(): void {
		$this->keep_local_copies_one_day();
		$copied               = WordPressSite::create_backup( 'staging', 'Held by a job start' );
		[ $backups, $copier ] = $this->copier();
		$start                = new LeaseLock( RemovalLock::OPTION, 'a restore starting', RemovalLock::START_SECONDS );
		$this->assertTrue( $start->acquire() );
		try {
			$copier->apply_retention( Plan::current(), time() + 61 * DAY_IN_SECONDS );
			$this->fail( 'retention went on while a job start held the lock' );
		} catch ( RemovalBusy $busy ) {
			$this->assertStringContainsString( 'a job that reads one was starting', $busy->getMessage() );
		} finally {
			$start->release();
		}

		$this->assertSame( array( $copied ), array_column( $backups->engine()->list(), 'id' ) );
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' . $copied ), false ) );
	}

	/**
	 * Local copies kept one day, the bucket the plan's days: for the copier and for WP-CLI's processes.
	 */
	private function keep_local_copies_one_day(): void {
		$settings = (array) apply_filters( 'site_backups_offsite_settings', array() );
		file_put_contents( $this->mu_plugin, "<?php\nadd_filter( 'site_backups_offsite_settings', static fn () => " . var_export( $settings + array( 'keep_local_days' => 1 ), true ) . " );\n" );
		remove_all_filters( 'site_backups_offsite_settings' );
		add_filter( 'site_backups_offsite_settings', static fn () => $settings + array( 'keep_local_days' => 1 ) );
	}

	/**
	 * This process's own view of the test's store (the plugin's was opened on the suite's), and a copier on it.
	 *
	 * @return array{BackupService, OffsiteCopier}
	 */
	private function copier(): array {
		$backups = new BackupService( new EnvironmentRegistry(), new StoreDirectory() );
		return array( $backups, new OffsiteCopier( $backups, new OffsiteService( new OffsiteSettings() ) ) );
	}

	/**
	 * A REST call in this process as an administrator.
	 *
	 * @param array<string, mixed> $query Query parameters.
	 * @return array<mixed>
	 */
	private function rest( string $method, string $route, array $query = array() ): array {
		wp_set_current_user( 1 );
		$request = new \WP_REST_Request( $method, '/site-backups/v1' . $route );
		$request->set_query_params( $query );
		$response = rest_get_server()->dispatch( $request );
		$this->assertLessThan( 300, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		return (array) json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ), true );
	}
}
