<?php
/**
 * Warnings about automatic backups that do not run, with their fixes.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Health;

use SiteBackups\Health\BackupHealth;
use SiteBackups\Jobs\LoopbackRecord;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\TestCase;

final class BackupHealthTest extends TestCase {

	private BackupHealth $health;

	protected function setUp(): void {
		parent::setUp();
		$plugin       = Plugin::instance();
		$this->health = new BackupHealth( $plugin->backups(), $plugin->daily_schedule() );
		delete_option( BackupHealth::LOOPBACK_SENT_OPTION );
		delete_option( BackupHealth::LOOPBACK_SEEN_OPTION );
		delete_option( BackupHealth::SCHEDULE_SINCE_OPTION );
	}

	public function test_a_schedule_that_runs_raises_nothing(): void {
		$this->assertSame( array(), $this->codes( $this->health->warnings( true, time() + HOUR_IN_SECONDS, time() - HOUR_IN_SECONDS ) ) );
	}

	public function test_an_automatic_backup_older_than_26_hours_is_reported_with_the_cron_line(): void {
		$warnings = $this->health->warnings( true, time() + HOUR_IN_SECONDS, time() - 27 * HOUR_IN_SECONDS );
		$this->assertSame( array( 'last_backup_stale' ), $this->codes( $warnings ) );
		$this->assertStringContainsString( 'wp cron event run --due-now', $warnings[0]['fix'] );
	}

	public function test_a_schedule_without_any_backup_for_26_hours_is_reported(): void {
		$this->assertSame( array(), $this->codes( $this->health->warnings( true, time() + HOUR_IN_SECONDS, null ) ) );
		update_option( BackupHealth::SCHEDULE_SINCE_OPTION, time() - 27 * HOUR_IN_SECONDS );
		$this->assertSame( array( 'last_backup_stale' ), $this->codes( $this->health->warnings( true, time() + HOUR_IN_SECONDS, null ) ) );
	}

	public function test_an_event_long_past_due_is_reported(): void {
		$codes = $this->codes( $this->health->warnings( true, time() - 3 * HOUR_IN_SECONDS, time() - HOUR_IN_SECONDS ) );
		$this->assertSame( array( 'schedule_overdue' ), $codes );
	}

	public function test_a_loopback_request_that_never_arrived_is_reported(): void {
		update_option( BackupHealth::LOOPBACK_SENT_OPTION, time() - 300 );
		update_option( BackupHealth::LOOPBACK_SEEN_OPTION, time() - 900 );
		$this->assertContains( 'loopback_failing', $this->codes( $this->health->warnings( true, time() + 60, time() ) ) );

		update_option( BackupHealth::LOOPBACK_SEEN_OPTION, time() - 299 );
		$this->assertNotContains( 'loopback_failing', $this->codes( $this->health->warnings( true, time() + 60, time() ) ) );
	}

	public function test_what_the_runner_records_of_its_loopback_requests_is_what_it_reports(): void {
		LoopbackRecord::sent();
		$this->assertNotContains( 'loopback_failing', $this->codes( $this->health->warnings( true, time() + 60, time() ) ), 'a request just sent is not yet lost' );

		update_option( LoopbackRecord::SENT_OPTION, time() - 60 );
		$this->assertContains( 'loopback_failing', $this->codes( $this->health->warnings( true, time() + 60, time() ) ) );

		LoopbackRecord::arrived();
		$this->assertNotContains( 'loopback_failing', $this->codes( $this->health->warnings( true, time() + 60, time() ) ) );
	}

	public function test_staging_gets_no_schedule_warnings(): void {
		$this->assertSame( array(), $this->codes( $this->health->warnings( false, null, null ) ) );
	}

	public function test_site_health_shows_the_check_and_its_fix(): void {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array() ) );
		$this->assertArrayHasKey( 'site_backups', $tests['direct'] );

		update_option( BackupHealth::LOOPBACK_SENT_OPTION, time() - 300 );
		$result = $this->health->site_health_result();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'loopback requests time out or are refused', $result['description'] );
		$this->assertStringContainsString( 'wp cron event run --due-now', $result['description'] );
	}

	/**
	 * @param list<array{code: string}> $warnings
	 * @return list<string>
	 */
	private function codes( array $warnings ): array {
		return array_column( $warnings, 'code' );
	}
}
