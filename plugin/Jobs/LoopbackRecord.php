<?php
/**
 * Whether the runner's requests to its own site arrive.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * The runner sends each next slice as a request to the site itself; a firewall may drop or
 * refuse it. The time of the oldest request not yet answered and of the last one that arrived
 * tell whether they get through: VisitorCron then carries jobs on, and Site Health says so.
 */
final class LoopbackRecord {

	public const SENT_OPTION = 'site_backups_loopback_sent';
	public const SEEN_OPTION = 'site_backups_loopback_seen';

	/** Seconds a loopback request may take to arrive before it counts as lost. */
	private const GRACE = 30;

	/**
	 * Records that a loopback request was sent; the time kept is that of the oldest one not yet
	 * answered, so requests sent one after another cannot keep a blocked loopback looking fresh.
	 */
	public static function sent(): void {
		$sent = (int) get_option( self::SENT_OPTION, 0 );
		$seen = (int) get_option( self::SEEN_OPTION, 0 );
		if ( $sent <= $seen ) {
			update_option( self::SENT_OPTION, time(), false );
		}
	}

	/**
	 * Records that a loopback request arrived.
	 */
	public static function arrived(): void {
		update_option( self::SEEN_OPTION, time(), false );
	}

	/**
	 * Whether a loopback request sent more than GRACE seconds ago has not arrived.
	 */
	public static function failing(): bool {
		$sent = (int) get_option( self::SENT_OPTION, 0 );
		$seen = (int) get_option( self::SEEN_OPTION, 0 );
		return $sent > 0 && $seen < $sent && time() - $sent > self::GRACE;
	}
}
