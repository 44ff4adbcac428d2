<?php
/**
 * How long one slice of a job may work in this request.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * At most 20 seconds, and at most 60% of PHP's max_execution_time, so the
 * host never kills a slice mid-step on a 30-second limit.
 */
final class SliceBudget {

	public const CEILING = 20.0;

	/**
	 * Seconds for a slice in this request.
	 */
	public static function seconds(): float {
		$limit  = (int) ini_get( 'max_execution_time' );
		$budget = $limit > 0 ? min( self::CEILING, 0.6 * $limit ) : self::CEILING;
		/**
		 * Filters how many seconds one slice of a backup job may work.
		 *
		 * @param float $budget Seconds.
		 */
		$filtered = (float) apply_filters( 'site_backups_slice_seconds', $budget );
		return $filtered > 0 ? min( $filtered, $budget ) : $budget;
	}
}
