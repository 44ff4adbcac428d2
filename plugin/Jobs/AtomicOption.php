<?php
/**
 * One row of the options table changed only by atomic statements, for
 * locks that two requests must never both win.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- locks must read and write their row themselves, past every cache.

/**
 * Compare-and-swap on an option row. Not add_option()/update_option():
 * add_option() is an INSERT ... ON DUPLICATE KEY UPDATE (it overwrites a
 * rival's value) and both go through caches that may be stale.
 */
final class AtomicOption {

	/**
	 * A handle on the row; nothing is read or written yet.
	 *
	 * @param string $name Option name.
	 */
	public function __construct( private readonly string $name ) {
	}

	/**
	 * Creates the row unless it exists: true when this call created it.
	 *
	 * @param string $value Value to store.
	 */
	public function insert( string $value ): bool {
		global $wpdb;
		$inserted = $wpdb->query(
			$wpdb->prepare(
				"INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')",
				$this->name,
				$value
			)
		);
		$this->forget_cache();
		return 1 === $inserted;
	}

	/**
	 * The stored value, read from the database; null when there is no row.
	 */
	public function read(): ?string {
		global $wpdb;
		$value = $wpdb->get_var(
			$wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $this->name )
		);
		return null === $value ? null : (string) $value;
	}

	/**
	 * Replaces the value only if it is still exactly $expected.
	 *
	 * @param string $expected The value read before.
	 * @param string $next     The value to write.
	 */
	public function swap( string $expected, string $next ): bool {
		global $wpdb;
		$changed = $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
				$next,
				$this->name,
				$expected
			)
		);
		$this->forget_cache();
		return 1 === $changed;
	}

	/**
	 * Deletes the row only if it still holds exactly $expected.
	 *
	 * @param string $expected The value read before.
	 */
	public function delete( string $expected ): bool {
		global $wpdb;
		$deleted = $wpdb->query(
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s",
				$this->name,
				$expected
			)
		);
		$this->forget_cache();
		return 1 === $deleted;
	}

	/**
	 * Drops cached copies so get_option() never shows a stale value.
	 */
	private function forget_cache(): void {
		wp_cache_delete( $this->name, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}
}
