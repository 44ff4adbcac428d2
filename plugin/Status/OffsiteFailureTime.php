<?php
/**
 * When an off-site copy last failed.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

use SiteBackups\Offsite\OffsiteStatus;

/**
 * The off-site status keeps whether the copies work and the last error, not when it happened.
 * The time is noted here whenever a failure is written to that status (even the same failure
 * again, which update_option() would not store anew), and forgotten once a copy succeeds or the
 * settings change.
 */
final class OffsiteFailureTime {

	public const OPTION = 'site_backups_offsite_failed_at';

	/**
	 * Listens to writes of the off-site status.
	 */
	public function register(): void {
		add_filter( 'pre_update_option_' . OffsiteStatus::OPTION, array( $this, 'note' ) );
		add_action( 'delete_option_' . OffsiteStatus::OPTION, array( $this, 'forget' ) );
	}

	/**
	 * Notes the time of a failure being written, or forgets it for a success; the value goes on unchanged.
	 *
	 * @param mixed $status The off-site status about to be written.
	 * @return mixed
	 */
	public function note( mixed $status ): mixed {
		if ( is_array( $status ) && array_key_exists( 'healthy', $status ) ) {
			if ( false === $status['healthy'] ) {
				update_option( self::OPTION, time(), false );
			} else {
				$this->forget();
			}
		}
		return $status;
	}

	/**
	 * Forgets the time (the status was reset).
	 */
	public function forget(): void {
		delete_option( self::OPTION );
	}

	/**
	 * When the last failure was written; null when none since the last success or reset.
	 */
	public function last(): ?int {
		wp_cache_delete( self::OPTION, 'options' );
		$time = get_option( self::OPTION );
		return is_numeric( $time ) && (int) $time > 0 ? (int) $time : null;
	}
}
