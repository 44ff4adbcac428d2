<?php
/**
 * Another job wants the slot: the preemptible job in it stops at its next step.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * One option row naming the job asked to make way, read fresh from the database (the slice that
 * must see it runs in another request), apart from the job record, which the running slice
 * rewrites after every step.
 */
final class SlotWanted {

	public const OPTION = 'site_backups_slot_wanted';

	/**
	 * The option row.
	 *
	 * @var AtomicOption
	 */
	private AtomicOption $row;

	/**
	 * A handle on the request.
	 */
	public function __construct() {
		$this->row = new AtomicOption( self::OPTION );
	}

	/**
	 * Asks the job to make way.
	 *
	 * @param string $job_id The job in the slot.
	 */
	public function ask( string $job_id ): void {
		$current = $this->row->read();
		if ( null === $current ) {
			$this->row->insert( $job_id );
		} elseif ( $current !== $job_id ) {
			$this->row->swap( $current, $job_id );
		}
	}

	/**
	 * Whether the job was asked to make way.
	 *
	 * @param string $job_id The job.
	 */
	public function asked( string $job_id ): bool {
		return $this->row->read() === $job_id;
	}

	/**
	 * Takes the request back (the job made way, or the wait for it ran out).
	 *
	 * @param string $job_id The job asked.
	 */
	public function withdraw( string $job_id ): void {
		$this->row->delete( $job_id );
	}
}
