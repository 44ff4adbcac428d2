<?php
/**
 * One at a time: removing backups, and starting a job that reads one.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Retention;

use SiteBackups\Jobs\LeaseLock;

/**
 * A delete or a retention run checks under this lock that no running job reads the backups it
 * removes, and a restore or fetch start checks under it that its backup is still there and takes
 * the job slot before letting go; so neither slips in between the other's check and its act. A
 * lease (one option row, compare-and-swap), so a holder the host kills blocks the others only
 * until it expires.
 */
final class RemovalLock {

	public const OPTION = 'site_backups_removal_lock';

	/** How long a removal may hold it: what is deleted goes first, then the sweep of its data. */
	public const REMOVAL_SECONDS = 600;

	/** How long a job start may hold it: a check and the job slot. */
	public const START_SECONDS = 60;

	/** How long to wait for another holder before giving up (seconds). */
	private const WAIT_SECONDS = 5.0;

	/**
	 * Runs $work holding the lock, waiting a few seconds for another holder to finish first.
	 *
	 * @template T
	 * @param callable(): T $work    What must not interleave with a removal or a start.
	 * @param int           $seconds How long the lease lasts should this request die holding it.
	 * @return T What $work returned.
	 * @throws RemovalBusy When another holder kept it all the while.
	 */
	public function holding( callable $work, int $seconds ): mixed {
		$lease    = new LeaseLock( self::OPTION, wp_generate_uuid4(), $seconds );
		$deadline = microtime( true ) + self::WAIT_SECONDS;
		while ( ! $lease->acquire() ) {
			if ( microtime( true ) >= $deadline ) {
				throw new RemovalBusy();
			}
			usleep( 100000 );
		}
		try {
			return $work();
		} finally {
			$lease->release();
		}
	}
}
