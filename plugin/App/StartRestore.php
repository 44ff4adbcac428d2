<?php
/**
 * Starts a restore of a backup into an environment.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Environment;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\StartedBy;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Restore\NetworkMatch;
use SiteBackups\Restore\RestoreTarget;

/**
 * Checks everything that can be checked before the job starts (the backup exists and has all
 * its parts, the target is configured and of the backup's kind, a network or a single site, the
 * paths and tables asked for (RestoreSelection), no other job runs), so a refused restore touches nothing.
 * The job takes the slot under the RemovalLock (ReadingJobStart), after a last look that the backup
 * is still here: a delete or retention run never removes it once the restore has started.
 */
final class StartRestore {

	/** What a restore can bring back. */
	public const PARTS = array( 'database', 'files' );

	/**
	 * Sets up the starter.
	 *
	 * @param BackupService    $backups   The local store and this site's environments.
	 * @param OffsiteService   $offsite   The bucket, for a backup kept only there.
	 * @param JobRunner        $runner    The runner the job goes to.
	 * @param RestoreSelection $selection Checks the paths and tables asked for.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite,
		private readonly JobRunner $runner,
		private readonly RestoreSelection $selection
	) {
	}

	/**
	 * Starts the restore.
	 *
	 * @param string        $id            A valid backup id.
	 * @param string|null   $environment   Where to restore it; null for the environment it is of.
	 * @param string[]      $parts         Of PARTS.
	 * @param bool          $safety_backup Whether to back up the target first.
	 * @param bool          $keep_session  Whether the user's login session is kept through the restore.
	 * @param StartedBy     $by            Who asked, and through which door.
	 * @param string[]|null $paths         Only these paths (relative to the site's folder); null when not given.
	 * @param string[]|null $tables        Only these tables (as the backup names them); null when not given.
	 * @return Job The queued job. BackupNotVerified (the bucket's record of it is not this
	 *             site's), and the runner's JobConflict and JobRefused, are left to the caller.
	 * @throws Refused When the backup is unknown or damaged, or the target unavailable or of another kind.
	 * @phpstan-throws Refused|BackupNotVerified|JobConflict|JobRefused
	 */
	public function start( string $id, ?string $environment, array $parts, bool $safety_backup, bool $keep_session, StartedBy $by, ?array $paths = null, ?array $tables = null ): Job {
		$engine = $this->backups->engine();
		if ( $engine->store()->snapshots()->has( $id ) ) {
			$record  = $engine->snapshot( $id );
			$missing = $engine->findMissing( $id );
		} elseif ( $this->offsite->has( $id ) ) {
			// Kept only off-site: fetched (and checked object by object) by the job first.
			$record  = $this->offsite->record( $id );
			$missing = null;
		} else {
			throw Refused::no_backup();
		}
		if ( null !== $missing && ! $missing->isOk() ) {
			throw new Refused( 'site_backups_backup_damaged', RestoreTarget::damaged_message( $missing ), Refused::CONFLICT );
		}
		$name   = $environment ?? $record->environment();
		$target = $this->backups->environments()->get( $name );
		if ( null === $target ) {
			$problem = Environment::STAGING === $name ? $this->backups->environments()->staging_problem() : '';
			throw new Refused(
				'site_backups_environment_unavailable',
				'' !== $problem ? $problem : __( 'That environment is not available to restore into.', 'site-backups' ),
				Refused::INVALID
			);
		}
		if ( null !== $missing ) {
			// A network and a single site never go into one another (a backup kept only off-site is
			// checked by the job, once fetched).
			$mismatch = ( new NetworkMatch( $this->backups ) )->refusal( $id, $target );
			if ( null !== $mismatch ) {
				throw new Refused( NetworkMatch::CODE, $mismatch, Refused::CONFLICT );
			}
		}
		$parts  = array_values( array_intersect( self::PARTS, $parts ) );
		$scope  = $this->selection->scope( $record, null !== $missing, $target, $parts, $paths, $tables );
		$params = array(
			'backup'        => $id,
			'environment'   => $name,
			'parts'         => $parts,
			'safety_backup' => $safety_backup,
			'keep_session'  => $keep_session,
		);
		if ( null !== $scope ) {
			$params += $scope->toArray();
		}
		$job   = $by->job( 'restore', $params );
		$local = null !== $missing;
		return ( new ReadingJobStart() )->start(
			function () use ( $engine, $id, $local, $job ): Job {
				clearstatcache(); // Another request may have deleted it since this one looked.
				if ( $local && ! $engine->store()->snapshots()->has( $id ) ) {
					throw Refused::no_backup();
				}
				return $this->runner->start( $job );
			}
		);
	}
}
