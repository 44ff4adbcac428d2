<?php
/**
 * Starts bringing a backup kept only off-site back to this server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\StartedBy;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Offsite\OffsiteService;

/**
 * A job, so progress shows and the fetch survives the web server's time limits. A backup whose
 * record this site's recovery key does not vouch for is refused. The job takes the slot under the
 * RemovalLock (ReadingJobStart): retention keeps what it brings here until it ends.
 */
final class StartFetch {

	/**
	 * Sets up the starter.
	 *
	 * @param BackupService  $backups The local store.
	 * @param OffsiteService $offsite The bucket.
	 * @param JobRunner      $runner  The runner the job goes to.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite,
		private readonly JobRunner $runner
	) {
	}

	/**
	 * Starts the fetch.
	 *
	 * @param string    $id A valid backup id.
	 * @param StartedBy $by Who asked, and through which door.
	 * @return Job The queued job. BackupNotVerified (the bucket's record of it is not this
	 *             site's), and the runner's JobConflict and JobRefused, are left to the caller.
	 * @throws Refused When the backup is here already, or nowhere.
	 * @phpstan-throws Refused|BackupNotVerified|JobConflict|JobRefused
	 */
	public function start( string $id, StartedBy $by ): Job {
		$this->refuse_local( $id );
		if ( ! $this->offsite->has( $id ) ) {
			throw Refused::no_backup();
		}
		$job = $by->job(
			'fetch',
			array(
				'backup'      => $id,
				'environment' => $this->offsite->record( $id )->environment(),
			)
		);
		return ( new ReadingJobStart() )->start(
			function () use ( $id, $job ): Job {
				clearstatcache(); // Another request may have brought it here since this one looked.
				$this->refuse_local( $id );
				return $this->runner->start( $job );
			}
		);
	}

	/**
	 * Refuses a backup this server holds already.
	 *
	 * @param string $id A valid backup id.
	 * @throws Refused When the backup is here.
	 */
	private function refuse_local( string $id ): void {
		if ( $this->backups->engine()->store()->snapshots()->has( $id ) ) {
			throw new Refused( 'site_backups_backup_local', __( 'That backup is on this server already.', 'site-backups' ), Refused::CONFLICT );
		}
	}
}
