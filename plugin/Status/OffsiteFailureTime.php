<?php
/**
 * When off-site copies began to fail.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

use SiteBackups\Offsite\OffsiteStatus;

/**
 * The off-site status keeps whether the copies work and the last error, not when they began to
 * fail. The time of the first failure written to that status is noted here and kept through the
 * failures that follow ("failing since"), and forgotten once a copy succeeds or the settings change.
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
	 * Notes the time of the first failure being written (a later one keeps it), or forgets it for
	 * a success; the value goes on unchanged.
	 *
	 * @param mixed $status The off-site status about to be written.
	 * @return mixed
	 */
	public function note( mixed $status ): mixed {
		if ( is_array( $status ) && array_key_exists( 'healthy', $status ) ) {
			if ( false === $status['healthy'] ) {
				if ( null === $this->since() ) {
					update_option( self::OPTION, time(), false );
				}
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
	 * When the copies began to fail: the first failure since the last success or reset; null when none.
	 */
	public function since(): ?int {
		wp_cache_delete( self::OPTION, 'options' );
		$time = get_option( self::OPTION );
		return is_numeric( $time ) && (int) $time > 0 ? (int) $time : null;
	}
}
