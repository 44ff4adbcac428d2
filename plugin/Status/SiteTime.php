<?php
/**
 * Moments as the site's people read them.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

/**
 * A date and time in the site's time zone and in its own date and time formats (Settings → General).
 */
final class SiteTime {

	/**
	 * A Unix time as the site writes a date and time.
	 *
	 * @param int $time Unix time.
	 */
	public static function format( int $time ): string {
		$format = trim( get_option( 'date_format', 'F j, Y' ) . ' ' . get_option( 'time_format', 'g:i a' ) );
		return (string) wp_date( $format, $time );
	}
}
