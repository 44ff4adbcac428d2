<?php
/**
 * Copies that do not reach the bucket never fail a backup, so Site Health says so instead:
 * recommended, with the bucket's reason and when the last attempt failed, until a copy works.
 * Real copies to the test stack's bucket, through the site's own runner.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Health;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Health\OffsiteCopiesHealth;
use SiteBackups\Jobs\Job;
use SiteBackups\Offsite\OffsiteStatus;
use SiteBackups\Plugin;
use SiteBackups\Status\OffsiteFailureTime;
use SiteBackups\Status\OffsiteState;
use SiteBackups\Status\SiteTime;
use SiteBackups\Support\Redactor;
use SiteBackups\Tests\WordPress\Offsite\TestBucket;
use SiteBackups\Tests\WordPress\Status\JobsHere;
use SiteBackups\Tests\WordPress\TestCase;

final class OffsiteCopiesHealthTest extends TestCase {

	use JobsHere;
	use TestBucket;

	protected function setUp(): void {
		parent::setUp();
		$this->run_jobs_here();
		remove_all_filters( 'site_backups_offsite_settings' );
		$this->use_own_store( 'sb-offsite-health' );
		delete_option( OffsiteStatus::OPTION );
		delete_option( OffsiteFailureTime::OPTION );
	}

	protected function tearDown(): void {
		'' === $this->prefix ? $this->put_the_store_back() : $this->forget_test_bucket();
		$this->stop_running_jobs_here();
		parent::tearDown();
	}

	public function test_copies_off_are_no_problem(): void {
		$result = $this->health()->site_health_result();

		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( 'Off-site copies are off', $result['label'] );
		$this->assertArrayHasKey( OffsiteCopiesHealth::TEST, apply_filters( 'site_status_tests', array( 'direct' => array() ) )['direct'] );
	}

	public function test_failing_copies_are_recommended_with_the_reason_and_time_until_a_copy_works(): void {
		$settings = $this->test_bucket( 'offsite-health' );
		$wrong    = array( 'secret' => 'not-the-secret-' . wp_generate_password( 12, false, false ) ) + $settings;
		add_filter( 'site_backups_offsite_settings', static fn () => $wrong );
		$this->publish_backup();
		$this->assertSame( OffsiteState::UNTRIED, Plugin::instance()?->health()->status()->offsite()->state );
		$before = time();

		$copy = $this->copy_off_site();

		$this->assertSame( Job::DONE, $copy->status(), 'a failed copy does not fail its job' );
		$status = OffsiteStatus::get();
		$this->assertFalse( $status['healthy'] );
		$failed_at = ( new OffsiteFailureTime() )->since();
		$this->assertNotNull( $failed_at );
		$this->assertGreaterThanOrEqual( $before, $failed_at );
		$this->assertLessThanOrEqual( time(), $failed_at );

		// The next night fails too: the copies have been failing since the first failure, not the last.
		$failed_at -= DAY_IN_SECONDS;
		update_option( OffsiteFailureTime::OPTION, $failed_at, false );
		$this->copy_off_site();
		$this->assertFalse( OffsiteStatus::get()['healthy'] );
		$this->assertSame( $failed_at, ( new OffsiteFailureTime() )->since(), 'a later failure keeps the first one\'s time' );
		$this->assertSame( $failed_at, Plugin::instance()?->health()->status()->offsite()->failed_at );

		$result = $this->health()->site_health_result();
		$this->assertSame( 'recommended', $result['status'] );
		$this->assertSame( 'Off-site copies are failing', $result['label'] );
		$this->assertStringContainsString( esc_html( 'Backups have not reached the off-site bucket since ' . SiteTime::format( $failed_at ) . '. The last attempt failed: ' ), $result['description'] );
		$this->assertStringContainsString( esc_html( Redactor::redact( $status['message'] ) ), $result['description'] );
		$this->assertStringContainsString( 'set up by your host in wp-config.php', $result['description'] );
		$this->assertStringNotContainsString( $wrong['secret'], (string) wp_json_encode( $result ) );
		$this->assertStringNotContainsString( $settings['access_key'], (string) wp_json_encode( $result ) );

		// The host puts the right secret back; the retry copies it.
		remove_all_filters( 'site_backups_offsite_settings' );
		add_filter( 'site_backups_offsite_settings', static fn () => $settings );
		$this->copy_off_site();

		$result = $this->health()->site_health_result();
		$this->assertSame( 'good', $result['status'], (string) wp_json_encode( $result ) );
		$this->assertSame( 'Off-site copies work', $result['label'] );
		$this->assertNull( ( new OffsiteFailureTime() )->since(), 'a copy that works forgets the failure' );
	}

	private function health(): OffsiteCopiesHealth {
		$plugin = Plugin::instance();
		$this->assertNotNull( $plugin );
		return new OffsiteCopiesHealth( $plugin->health()->status() );
	}

	/** What the retry event starts: a copy of every local backup not in the bucket yet. */
	private function copy_off_site(): Job {
		$runner = Plugin::instance()?->job_runner();
		$this->assertNotNull( $runner );
		$runner->start( Job::create( 'offsite', array( 'trigger' => 'scheduled' ), 0 ) );
		return $this->run_active_job( $runner );
	}

	/** An empty backup in the test's store, for the copy to carry. */
	private function publish_backup(): void {
		$started = time() - HOUR_IN_SECONDS;
		Plugin::instance()?->backups()->engine()->store()->snapshots()->publish(
			new SnapshotRecord(
				SnapshotId::generate( $started * 1000 ),
				null,
				array(
					'environment' => 'production',
					'trigger'     => 'manual',
					'started_at'  => (float) $started,
				),
				array()
			)
		);
	}
}
