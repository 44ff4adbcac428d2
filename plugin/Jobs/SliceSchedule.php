<?php
/**
 * The WP-Cron events that carry a job on: the next slice and the watchdog.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * Every slice schedules the next one before it works, so a slice the host kills is picked up
 * again once its lease expires. Requests that run WP-Cron at the same time can each save a stale
 * copy of the event list and drop that one-off event, so while a job runs (an autoloaded busy
 * marker says so) a once-a-minute watchdog runs a slice too.
 */
final class SliceSchedule {

	public const SLICE_HOOK    = 'site_backups_run_slice';
	public const WATCHDOG_HOOK = 'site_backups_watchdog';
	public const BUSY_OPTION   = 'site_backups_busy';
	public const EVERY_MINUTE  = 'site_backups_every_minute';

	/**
	 * A job took the slot: the busy marker, the watchdog, and its first slice at once.
	 */
	public function job_started(): void {
		update_option( self::BUSY_OPTION, '1', true );
		$this->ensure_watchdog();
		$this->next_slice_in( 0 );
	}

	/**
	 * The job in the slot ended: no busy marker, no slice, no watchdog.
	 */
	public function job_ended(): void {
		delete_option( self::BUSY_OPTION );
		wp_clear_scheduled_hook( self::SLICE_HOOK );
		wp_clear_scheduled_hook( self::WATCHDOG_HOOK );
	}

	/**
	 * Schedules the next slice, replacing the one scheduled before.
	 *
	 * @param int $delay Seconds from now.
	 */
	public function next_slice_in( int $delay ): void {
		// A single event identical to one within ten minutes is refused: replace it.
		wp_clear_scheduled_hook( self::SLICE_HOOK );
		wp_schedule_single_event( time() + $delay, self::SLICE_HOOK );
	}

	/**
	 * Makes sure a slice is scheduled: at $time, unless one already is.
	 *
	 * @param int $time Unix time.
	 */
	public function ensure_slice_at( int $time ): void {
		if ( ! wp_next_scheduled( self::SLICE_HOOK ) ) {
			wp_schedule_single_event( $time, self::SLICE_HOOK );
		}
	}

	/**
	 * Keeps the once-a-minute event while a job runs. Every request checks it is
	 * there (from an autoloaded flag, so at no cost when no job runs).
	 */
	public function ensure_watchdog(): void {
		if ( get_option( self::BUSY_OPTION ) && ! wp_next_scheduled( self::WATCHDOG_HOOK ) ) {
			wp_schedule_event( time() + MINUTE_IN_SECONDS, self::EVERY_MINUTE, self::WATCHDOG_HOOK );
		}
	}

	/**
	 * Adds the once-a-minute schedule the watchdog uses.
	 *
	 * @param array<string, array{interval: int, display: string}> $schedules WP-Cron schedules.
	 * @return array<string, array{interval: int, display: string}>
	 */
	public function add_minute_schedule( $schedules ) {
		$schedules[ self::EVERY_MINUTE ] = array(
			'interval' => MINUTE_IN_SECONDS,
			'display'  => __( 'Once a minute while a backup runs', 'site-backups' ),
		);
		return $schedules;
	}
}
