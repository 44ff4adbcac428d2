<?php
/**
 * Times as the REST API and WP-CLI give them.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Support;

/**
 * A plain class, so summaries built outside a REST request need no REST controller.
 */
final class IsoTime {

	/**
	 * A Unix time as an ISO 8601 UTC string, e.g. "2026-11-26T03:12:00+00:00".
	 *
	 * @param int|float|null $time Unix time; null or 0 gives null.
	 */
	public static function from( int|float|null $time ): ?string {
		if ( null === $time || $time <= 0 ) {
			return null;
		}
		return gmdate( 'c', (int) floor( (float) $time ) );
	}
}
