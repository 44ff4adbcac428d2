<?php
/**
 * The real daily event, end to end on the real stack: moved to now, fired by WP-Cron from an
 * ordinary page request, run in slices over loopback requests, listed as scheduled; retention
 * prunes exactly at the plan's boundary; a failure emails through the real job-finished hook.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Schedule;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Health\BackupHealth;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Status\LastAutomaticBackup;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class DailyHookEndToEndTest extends TestCase {

	private static string $store = '';

	private string $mu_plugin;

	private string $mail_file;

	private mixed $original_store;

	private int|false $original_event;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$store = sys_get_temp_dir() . '/site-backups-daily-' . wp_generate_password( 8, false );
	}

	public static function tearDownAfterClass(): void {
		Durable::removeTree( self::$store );
		parent::tearDownAfterClass();
	}

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// The site's own requests must see what this test writes.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->original_store = get_option( StoreDirectory::OPTION );
		$this->original_event = wp_next_scheduled( DailySchedule::HOOK );
		// A new name each time: PHP-FPM's opcache may still hold a file of the same name rewritten just now.
		$this->mu_plugin      = WPMU_PLUGIN_DIR . '/site-backups-test-daily-' . wp_generate_password( 8, false ) . '.php';
		$this->mail_file      = sys_get_temp_dir() . '/site-backups-daily-mail-' . wp_generate_password( 8, false ) . '.json';
		wp_mkdir_p( WPMU_PLUGIN_DIR );
	}

	protected function tearDown(): void {
		@unlink( $this->mu_plugin );
		@unlink( $this->mail_file );
		self::use_store( $this->original_store );
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( false !== $this->original_event && $this->original_event > time() ? $this->original_event : time() + DAY_IN_SECONDS, 'daily', DailySchedule::HOOK );
		// The site wrote down how its automatic backups here ended: other tests start from none.
		delete_option( LastAutomaticBackup::OPTION );
		parent::tearDown();
	}

	public function test_pro_the_event_backs_up_in_slices_over_loopback_and_prunes_at_sixty_days(): void {
		self::use_store( self::$store );
		$kept = $this->publish_production_backup( 60 * DAY_IN_SECONDS - HOUR_IN_SECONDS );
		$gone = $this->publish_production_backup( 60 * DAY_IN_SECONDS + MINUTE_IN_SECONDS );
		$this->install_site_plugin( 'pro' );

		$job = $this->fire_the_daily_event_from_a_page_request();

		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['message'] ) );
		$this->assertSame( 'scheduled', $job->param( 'trigger' ) );
		$this->assertGreaterThan( 1, $job->slices(), 'the backup ran in one slice' );
		$this->assertGreaterThanOrEqual( $job->to_array()['created'] ?? 0, (int) get_option( BackupHealth::LOOPBACK_SEEN_OPTION ), 'no loopback request carried a slice' );
		$listed = $this->production_backups();
		$new    = array_diff_key( $listed, array( $kept => true ) );
		$this->assertSame( array( 'scheduled' ), array_values( $new ), 'the new backup is listed as scheduled' );
		$this->assertArrayHasKey( $kept, $listed, '59 days 23 hours old: kept' );
		$this->assertArrayNotHasKey( $gone, $listed, '60 days and a minute old: pruned' );
	}

	public function test_standard_prunes_at_one_day(): void {
		self::use_store( self::$store );
		$kept = $this->publish_production_backup( DAY_IN_SECONDS - HOUR_IN_SECONDS );
		$gone = $this->publish_production_backup( DAY_IN_SECONDS + MINUTE_IN_SECONDS );
		$this->install_site_plugin( 'standard' );

		$job = $this->fire_the_daily_event_from_a_page_request();

		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['message'] ) );
		$listed = $this->production_backups();
		$this->assertArrayHasKey( $kept, $listed, '23 hours old: kept' );
		$this->assertArrayNotHasKey( $gone, $listed, 'a day and a minute old: pruned' );
	}

	public function test_a_failed_daily_backup_emails_the_admin_through_the_real_hook(): void {
		// A store that cannot be created: its parent is a file.
		$blocker = sys_get_temp_dir() . '/site-backups-not-a-folder-' . wp_generate_password( 8, false );
		file_put_contents( $blocker, 'a file' );
		self::use_store( $blocker . '/store' );
		$this->install_site_plugin( 'pro' );
		try {
			$job = $this->fire_the_daily_event_from_a_page_request();
		} finally {
			unlink( $blocker );
		}

		$this->assertSame( Job::FAILED, $job->status(), (string) wp_json_encode( $job->to_array()['message'] ) );
		$this->assertFileExists( $this->mail_file, 'no email was sent' );
		$mail = json_decode( (string) file_get_contents( $this->mail_file ), true );
		$this->assertSame( get_option( 'admin_email' ), $mail['to'] );
		$this->assertStringContainsString( 'The automatic backup failed', $mail['subject'] );
		$this->assertStringContainsString( (string) $job->to_array()['message'], $mail['message'] );
	}

	/**
	 * Moves the real event to now, then visits the home page like a visitor until the job it
	 * starts has ended. Nothing but page requests: WP-Cron and the loopback do the rest.
	 */
	private function fire_the_daily_event_from_a_page_request(): Job {
		delete_transient( 'doing_cron' );
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( time() - 1, 'daily', DailySchedule::HOOK );
		$jobs     = new JobRepository();
		$earlier  = array_map( static fn ( Job $job ): string => $job->id(), $jobs->recent() );
		$deadline = time() + 240;
		do {
			WordPressSite::get( WordPressSite::url( 'production' ) . '/' );
			usleep( 500000 );
			wp_cache_flush();
			$job = null;
			foreach ( $jobs->recent() as $candidate ) {
				if ( 'backup' === $candidate->kind() && ! in_array( $candidate->id(), $earlier, true ) ) {
					$job = $candidate;
					break;
				}
			}
		} while ( ( null === $job || ! $job->is_finished() ) && time() < $deadline );
		$this->assertNotNull( $job, 'WP-Cron never started the daily backup' );
		$this->assertTrue( $job->is_finished(), 'the daily backup did not end in time' );
		$this->assertGreaterThan( time(), (int) wp_next_scheduled( DailySchedule::HOOK ), 'the event was not scheduled again' );
		return $job;
	}

	/**
	 * A must-use plugin for the site's own requests: the plan, short slices, and mail captured.
	 */
	private function install_site_plugin( string $plan ): void {
		file_put_contents(
			$this->mu_plugin,
			"<?php\n"
			. "add_filter( 'site_backups_plan', static fn () => " . var_export( $plan, true ) . " );\n"
			. "add_filter( 'site_backups_slice_seconds', static fn () => 0.5 );\n"
			. "add_filter( 'pre_wp_mail', static function ( \$short, \$atts ) { file_put_contents( " . var_export( $this->mail_file, true ) . ", wp_json_encode( \$atts ) ); return true; }, 10, 2 );\n"
		);
	}

	/** Publishes an empty production backup as old as $age seconds; returns its id. */
	private function publish_production_backup( int $age ): string {
		$started = time() - $age;
		$id      = SnapshotId::generate( $started * 1000 );
		$this->service()->engine()->store()->snapshots()->publish(
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

	/**
	 * Production's backups: trigger by id.
	 *
	 * @return array<string, string>
	 */
	private function production_backups(): array {
		$listed = array();
		foreach ( $this->service()->engine()->list() as $summary ) {
			if ( 'production' === ( $summary['meta']['environment'] ?? '' ) ) {
				$listed[ $summary['id'] ] = (string) ( $summary['meta']['trigger'] ?? '' );
			}
		}
		return $listed;
	}

	private function service(): BackupService {
		return new BackupService( new EnvironmentRegistry(), new StoreDirectory() );
	}
}
