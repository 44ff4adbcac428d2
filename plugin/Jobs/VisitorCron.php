<?php
/**
 * Carries jobs on in visitors' requests where the site cannot reach itself.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use SiteBackups\Schedule\DailySchedule;

/**
 * WP-Cron starts its runs with a request from the site to itself, and so do job slices. A host
 * whose firewall drops or refuses those requests would never run either; nor would one that
 * disables ignore_user_abort(), which wp-cron.php calls (a fatal error there). Then, or when
 * one of them is long overdue for any other reason, the plugin's own due events (the next
 * slice, the watchdog, the daily backup) run at the end of an ordinary request instead, after
 * its response has gone to the visitor, so nobody waits for them. Only where PHP can finish a
 * response early (PHP-FPM, LiteSpeed); elsewhere the system cron is the way, as Site Health says.
 */
final class VisitorCron {

	/** The hooks that may run in a visitor's request. */
	private const HOOKS = array( JobRunner::SLICE_HOOK, JobRunner::WATCHDOG_HOOK, DailySchedule::HOOK );

	/** Seconds past due after which an event counts as one that WP-Cron is not going to run. */
	private const OVERDUE = 600;

	/** One visitor's request at a time runs events. */
	public const LEASE_OPTION = 'site_backups_visitor_cron_lease';

	/**
	 * Hooks in at the very end of every request.
	 */
	public function register(): void {
		add_action( 'shutdown', array( $this, 'run_due_events' ), 1000 );
	}

	/**
	 * Runs the plugin's due events when loopback requests do not arrive.
	 */
	public function run_due_events(): void {
		if ( wp_doing_cron() || ( defined( 'WP_CLI' ) && WP_CLI ) ) {
			return;
		}
		// The event list is autoloaded: most requests stop here at no cost.
		$due = self::due_events();
		if ( ! $due || ! self::can_finish_response() ) {
			return;
		}
		$wp_cron_stuck = ! function_exists( 'ignore_user_abort' ) || $due[0]['time'] < time() - self::OVERDUE;
		if ( ! $wp_cron_stuck && ! LoopbackRecord::failing() ) {
			return;
		}
		$lease = new LeaseLock( self::LEASE_OPTION, wp_generate_uuid4(), (int) ceil( 2 * SliceBudget::seconds() ) + 10 );
		if ( ! $lease->acquire() ) {
			return;
		}
		try {
			self::finish_response();
			foreach ( $due as $event ) {
				// The same order as wp-cron.php: reschedule, unschedule, then run.
				if ( $event['schedule'] ) {
					wp_reschedule_event( $event['time'], $event['schedule'], $event['hook'], $event['args'] );
				}
				wp_unschedule_event( $event['time'], $event['hook'], $event['args'] );
				do_action_ref_array( $event['hook'], $event['args'] );
			}
		} finally {
			$lease->release();
		}
	}

	/**
	 * The plugin's events that are due, the first of them the oldest.
	 *
	 * @return list<array{hook: non-empty-string, time: int, schedule: string|false, args: list<mixed>}>
	 */
	private static function due_events(): array {
		$due = array();
		foreach ( _get_cron_array() as $time => $hooks ) {
			if ( $time > time() ) {
				continue;
			}
			foreach ( self::HOOKS as $hook ) {
				foreach ( $hooks[ $hook ] ?? array() as $event ) {
					$due[] = array(
						'hook'     => $hook,
						'time'     => (int) $time,
						'schedule' => $event['schedule'] ?? false,
						'args'     => array_values( $event['args'] ?? array() ),
					);
				}
			}
		}
		usort( $due, static fn ( array $a, array $b ): int => $a['time'] <=> $b['time'] );
		return $due;
	}

	/**
	 * Whether this PHP can send the response and carry on working.
	 */
	private static function can_finish_response(): bool {
		return function_exists( 'fastcgi_finish_request' ) || function_exists( 'litespeed_finish_request' );
	}

	/**
	 * Sends the response to the visitor now; the request goes on without them.
	 */
	private static function finish_response(): void {
		if ( session_status() === PHP_SESSION_ACTIVE ) {
			session_write_close();
		}
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		} else {
			litespeed_finish_request();
		}
	}
}
