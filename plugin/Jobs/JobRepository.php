<?php
/**
 * Where jobs live between requests: one option per job (not autoloaded),
 * plus a short index of the most recent ones.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * Saves and loads jobs; keeps the newest few finished ones for the screen.
 */
final class JobRepository {

	private const PREFIX      = 'site_backups_job_';
	private const INDEX       = 'site_backups_jobs';
	private const KEEP_RECENT = 20;
	private const ID_PATTERN  = '/\A[0-9a-f]{32}\z/';

	/**
	 * Stores a job (new or updated).
	 *
	 * @param Job $job The job.
	 */
	public function save( Job $job ): void {
		update_option( self::PREFIX . $job->id(), $job->to_array(), false );
		$index = $this->ids();
		if ( ! in_array( $job->id(), $index, true ) ) {
			array_unshift( $index, $job->id() );
			foreach ( array_slice( $index, self::KEEP_RECENT ) as $old ) {
				delete_option( self::PREFIX . $old );
			}
			update_option( self::INDEX, array_slice( $index, 0, self::KEEP_RECENT ), false );
		}
	}

	/**
	 * Saves a job as a slice left it without losing a cancellation asked for meanwhile (in
	 * another request).
	 *
	 * @param Job $job The job as this slice left it.
	 * @return Job The job as saved.
	 */
	public function save_merged( Job $job ): Job {
		$stored = $this->find( $job->id() );
		if ( $stored && $stored->is_cancelling() && ! $job->is_cancelling() ) {
			$job = $job->cancel_requested();
		}
		$this->save( $job );
		return $job;
	}

	/**
	 * Removes a job that never ran (it lost the race for the slot).
	 *
	 * @param string $id Job id.
	 */
	public function delete( string $id ): void {
		if ( ! self::is_valid_id( $id ) ) {
			return;
		}
		delete_option( self::PREFIX . $id );
		$index = array_values( array_diff( $this->ids(), array( $id ) ) );
		update_option( self::INDEX, $index, false );
	}

	/**
	 * A job by id, read fresh from the database; null when unknown or the id is malformed.
	 *
	 * @param string $id Job id.
	 */
	public function find( string $id ): ?Job {
		if ( ! self::is_valid_id( $id ) ) {
			return null;
		}
		// Another request (a slice) may have changed it since this one started.
		wp_cache_delete( self::PREFIX . $id, 'options' );
		$data = get_option( self::PREFIX . $id );
		return is_array( $data ) ? Job::from_array( $data ) : null;
	}

	/**
	 * The most recent jobs, newest first.
	 *
	 * @return list<Job>
	 */
	public function recent(): array {
		$jobs = array();
		foreach ( $this->ids() as $id ) {
			$job = $this->find( $id );
			if ( $job ) {
				$jobs[] = $job;
			}
		}
		return $jobs;
	}

	/**
	 * Whether a string has the shape of a job id.
	 *
	 * @param string $id Candidate.
	 */
	public static function is_valid_id( string $id ): bool {
		return 1 === preg_match( self::ID_PATTERN, $id );
	}

	/**
	 * The ids in the index, newest first.
	 *
	 * @return list<string>
	 */
	private function ids(): array {
		wp_cache_delete( self::INDEX, 'options' );
		$ids = get_option( self::INDEX, array() );
		return is_array( $ids ) ? array_values( array_filter( $ids, 'is_string' ) ) : array();
	}
}
