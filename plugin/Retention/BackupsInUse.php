<?php
/**
 * The backups the running job reads from until it ends.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Retention;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;

/**
 * A restore reads its backup until it ends, and a fetch writes the one it brings here: removing
 * either would leave the job unable to finish. Read from the job slot and the job's record (not
 * through the runner, whose backup job prunes too).
 */
final class BackupsInUse {

	/** The kinds of job that read a backup until they end. */
	public const READERS = array( 'restore', 'fetch' );

	/**
	 * Sets up the lookup; nothing is read yet.
	 *
	 * @param ActiveJobSlot $slot The one job slot.
	 * @param JobRepository $jobs The job records.
	 */
	public function __construct(
		private readonly ActiveJobSlot $slot = new ActiveJobSlot(),
		private readonly JobRepository $jobs = new JobRepository()
	) {
	}

	/**
	 * The ids of the backups the job in the slot reads, if it is still going.
	 *
	 * @return list<string>
	 */
	public function ids(): array {
		$id = $this->slot->current();
		return self::read_by( null === $id ? null : $this->jobs->find( $id ) );
	}

	/**
	 * The backup a job reads until it ends: none once it has finished, or for another kind of job.
	 *
	 * @param Job|null $job The job, if any.
	 * @return list<string>
	 */
	public static function read_by( ?Job $job ): array {
		if ( null === $job || $job->is_finished() || ! in_array( $job->kind(), self::READERS, true ) ) {
			return array();
		}
		$backup = $job->param( 'backup' );
		return is_string( $backup ) && '' !== $backup ? array( $backup ) : array();
	}
}
