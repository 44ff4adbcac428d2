<?php
/**
 * The schema of a time field, as every resource gives its times.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

/**
 * Times leave the server as ISO 8601 UTC strings (Support\IsoTime); each schema says so alike.
 */
final class DateTimeField {

	/**
	 * A read-only time field.
	 *
	 * @param string $description What the time is.
	 * @param bool   $nullable    Whether it may be null.
	 * @return array<string, mixed>
	 */
	public static function schema( string $description, bool $nullable ): array {
		return array(
			'description' => $description,
			'type'        => $nullable ? array( 'string', 'null' ) : 'string',
			'format'      => 'date-time',
			'context'     => array( 'view', 'edit', 'embed' ),
			'readonly'    => true,
		);
	}
}
