<?php
/**
 * The daily automatic backup of production, fired by WP-Cron.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Schedule;

use DateTimeImmutable;
use SiteBackups\Support\MainSite;

/**
 * Keeps exactly one daily event on the production site at the chosen time
 * of day (site time zone), repairs it when it goes missing, and refuses to
 * run anywhere that is not production: a staging site, or a copy of
 * production's database restored or cloned under another address (which
 * brings production's cron entries and options along). On a multisite network production is
 * the main site: the event lives and fires there only.
 */
final class DailySchedule {

	public const HOOK        = 'site_backups_daily_backup';
	public const TIME_OPTION = 'site_backups_schedule_time';
	public const HOME_OPTION = 'site_backups_production_home';
	public const FIRST_HOUR  = 1;
	public const LAST_HOUR   = 5;

	/**
	 * Sets up the schedule; nothing is registered yet.
	 *
	 * @param callable(): void $start_backup Starts the scheduled backup of production.
	 */
	public function __construct( private $start_backup ) {
	}

	/**
	 * Hooks the event handler and the repair on admin page loads.
	 */
	public function register(): void {
		add_action( self::HOOK, array( $this, 'run' ) );
		add_action( 'admin_init', array( $this, 'ensure_scheduled' ) );
	}

	/**
	 * Schedules the event if this is production and it is missing;
	 * removes it from anything that is not production.
	 */
	public function ensure_scheduled(): void {
		if ( ! $this->is_production() ) {
			if ( wp_next_scheduled( self::HOOK ) ) {
				wp_clear_scheduled_hook( self::HOOK );
			}
			return;
		}
		if ( ! get_option( self::HOME_OPTION ) ) {
			update_option( self::HOME_OPTION, home_url(), false );
		}
		if ( ! wp_next_scheduled( self::HOOK ) ) {
			wp_schedule_event( $this->next_run( time() ), 'daily', self::HOOK );
		}
	}

	/**
	 * On activation: remember which address is production, then schedule.
	 */
	public function activate(): void {
		if ( 'staging' !== wp_get_environment_type() ) {
			update_option( self::HOME_OPTION, home_url(), false );
		}
		$this->ensure_scheduled();
	}

	/**
	 * On deactivation and uninstall: no more automatic backups.
	 */
	public static function deactivate(): void {
		wp_clear_scheduled_hook( self::HOOK );
	}

	/**
	 * The event handler: backs up production, and never anything else.
	 */
	public function run(): void {
		if ( ! $this->is_production() ) {
			wp_clear_scheduled_hook( self::HOOK );
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log is where a skipped schedule must show.
			error_log( sprintf( 'Site Backups: the daily backup did not run on %s, which is not the production site; its schedule was removed.', home_url() ) );
			return;
		}
		( $this->start_backup )();
	}

	/**
	 * Production is the site whose type is not staging and whose address is
	 * the one recorded when the schedule was set up there; on a network, its
	 * main site.
	 */
	public function is_production(): bool {
		if ( 'staging' === wp_get_environment_type() || ! MainSite::is_current() ) {
			return false;
		}
		$recorded = (string) get_option( self::HOME_OPTION, '' );
		return '' === $recorded || untrailingslashit( $recorded ) === untrailingslashit( home_url() );
	}

	/**
	 * The time of day ("HH:MM", site time zone), chosen once at random
	 * between 01:00 and 05:00 so a host's sites do not all start together.
	 */
	public function time_of_day(): string {
		$time = (string) get_option( self::TIME_OPTION, '' );
		if ( ! self::is_valid_time( $time ) ) {
			$minute = wp_rand( self::FIRST_HOUR * 60, self::LAST_HOUR * 60 - 1 );
			$time   = sprintf( '%02d:%02d', intdiv( $minute, 60 ), $minute % 60 );
			update_option( self::TIME_OPTION, $time, false );
		}
		return $time;
	}

	/**
	 * Changes the time of day and moves the pending event to it.
	 *
	 * @param string $time "HH:MM" in the site's time zone.
	 */
	public function set_time_of_day( string $time ): bool {
		if ( ! self::is_valid_time( $time ) ) {
			return false;
		}
		update_option( self::TIME_OPTION, $time, false );
		wp_clear_scheduled_hook( self::HOOK );
		$this->ensure_scheduled();
		return true;
	}

	/**
	 * The next moment after $now at the chosen time of day.
	 *
	 * @param int $now Unix time.
	 */
	public function next_run( int $now ): int {
		list( $hour, $minute ) = array_map( 'intval', explode( ':', $this->time_of_day() ) );
		$today                 = ( new DateTimeImmutable( '@' . $now ) )->setTimezone( wp_timezone() )->setTime( $hour, $minute );
		$next                  = $today->getTimestamp() > $now ? $today : $today->modify( '+1 day' )->setTime( $hour, $minute );
		return $next->getTimestamp();
	}

	/**
	 * Whether a string is a valid "HH:MM" time of day.
	 *
	 * @param string $time Candidate.
	 */
	public static function is_valid_time( string $time ): bool {
		return 1 === preg_match( '/\A([01]\d|2[0-3]):[0-5]\d\z/', $time );
	}
}
