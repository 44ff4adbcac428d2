<?php
/**
 * The daily production backup: scheduled once at night in the site's time
 * zone, repaired when missing, removed on deactivation, and never run on a
 * copy of production that lives at another address.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Schedule;

use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Tests\WordPress\TestCase;

final class DailyScheduleTest extends TestCase {

	private int $started = 0;

	private DailySchedule $schedule;

	protected function setUp(): void {
		parent::setUp();
		$this->schedule = new DailySchedule(
			function (): void {
				++$this->started;
			}
		);
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		delete_option( DailySchedule::TIME_OPTION );
		delete_option( DailySchedule::HOME_OPTION );
	}

	public function test_activation_schedules_one_daily_event_between_one_and_five_at_night(): void {
		$this->schedule->activate();
		$this->schedule->activate();

		$next = wp_next_scheduled( DailySchedule::HOOK );
		$this->assertIsInt( $next );
		$this->assertSame( 'daily', wp_get_schedule( DailySchedule::HOOK ) );
		$this->assertSame( 1, $this->count_events() );

		$local = wp_date( 'G', $next );
		$this->assertGreaterThanOrEqual( 1, (int) $local );
		$this->assertLessThan( 5, (int) $local );
		$this->assertGreaterThan( time(), $next );
		$this->assertLessThanOrEqual( time() + DAY_IN_SECONDS, $next );
	}

	public function test_the_time_of_day_is_picked_once_and_kept(): void {
		$first = $this->schedule->time_of_day();
		$this->assertMatchesRegularExpression( '/\A0[1-4]:[0-5]\d\z/', $first );
		$this->assertSame( $first, $this->schedule->time_of_day() );
	}

	public function test_a_chosen_time_moves_the_event_in_the_site_time_zone(): void {
		$this->schedule->activate();
		$this->assertTrue( $this->schedule->set_time_of_day( '23:30' ) );
		$this->assertSame( '23:30', wp_date( 'H:i', (int) wp_next_scheduled( DailySchedule::HOOK ) ) );
		$this->assertFalse( $this->schedule->set_time_of_day( '25:00' ) );
		$this->assertFalse( $this->schedule->set_time_of_day( '7:5' ) );
	}

	public function test_a_deleted_event_comes_back_on_the_next_admin_page_load(): void {
		$this->schedule->register();
		$this->schedule->activate();
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		$this->assertFalse( wp_next_scheduled( DailySchedule::HOOK ) );

		// Every admin page load runs the repair.
		$this->assertNotFalse( has_action( 'admin_init', array( $this->schedule, 'ensure_scheduled' ) ) );
		$this->schedule->ensure_scheduled();
		$this->assertIsInt( wp_next_scheduled( DailySchedule::HOOK ) );
		remove_action( 'admin_init', array( $this->schedule, 'ensure_scheduled' ) );
		remove_action( DailySchedule::HOOK, array( $this->schedule, 'run' ) );
	}

	public function test_deactivation_removes_the_event(): void {
		$this->schedule->activate();
		DailySchedule::deactivate();
		$this->assertFalse( wp_next_scheduled( DailySchedule::HOOK ) );
	}

	public function test_on_production_the_event_starts_the_backup(): void {
		$this->schedule->activate();
		$this->schedule->run();
		$this->assertSame( 1, $this->started );
	}

	public function test_a_copy_of_production_at_another_address_never_backs_itself_up(): void {
		// Production's options and cron entries, as a clone carries them.
		$this->schedule->activate();
		$copy = static fn (): string => 'http://staging.example.test';
		add_filter( 'home_url', $copy );
		try {
			$this->schedule->run();
			$this->assertSame( 0, $this->started, 'A copy of production started a backup' );
			$this->assertFalse( wp_next_scheduled( DailySchedule::HOOK ), 'The copied event was left in place' );

			$this->schedule->ensure_scheduled();
			$this->assertFalse( wp_next_scheduled( DailySchedule::HOOK ), 'The repair scheduled a backup on the copy' );
		} finally {
			remove_filter( 'home_url', $copy );
		}
	}

	private function count_events(): int {
		$count = 0;
		foreach ( _get_cron_array() as $hooks ) {
			$count += count( $hooks[ DailySchedule::HOOK ] ?? array() );
		}
		return $count;
	}
}
