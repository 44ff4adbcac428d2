<?php
/**
 * The folders and files the admin chose to leave out of every backup.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Backup;

use WP_Error;

/**
 * Patterns relative to the site's folder (wp-content/uploads/videos, *.log),
 * validated so none can reach outside it.
 */
final class Exclusions {

	public const OPTION             = 'site_backups_exclusions';
	public const MAX_EXCLUSIONS     = 100;
	public const MAX_PATTERN_LENGTH = 255;

	/**
	 * The saved patterns, as every manual and scheduled backup uses them.
	 *
	 * @return list<string>
	 */
	public static function saved(): array {
		$stored = get_option( self::OPTION, array() );
		return is_array( $stored ) ? self::normalize( $stored ) : array();
	}

	/**
	 * Saves the valid patterns among $patterns.
	 *
	 * @param array<mixed> $patterns Patterns.
	 */
	public static function save( array $patterns ): void {
		update_option( self::OPTION, self::normalize( $patterns ), false );
	}

	/**
	 * Checks one exclusion pattern.
	 *
	 * @param mixed $pattern What the client sent.
	 * @return true|WP_Error
	 */
	public static function validate_pattern( mixed $pattern ) {
		if ( ! is_string( $pattern ) ) {
			return new WP_Error( 'rest_invalid_param', __( 'Each exclusion must be a string.', 'site-backups' ), array( 'status' => 400 ) );
		}
		$trimmed = trim( $pattern );
		$invalid = '' === trim( $trimmed, '/' )
			|| strlen( $trimmed ) > self::MAX_PATTERN_LENGTH
			|| 1 === preg_match( '/[\x00-\x1f\x7f\\\\]/', $trimmed )
			|| in_array( '..', explode( '/', $trimmed ), true )
			|| 1 === preg_match( '/\A[a-z]:/i', $trimmed )
			|| ! mb_check_encoding( $trimmed, 'UTF-8' );
		if ( $invalid ) {
			return new WP_Error(
				'rest_invalid_param',
				/* translators: %s: the rejected pattern. */
				sprintf( __( '"%s" is not a valid exclusion: use a path relative to the site\'s folder, such as wp-content/uploads/videos or *.log, without "..".', 'site-backups' ), esc_html( wp_check_invalid_utf8( $trimmed, true ) ) ),
				array( 'status' => 400 )
			);
		}
		return true;
	}

	/**
	 * Valid patterns, trimmed, without duplicates.
	 *
	 * @param array<mixed> $patterns Patterns.
	 * @return list<string>
	 */
	public static function normalize( array $patterns ): array {
		$clean = array();
		foreach ( $patterns as $pattern ) {
			if ( true === self::validate_pattern( $pattern ) ) {
				$clean[] = trim( trim( (string) $pattern ), '/' );
			}
		}
		return array_slice( array_values( array_unique( $clean ) ), 0, self::MAX_EXCLUSIONS );
	}
}
