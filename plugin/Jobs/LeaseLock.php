<?php
/**
 * A lease on one site-wide job slot, taken by compare-and-swap in the
 * options table, so two requests can never both believe they hold it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * The lease is one option row whose value names its owner and expiry. It is
 * created with INSERT IGNORE (which the unique option_name makes atomic), and taken
 * over or renewed only by an UPDATE that matches the exact value it read, so
 * of two contenders exactly one wins. An expired lease (its holder was killed
 * by the host) can be taken over by anyone; the job resumes from its cursor.
 */
final class LeaseLock {

	/**
	 * The option row that holds the lease.
	 *
	 * @var AtomicOption
	 */
	private AtomicOption $row;

	/**
	 * Creates a handle on the lease; nothing is locked yet.
	 *
	 * @param string $name    Option name of the lease.
	 * @param string $owner   Unique token of this holder (one per request or process).
	 * @param int    $seconds How long a lease lasts without a heartbeat.
	 */
	public function __construct(
		string $name,
		private readonly string $owner,
		private readonly int $seconds = 90
	) {
		$this->row = new AtomicOption( $name );
	}

	/**
	 * Tries to take the lease: true when this owner now holds it.
	 */
	public function acquire(): bool {
		$mine = $this->value();
		if ( $this->row->insert( $mine ) ) {
			return true;
		}
		$current = $this->row->read();
		if ( null === $current ) {
			return $this->row->insert( $mine );
		}
		$lease = self::decode( $current );
		if ( $lease['owner'] !== $this->owner && $lease['expires'] > time() ) {
			return false;
		}
		return $this->row->swap( $current, $mine );
	}

	/**
	 * Extends the lease; false when it was lost (expired and taken over).
	 */
	public function renew(): bool {
		$current = $this->row->read();
		if ( null === $current || self::decode( $current )['owner'] !== $this->owner ) {
			return false;
		}
		return $this->row->swap( $current, $this->value() );
	}

	/**
	 * Gives the lease up, if this owner holds it.
	 */
	public function release(): void {
		$current = $this->row->read();
		if ( null === $current || self::decode( $current )['owner'] !== $this->owner ) {
			return;
		}
		$this->row->delete( $current );
	}

	/**
	 * Who holds the lease now, or null when nobody holds a live one.
	 *
	 * @return array{owner: string, expires: int}|null
	 */
	public function holder(): ?array {
		$current = $this->row->read();
		if ( null === $current ) {
			return null;
		}
		$lease = self::decode( $current );
		return $lease['expires'] > time() ? $lease : null;
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
}
