<?php
/**
 * Starts a job that reads a backup (a restore, a fetch) where no delete or retention can cut in.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Retention\RemovalBusy;
use SiteBackups\Retention\RemovalLock;

/**
 * The starter checks, under the RemovalLock, that the backup is still where it found it, and the
 * job takes the slot before the lock goes: a delete or a retention run then sees the job and keeps
 * the backup, or has removed it before the check, which refuses the start.
 */
final class ReadingJobStart {

	/**
	 * Sets up the start.
	 *
	 * @param RemovalLock $lock Serialises removals and the starts of jobs that read a backup.
	 */
	public function __construct( private readonly RemovalLock $lock = new RemovalLock() ) {
	}

	/**
	 * Runs the check and the start under the lock.
	 *
	 * @param callable(): Job $start Checks again that the backup is there, and starts the job.
	 * @return Job The queued job.
	 * @throws Refused When backups are being removed all the while, or the check refuses.
	 * @phpstan-throws Refused|BackupNotVerified|JobConflict|JobRefused
	 */
	public function start( callable $start ): Job {
		try {
			return $this->lock->holding( $start, RemovalLock::START_SECONDS );
		} catch ( RemovalBusy $busy ) {
			throw new Refused(
				'site_backups_backups_busy',
				__( 'Backups are being removed right now. Try again in a moment.', 'site-backups' ),
				Refused::CONFLICT
			);
		}
	}
}
