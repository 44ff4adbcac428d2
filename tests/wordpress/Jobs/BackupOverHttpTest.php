<?php
/**
 * Backups that run by themselves on the real nginx + PHP-FPM stack
 * (max_execution_time = 30): slices kicked by loopback requests, picked up
 * by WP-Cron after a worker is killed. No browser, no test-driven slices.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Engine\Retention\Forgetter;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Retention\Sweeper;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class BackupOverHttpTest extends TestCase {

	private const SLICE_SECONDS = 0.05;

	/** New files (32 KB each): every file is a unit of work, so slices end on time. */
	private const NEW_FILES = 3000;

	/** @var list<string> */
	private array $snapshots_before = array();

	private string $mu_plugin;

	private string $new_folder;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// The HTTP requests run in other connections: they must see what this test writes.
		$wpdb->query( 'COMMIT' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->mu_plugin = WPMU_PLUGIN_DIR . '/site-backups-test-slices.php';
		wp_mkdir_p( WPMU_PLUGIN_DIR );
		file_put_contents(
			$this->mu_plugin,
			"<?php\nadd_filter( 'site_backups_slice_seconds', static fn () => " . self::SLICE_SECONDS . " );\n"
		);
		// Enough new files that the backup needs many slices.
		$this->new_folder = wp_upload_dir()['basedir'] . '/site-backups-test-' . wp_generate_password( 6, false );
		wp_mkdir_p( $this->new_folder );
		for ( $i = 0; $i < self::NEW_FILES; $i++ ) {
			file_put_contents( sprintf( '%s/%04d.bin', $this->new_folder, $i ), random_bytes( 32 * 1024 ) );
		}
		$this->snapshots_before = array_column( Plugin::instance()->backups()->engine()->list(), 'id' );
	}

	protected function tearDown(): void {
		@unlink( $this->mu_plugin );
		array_map( 'unlink', glob( $this->new_folder . '/*.bin' ) ?: array() );
		@rmdir( $this->new_folder );
		$runner = Plugin::instance()?->job_runner();
		$active = $runner?->active();
		if ( $active ) {
			$runner->cancel( $active->id() );
			$runner->run_slice( 5 );
		}
		delete_option( ActiveJobSlot::OPTION );
		// The backups made here are large: remove them and what only they use.
		$store = Plugin::instance()->backups()->engine()->store();
		( new Forgetter( $store ) )->forget( new RetentionRule( keepLast: 0, keepIds: $this->snapshots_before ) );
		( new Sweeper( $store ) )->sweep();
		parent::tearDown();
	}

	public function test_a_backup_finishes_through_loopback_requests_alone_in_many_short_slices(): void {
		$job = Plugin::instance()->job_runner()->start( Job::create( 'backup', array( 'environment' => 'production', 'trigger' => 'manual' ), 1 ) );

		$finished = $this->wait_for_end( $job->id(), 240, false );

		$this->assertSame( Job::DONE, $finished->status(), $this->describe( $finished ) );
		$this->assertGreaterThan( 3, $finished->slices(), 'The backup did not need several slices' );
		$this->assert_backup_verifies( $finished );
	}

	public function test_a_killed_worker_does_not_stop_the_backup(): void {
		$job = Plugin::instance()->job_runner()->start( Job::create( 'backup', array( 'environment' => 'production', 'trigger' => 'manual' ), 1 ) );

		// Wait until a slice is at work, then kill every PHP-FPM worker as a host would.
		$deadline = time() + 60;
		do {
			usleep( 100000 );
			$current = ( new JobRepository() )->find( $job->id() );
		} while ( $current && ! $current->is_finished() && $current->slices() < 2 && time() < $deadline );
		$this->assertFalse( $current?->is_finished(), 'The backup ended before a worker could be killed: ' . ( $current ? $this->describe( $current ) : 'no job' ) );
		$killed = WordPressSite::kill_fpm_workers();
		$this->assertGreaterThan( 0, $killed );

		// No loopback chain is left; only WP-Cron, fired by visits, can carry on.
		$finished = $this->wait_for_end( $job->id(), 240, true );

		$this->assertSame( Job::DONE, $finished->status(), $this->describe( $finished ) );
		$this->assert_backup_verifies( $finished );
	}

	public function test_a_database_server_killed_in_the_middle_does_not_cost_the_backup(): void {
		$job = Plugin::instance()->job_runner()->start( Job::create( 'backup', array( 'environment' => 'production', 'trigger' => 'manual' ), 1 ) );

		// Wait until the slices dump the database, then kill MariaDB as a crash would, and bring it back.
		$deadline = time() + 120;
		do {
			usleep( 50000 );
			$current = ( new JobRepository() )->find( $job->id() );
		} while ( $current && ! $current->is_finished() && ! str_starts_with( (string) ( $current->to_array()['progress']['phase'] ?? '' ), 'source:' ) && time() < $deadline );
		$this->assertFalse( $current?->is_finished(), 'The backup ended before the database could be killed: ' . ( $current ? $this->describe( $current ) : 'no job' ) );
		$mariadb = (int) trim( (string) file_get_contents( dirname( ABSPATH, 2 ) . '/run/mysqld.pid' ) );
		$this->assertTrue( posix_kill( $mariadb, 9 ) );
		sleep( 2 );
		exec( 'QUIET=1 bash ' . escapeshellarg( dirname( __DIR__, 3 ) . '/tests/stack/start.sh' ) . ' test 2>&1', $output, $status );
		$this->assertSame( 0, $status, implode( "\n", $output ) );

		$finished = $this->wait_for_end( $job->id(), 300, true );

		$this->assertSame( Job::DONE, $finished->status(), $this->describe( $finished ) );
		$this->assert_backup_verifies( $finished );
		$log = implode( "\n", array_column( $finished->to_array()['log'], 'message' ) );
		$this->assertStringNotContainsString( 'failed', $log, 'the log told of a failure for a backup that went on' );
	}

	/**
	 * Polls the job until it ends; optionally visits wp-cron.php like traffic or a system cron.
	 */
	private function wait_for_end( string $id, int $seconds, bool $visit_cron ): Job {
		$jobs     = new JobRepository();
		$deadline = time() + $seconds;
		do {
			if ( $visit_cron ) {
				// As a system cron does: wp-cron.php without a spawn key takes its own lock.
				$this->http_get( home_url( '/wp-cron.php' ) );
			}
			sleep( 1 );
			$job = $jobs->find( $id );
		} while ( $job && ! $job->is_finished() && time() < $deadline );
		$this->assertNotNull( $job );
		return $job;
	}

	private function assert_backup_verifies( Job $job ): void {
		$id     = (string) ( $job->to_array()['result']['backup'] ?? '' );
		$engine = Plugin::instance()->backups()->engine();
		$this->assertTrue( $engine->verify( $id, 300 )->isOk(), "Backup $id does not verify" );
		$this->assertGreaterThan( self::NEW_FILES * 32 * 1024, (int) ( $engine->snapshot( $id )->meta['logical_bytes'] ?? 0 ) );
	}

	private function http_get( string $url ): void {
		$context = stream_context_create( array( 'http' => array( 'timeout' => 5, 'ignore_errors' => true ) ) );
		@file_get_contents( $url, false, $context );
	}

	private function describe( Job $job ): string {
		return (string) wp_json_encode( array_intersect_key( $job->to_array(), array_flip( array( 'status', 'message', 'slices', 'progress', 'log' ) ) ), JSON_PRETTY_PRINT );
	}
}
