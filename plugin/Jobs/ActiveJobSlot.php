<?php
/**
 * The one slot for a running job on this site.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * Claimed atomically when a job starts and freed when it ends, so a second
 * backup asked for while one runs is answered with the running one instead
 * of starting in parallel.
 */
final class ActiveJobSlot {

	public const OPTION = 'site_backups_active_job';

	/**
	 * The option row holding the active job's id.
	 *
	 * @var AtomicOption
	 */
	private AtomicOption $row;

	/**
	 * A handle on the slot.
	 */
	public function __construct() {
		$this->row = new AtomicOption( self::OPTION );
	}

	/**
	 * Puts a job in the slot: true when it was free.
	 *
	 * @param string $job_id The job.
	 */
	public function claim( string $job_id ): bool {
		return $this->row->insert( $job_id );
	}

	/**
	 * The id of the job in the slot, if any.
	 */
	public function current(): ?string {
		return $this->row->read();
	}

	/**
	 * Frees the slot if this job holds it.
	 *
	 * @param string $job_id The job.
	 */
	public function free( string $job_id ): void {
		$this->row->delete( $job_id );
	}
}
