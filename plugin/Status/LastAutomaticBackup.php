<?php
/**
 * How the last automatic backup ended, kept as it ends.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

use SiteBackups\Jobs\Job;

/**
 * The job list keeps only the newest few jobs, and off-site retries and manual backups push a
 * failed night out of it; retention may remove the last automatic backup's recovery point. So
 * the outcome of each automatic backup is written down when its job ends, in one small option
 * that a restore carries over like the plugin's other options. A cancelled job is not written
 * down: someone stopped it, so it says nothing of whether the schedule works.
 */
final class LastAutomaticBackup {

	public const OPTION = 'site_backups_last_automatic_backup';

	/**
	 * Hooks the record to the end of jobs.
	 */
	public function register(): void {
		add_action( 'site_backups_job_finished', array( $this, 'record' ) );
	}

	/**
	 * Writes down how an automatic backup ended.
	 *
	 * @param Job $job The job that ended.
	 */
	public function record( Job $job ): void {
		if ( 'backup' !== $job->kind() || 'scheduled' !== $job->param( 'trigger' ) ) {
			return;
		}
		$outcome = BackupOutcome::from_job( $job );
		$known   = $this->get();
		// Jobs end one at a time; a record of one begun later is never replaced by an older one.
		if ( null === $outcome || ( null !== $known && $known->started_at > $outcome->started_at ) ) {
			return;
		}
		update_option( self::OPTION, $outcome->to_array(), false );
	}

	/**
	 * The last automatic backup's outcome as written down; null before the first one ended.
	 */
	public function get(): ?BackupOutcome {
		// A slice in another request may have written it since this one began.
		wp_cache_delete( self::OPTION, 'options' );
		return BackupOutcome::from_array( get_option( self::OPTION ) );
	}
}
