<?php
/**
 * What the stack's PHP error logs gained during a test, for tests that keep the log clean.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Support;

trait PhpLogsSince {

	/**
	 * The stack's PHP error logs and their sizes: take it before, then read logged_since().
	 *
	 * @return array<string, int>
	 */
	private static function log_sizes(): array {
		clearstatcache();
		$sizes = array();
		foreach ( glob( dirname( ABSPATH, 2 ) . '/logs/{php-error,php-fpm,wp-*-debug}.log', GLOB_BRACE ) ?: array() as $log ) {
			$sizes[ $log ] = (int) filesize( $log );
		}
		return $sizes;
	}

	/**
	 * What each log gained since log_sizes() gave $before (a log new since then, all of it).
	 *
	 * @param array<string, int> $before What log_sizes() gave.
	 * @return array<string, string> By log file.
	 */
	private static function logged_since( array $before ): array {
		$added = array();
		foreach ( array_keys( self::log_sizes() ) as $log ) {
			$added[ $log ] = (string) file_get_contents( $log, false, null, $before[ $log ] ?? 0 );
		}
		return $added;
	}
}
