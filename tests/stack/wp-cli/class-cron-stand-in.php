<?php
/**
 * `wp cron event` stand-in: list and run.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

use WP_CLI\Utils;

/**
 * Lists and runs WP-Cron events.
 */
final class Site_Backups_Cron_Stand_In extends WP_CLI_Command {

	/**
	 * Lists scheduled events.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table, csv, json, yaml or count.
	 * ---
	 * default: table
	 * ---
	 *
	 * @subcommand list
	 * @param array<int, string>    $args       Positional arguments (none).
	 * @param array<string, string> $assoc_args Options.
	 */
	public function list_( array $args, array $assoc_args ): void {
		$items = array();
		foreach ( self::events() as $event ) {
			$items[] = array(
				'hook'       => $event['hook'],
				'next_run'   => gmdate( 'Y-m-d H:i:s', $event['time'] ),
				'recurrence' => $event['schedule'] ? $event['schedule'] : 'once',
			);
		}
		Utils\format_items( $assoc_args['format'] ?? 'table', $items, array( 'hook', 'next_run', 'recurrence' ) );
	}

	/**
	 * Runs events now: the named hooks, or every event that is due.
	 *
	 * ## OPTIONS
	 *
	 * [<hook>...]
	 * : Hooks to run.
	 *
	 * [--due-now]
	 * : Run every event that is due.
	 *
	 * @param array<int, string>         $args       Hooks.
	 * @param array<string, bool|string> $assoc_args Options.
	 */
	public function run( array $args, array $assoc_args ): void {
		$due_now = ! empty( $assoc_args['due-now'] );
		if ( ! $due_now && ! $args ) {
			WP_CLI::error( 'Name a hook or pass --due-now.' );
		}
		$count = 0;
		foreach ( self::events() as $event ) {
			if ( $due_now ? $event['time'] > time() : ! in_array( $event['hook'], $args, true ) ) {
				continue;
			}
			// The same order as wp-cron.php: reschedule, unschedule, then run.
			if ( $event['schedule'] ) {
				wp_reschedule_event( $event['time'], $event['schedule'], $event['hook'], $event['args'] );
			}
			wp_unschedule_event( $event['time'], $event['hook'], $event['args'] );
			do_action_ref_array( $event['hook'], $event['args'] );
			++$count;
		}
		WP_CLI::success( sprintf( 'Executed a total of %d cron event(s).', $count ) );
	}

	/**
	 * Every scheduled event, flattened.
	 *
	 * @return list<array{hook: string, time: int, schedule: string|false, args: array<mixed>}>
	 */
	private static function events(): array {
		$events = array();
		foreach ( _get_cron_array() as $time => $hooks ) {
			foreach ( $hooks as $hook => $instances ) {
				foreach ( $instances as $instance ) {
					$events[] = array(
						'hook'     => (string) $hook,
						'time'     => (int) $time,
						'schedule' => $instance['schedule'],
						'args'     => $instance['args'],
					);
				}
			}
		}
		return $events;
	}
}
