<?php
/**
 * "Am I safe?" for production and staging: the last backup made or failed, the last automatic
 * one, the next one, the recovery points, the off-site copies; from the store's records, the
 * runner's jobs and what is written down when an automatic backup ends.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Status;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\StoreFormat;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\SavedOffsiteSettings;
use SiteBackups\Plugin;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Status\LastAutomaticBackup;
use SiteBackups\Status\SiteStatus;
use SiteBackups\Tests\WordPress\TestCase;

final class SiteStatusTest extends TestCase {

	use JobsHere;

	private mixed $store = null;

	private string $own = '';

	protected function setUp(): void {
		parent::setUp();
		$this->run_jobs_here();
		remove_all_filters( 'site_backups_offsite_settings' );
		$this->store = get_option( StoreDirectory::OPTION );
		$this->own   = sys_get_temp_dir() . '/sb-site-status-' . wp_generate_password( 8, false, false );
		self::use_store( $this->own );
		// The site's earlier jobs and outcomes, as this test's transaction sees them: none.
		delete_option( 'site_backups_jobs' );
		delete_option( LastAutomaticBackup::OPTION );
	}

	protected function tearDown(): void {
		$this->stop_running_jobs_here();
		self::use_store( $this->store );
		Durable::removeTree( $this->own );
		parent::tearDown();
	}

	public function test_the_report_gives_each_environment_its_backups_schedule_and_copies(): void {
		$now  = time();
		$next = $now + 5 * HOUR_IN_SECONDS;
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( $next, 'daily', DailySchedule::HOOK );
		$automatic = $this->publish( 'production', 'scheduled', $now - 2 * DAY_IN_SECONDS );
		$manual    = $this->publish( 'production', 'manual', $now - DAY_IN_SECONDS );
		// A backup of part of the site (before restoring one table) is not a recovery point of it.
		$scope = array(
			'scope' => array(
				'paths'  => array(),
				'tables' => array( 'wp_options' ),
			),
		);
		$this->publish( 'production', 'safety', $now - HOUR_IN_SECONDS, $scope );
		$this->publish( 'staging', 'manual', $now - 5 * DAY_IN_SECONDS );
		$this->publish( 'staging', 'manual', $now - 3 * HOUR_IN_SECONDS );
		$failed = $this->failed_job( 'staging', 'manual', 'The disk is full.' );

		$report = $this->site_status()->report( $now );

		$this->assertSame( array( 'generated_at', 'store', 'environments' ), array_keys( $report ) );
		$this->assertSame( $now, $report['generated_at'] );
		$this->assertSame(
			array(
				'readable' => true,
				'error'    => null,
			),
			$report['store']
		);
		$this->assertSame( array( 'production', 'staging' ), array_keys( $report['environments'] ) );
		$off = array(
			'state'       => 'off',
			'set_by_host' => false,
			'message'     => '',
			'failed_at'   => null,
			'last_copy'   => null,
		);
		$this->assertSame(
			array(
				'environment'           => 'production',
				'available'             => true,
				'automatic'             => true,
				'last_backup'           => array(
					'backup_id'   => $manual,
					'job_id'      => null,
					'trigger'     => 'manual',
					'status'      => 'ok',
					'started_at'  => $now - DAY_IN_SECONDS,
					'finished_at' => null,
					'error'       => null,
				),
				'last_automatic'        => array(
					'backup_id'   => $automatic,
					'job_id'      => null,
					'trigger'     => 'automatic',
					'status'      => 'ok',
					'started_at'  => $now - 2 * DAY_IN_SECONDS,
					'finished_at' => null,
					'error'       => null,
				),
				'automatic_failing'     => false,
				'next_automatic'        => $next,
				'recovery_points'       => 2,
				'oldest_recovery_point' => $now - 2 * DAY_IN_SECONDS,
				'last_manual_age'       => DAY_IN_SECONDS,
				'offsite'               => $off,
			),
			$report['environments']['production']
		);
		$this->assertSame(
			array(
				'environment'           => 'staging',
				'available'             => true,
				'automatic'             => false,
				'last_backup'           => array(
					'backup_id'   => null,
					'job_id'      => $failed->id(),
					'trigger'     => 'manual',
					'status'      => 'failed',
					'started_at'  => (int) $failed->to_array()['created'],
					'finished_at' => (int) $failed->to_array()['finished'],
					'error'       => 'The backup stopped: The disk is full.',
				),
				'last_automatic'        => null,
				'automatic_failing'     => false,
				'next_automatic'        => null,
				'recovery_points'       => 2,
				'oldest_recovery_point' => $now - 5 * DAY_IN_SECONDS,
				'last_manual_age'       => 3 * HOUR_IN_SECONDS,
				'offsite'               => $off,
			),
			$report['environments']['staging']
		);
		$this->assertSame( $report['environments'], array_map( static fn ( $status ): array => $status->to_array(), $this->site_status()->environments( $now ) ), 'the values give the same shape' );
	}

	public function test_a_site_without_a_store_yet_has_no_recovery_points_and_gets_no_store_by_asking(): void {
		$report = $this->site_status()->report();

		$this->assertTrue( $report['store']['readable'] );
		$this->assertSame( 0, $report['environments']['production']['recovery_points'] );
		$this->assertNull( $report['environments']['production']['last_backup'] );
		$this->assertNull( $report['environments']['production']['last_automatic'] );
		$this->assertNull( $report['environments']['staging']['last_manual_age'] );
		$this->assertFalse( StoreFormat::isStoreAt( $this->own ), 'asking made a store' );
		$this->assertDirectoryDoesNotExist( $this->own );
	}

	public function test_a_failed_automatic_backup_is_kept_however_many_jobs_push_it_out_of_the_list(): void {
		$this->publish( 'production', 'scheduled', time() - DAY_IN_SECONDS );
		$failed = $this->failed_job( 'production', 'scheduled', 'The disk is full.' );
		$jobs   = new JobRepository();
		for ( $i = 0; $i < 25; $i++ ) {
			$jobs->save( Job::create( 'offsite', array( 'trigger' => 'scheduled' ), 0 )->succeeded( array() ) );
		}
		$this->assertNull( $jobs->find( $failed->id() ), 'the job list still holds the failed job' );

		$still = $this->site_status()->failed_automatic();

		$this->assertNotNull( $still );
		$this->assertSame( $failed->id(), $still->job_id );
		$this->assertSame( 'The backup stopped: The disk is full.', $still->error );
		$production = $this->site_status()->environments()['production'];
		$this->assertTrue( $production->automatic_failing() );
		$this->assertSame( $failed->id(), $production->last_backup?->job_id, 'the failed night is the last backup too' );
	}

	public function test_a_later_automatic_backup_in_the_store_outweighs_an_older_failure_written_down(): void {
		$this->failed_job( 'production', 'scheduled', 'The disk is full.' );
		$this->assertNotNull( $this->site_status()->failed_automatic() );

		// As a restore of an older database would leave it, were the record not carried over.
		$later = $this->publish( 'production', 'scheduled', time() + 60 );

		$this->assertNull( $this->site_status()->failed_automatic() );
		$this->assertSame( $later, $this->site_status()->last_automatic()?->backup_id );
	}

	public function test_a_cancelled_automatic_backup_leaves_the_last_outcome_as_it_was(): void {
		$failed = $this->failed_job( 'production', 'scheduled', 'The disk is full.' );
		( new LastAutomaticBackup() )->record( Job::create( 'backup', array( 'trigger' => 'scheduled', 'environment' => 'production' ), 0 )->cancelled() );

		$this->assertSame( $failed->id(), $this->site_status()->failed_automatic()?->job_id );
	}

	private function site_status(): SiteStatus {
		$plugin = Plugin::instance();
		$this->assertNotNull( $plugin );
		return new SiteStatus( $plugin->backups(), $plugin->daily_schedule(), new OffsiteSettings( new SavedOffsiteSettings( new StoreDirectory() ) ) );
	}

	/** Publishes an empty backup record of an environment, begun at $started; returns its id. */
	/**
	 * Publishes an empty snapshot.
	 *
	 * @param array<string, mixed> $meta More of its record's meta (a scope, say).
	 */
	private function publish( string $environment, string $trigger, int $started, array $meta = array() ): string {
		$id = SnapshotId::generate( $started * 1000 );
		Plugin::instance()?->backups()->engine()->store()->snapshots()->publish(
			new SnapshotRecord(
				$id,
				null,
				array(
					'environment' => $environment,
					'trigger'     => $trigger,
					'started_at'  => (float) $started,
				) + $meta,
				array()
			)
		);
		return $id;
	}
}
