<?php
/**
 * A lease on one site-wide job slot, taken by compare-and-swap in the
 * options table, so two requests can never both believe they hold it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- the lease must read and write its row itself, past every cache.

/**
 * The lease is one option row whose value names its owner and expiry. It is
 * created with INSERT IGNORE (which the unique option_name makes atomic), and taken
 * over or renewed only by an UPDATE that matches the exact value it read, so
 * of two contenders exactly one wins. An expired lease (its holder was killed
 * by the host) can be taken over by anyone; the job resumes from its cursor.
 */
final class LeaseLock {

	/**
	 * Creates a handle on the lease; nothing is locked yet.
	 *
	 * @param string $name    Option name of the lease.
	 * @param string $owner   Unique token of this holder (one per request or process).
	 * @param int    $seconds How long a lease lasts without a heartbeat.
	 */
	public function __construct(
		private readonly string $name,
		private readonly string $owner,
		private readonly int $seconds = 90
	) {
	}

	/**
	 * Tries to take the lease: true when this owner now holds it.
	 */
	public function acquire(): bool {
		$mine = $this->value();
		if ( $this->insert( $mine ) ) {
			return true;
		}
		$current = $this->read_raw();
		if ( null === $current ) {
			return $this->insert( $mine );
		}
		$lease = self::decode( $current );
		if ( $lease['owner'] !== $this->owner && $lease['expires'] > time() ) {
			return false;
		}
		return $this->swap( $current, $mine );
	}

	/**
	 * Extends the lease; false when it was lost (expired and taken over).
	 */
	public function renew(): bool {
		$current = $this->read_raw();
		if ( null === $current || self::decode( $current )['owner'] !== $this->owner ) {
			return false;
		}
		return $this->swap( $current, $this->value() );
	}

	/**
	 * Gives the lease up, if this owner holds it.
	 */
	public function release(): void {
		global $wpdb;
		$current = $this->read_raw();
		if ( null === $current || self::decode( $current )['owner'] !== $this->owner ) {
			return;
		}
		$wpdb->query(
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s",
				$this->name,
				$current
			)
		);
		$this->forget_cache();
	}

	/**
	 * Who holds the lease now, or null when nobody holds a live one.
	 *
	 * @return array{owner: string, expires: int}|null
	 */
	public function holder(): ?array {
		$current = $this->read_raw();
		if ( null === $current ) {
			return null;
		}
		$lease = self::decode( $current );
		return $lease['expires'] > time() ? $lease : null;
	}

	/**
	 * Creates the row unless it exists. Not add_option(): that one is an
	 * INSERT ... ON DUPLICATE KEY UPDATE, which overwrites a rival's lease.
	 *
	 * @param string $value The lease to store.
	 */
	private function insert( string $value ): bool {
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
	 * Replaces the row only if it still holds exactly what was read.
	 *
	 * @param string $expected The value read.
	 * @param string $next     The value to write.
	 */
	private function swap( string $expected, string $next ): bool {
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
	 * Reads the row from the database, past any object cache.
	 */
	private function read_raw(): ?string {
		global $wpdb;
		$value = $wpdb->get_var(
			$wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $this->name )
		);
		return null === $value ? null : (string) $value;
	}

	/**
	 * This owner's lease value, expiring $seconds from now.
	 */
	private function value(): string {
		// Microseconds make every renewal a different value, so a swap never matches a stale read.
		return (string) wp_json_encode(
			array(
				'owner'   => $this->owner,
				'expires' => time() + $this->seconds,
				'at'      => microtime( true ),
			)
		);
	}

	/**
	 * Parses a stored lease; anything unreadable counts as expired.
	 *
	 * @param string $raw Stored value.
	 * @return array{owner: string, expires: int}
	 */
	private static function decode( string $raw ): array {
		$data = json_decode( $raw, true );
		return array(
			'owner'   => is_array( $data ) && is_string( $data['owner'] ?? null ) ? $data['owner'] : '',
			'expires' => is_array( $data ) && is_int( $data['expires'] ?? null ) ? $data['expires'] : 0,
		);
	}

	/**
	 * Drops cached copies so get_option() never shows a stale lease.
	 */
	private function forget_cache(): void {
		wp_cache_delete( $this->name, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}
}
