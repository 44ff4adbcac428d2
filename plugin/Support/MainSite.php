<?php
/**
 * The network's main site, where the plugin keeps its state and does its work.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Support;

/**
 * On a multisite network the plugin runs on the main site only: its options, WP-Cron events,
 * REST routes and jobs live there. Code that reads what WordPress says about "this site" (the
 * uploads folder, the home address) asks it of the main site, whichever site is current.
 */
final class MainSite {

	/**
	 * Whether the plugin may run here: a single site, or the main site of a network (not while
	 * another site is switched to).
	 */
	public static function is_current(): bool {
		return ! is_multisite() || is_main_site();
	}

	/**
	 * Runs $work with the main site as the current site, and gives back what it returned.
	 *
	 * @template T
	 * @param callable(): T $work What to run.
	 * @return T
	 */
	public static function run( callable $work ): mixed {
		if ( self::is_current() ) {
			return $work();
		}
		switch_to_blog( get_main_site_id() );
		try {
			return $work();
		} finally {
			restore_current_blog();
		}
	}
}
