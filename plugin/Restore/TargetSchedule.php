<?php
/**
 * The target keeps its own WP-Cron events for the plugin's hooks.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Restore;

use SiteBackups\Engine\Database\Connection;

/**
 * WordPress keeps every WP-Cron event in one option, `cron`, which a restore would take from the
 * backup: production's daily backup would land in staging's schedule, and an in-place restore
 * would bring back the plugin's events of the day the backup was taken (a slice of the backup job
 * that was running then) while dropping those of the restore at work. Runs on the loaded options
 * table before the swap: the events of the plugin's hooks (`site_backups_*`) become exactly the
 * live target's; every other event stays as the backup has it.
 */
final class TargetSchedule {

	public const HOOK_PREFIX = 'site_backups_';

	/**
	 * Sets up the adjustment.
	 *
	 * @param Connection $db     The target's database.
	 * @param string     $live   The target's live options table, quoted.
	 * @param string     $loaded The loaded options table that is about to replace it, quoted.
	 */
	public function __construct(
		private readonly Connection $db,
		private readonly string $live,
		private readonly string $loaded
	) {
	}

	/**
	 * Puts the live target's events of the plugin's hooks in place of the backup's.
	 */
	public function keep(): void {
		$loaded_raw = $this->raw( $this->loaded );
		$loaded     = self::events( $loaded_raw );
		$own        = self::plugin_events( self::events( $this->raw( $this->live ) ) ?? array() );
		if ( null === $loaded && array() === $own ) {
			return;
		}
		$merged = self::merge( self::without_plugin_events( $loaded ?? array() ), $own );
		if ( $merged === $loaded ) {
			return;
		}
		$value = serialize( $merged ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- the format WordPress stores this option in.
		if ( null === $loaded_raw ) {
			$this->db->execute( 'INSERT INTO ' . $this->loaded . " (option_name, option_value, autoload) VALUES ('cron', {$this->db->quote( $value )}, 'yes')" );
			return;
		}
		$this->db->execute( 'UPDATE ' . $this->loaded . " SET option_value = {$this->db->quote( $value )} WHERE option_name = 'cron'" );
	}

	/**
	 * The stored `cron` option of an options table, or null when there is none.
	 *
	 * @param string $table The quoted table.
	 */
	private function raw( string $table ): ?string {
		return $this->db->fetchValue( 'SELECT option_value FROM ' . $table . " WHERE option_name = 'cron'" );
	}

	/**
	 * The event list of a stored `cron` option, or null when it holds none. Objects in other
	 * plugins' arguments stay as they are stored (never instantiated) and are stored back the same.
	 *
	 * @param string|null $raw The stored value.
	 * @return array<int|string, mixed>|null
	 */
	private static function events( ?string $raw ): ?array {
		$events = null === $raw ? false : unserialize( $raw, array( 'allowed_classes' => false ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_unserialize -- WordPress's own format; objects refused.
		return is_array( $events ) ? $events : null;
	}

	/**
	 * The events of the plugin's hooks, by time and hook.
	 *
	 * @param array<int|string, mixed> $events An event list.
	 * @return array<int|string, array<string, mixed>>
	 */
	private static function plugin_events( array $events ): array {
		$own = array();
		foreach ( $events as $time => $hooks ) {
			if ( ! is_array( $hooks ) ) {
				continue;
			}
			foreach ( $hooks as $hook => $entries ) {
				if ( str_starts_with( (string) $hook, self::HOOK_PREFIX ) ) {
					$own[ $time ][ (string) $hook ] = $entries;
				}
			}
		}
		return $own;
	}

	/**
	 * An event list without the plugin's hooks (and without the times that held only those).
	 *
	 * @param array<int|string, mixed> $events An event list.
	 * @return array<int|string, mixed>
	 */
	private static function without_plugin_events( array $events ): array {
		foreach ( $events as $time => $hooks ) {
			if ( ! is_array( $hooks ) ) {
				continue;
			}
			foreach ( array_keys( $hooks ) as $hook ) {
				if ( str_starts_with( (string) $hook, self::HOOK_PREFIX ) ) {
					unset( $hooks[ $hook ] );
				}
			}
			if ( array() === $hooks ) {
				unset( $events[ $time ] );
			} else {
				$events[ $time ] = $hooks;
			}
		}
		return $events;
	}

	/**
	 * Adds the plugin's events to a list, keeping WordPress's order: times ascending, `version` last.
	 *
	 * @param array<int|string, mixed>                $events The other hooks' events.
	 * @param array<int|string, array<string, mixed>> $own    The plugin's events.
	 * @return array<int|string, mixed>
	 */
	private static function merge( array $events, array $own ): array {
		foreach ( $own as $time => $hooks ) {
			$events[ $time ] = array_replace( is_array( $events[ $time ] ?? null ) ? $events[ $time ] : array(), $hooks );
		}
		$version = $events['version'] ?? 2;
		unset( $events['version'] );
		uksort( $events, static fn ( $a, $b ): int => strnatcasecmp( (string) $a, (string) $b ) );
		$events['version'] = $version;
		return $events;
	}
}
