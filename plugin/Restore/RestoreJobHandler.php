<?php
/**
 * A restore job: safety backup, check, load, stage, switch, clean up.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Restore;

use SiteBackups\Backups\BackupService;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Restore\FilesRestore;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobFailure;
use SiteBackups\Jobs\JobHandler;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Offsite\OffsiteService;
use Throwable;

/**
 * Phases, each resumable from the job's state:
 * (fetching, for a backup kept only off-site) → safety_backup → checking → database → rewriting
 * → files → switching → cleanup.
 * Until `switching` the target is untouched and the job can be cancelled; from then on it is
 * `committed`: it can only go forward (or fail, leaving the safety backup to undo it).
 */
final class RestoreJobHandler implements JobHandler {

	public const PHASES = array( 'fetching', 'safety_backup', 'checking', 'database', 'rewriting', 'files', 'switching', 'cleanup' );

	/**
	 * Sets up the handler.
	 *
	 * @param BackupService       $backups The engine and environments.
	 * @param RestoreTarget       $targets How a target environment is restored into.
	 * @param OffsiteService|null $offsite The bucket, for backups kept only there.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly RestoreTarget $targets,
		private readonly ?OffsiteService $offsite = null
	) {
	}

	/**
	 * Checks the request against what exists and sets the first phase.
	 *
	 * @param Job $job A queued restore job.
	 * @throws JobFailure When the backup or the target is not there.
	 */
	public function begin( Job $job ): Job {
		$backup = (string) $job->param( 'backup' );
		$target = $this->environment( $job );
		$local  = $this->backups->engine()->store()->snapshots()->has( $backup );
		try {
			$record = $local || null === $this->offsite ? $this->backups->engine()->snapshot( $backup ) : $this->offsite->record( $backup );
		} catch ( Throwable $error ) {
			/* translators: %s: the technical reason. */
			throw new JobFailure( sprintf( __( 'The backup to restore could not be read: %s. Nothing was changed.', 'site-backups' ), rtrim( $error->getMessage(), '.' ) ), 0, $error );
		}
		$first = $job->param( 'safety_backup', true ) ? 'safety_backup' : 'checking';
		$state = array(
			'phase'       => $local ? $first : 'fetching',
			'after_fetch' => $first,
			'source'      => $record->environment(),
			'committed'   => false,
		);
		return $job->with_state( $state )
			->with_progress( $state['phase'], 0, null, 0, '' )
			->logged( 'info', sprintf( 'Restoring %s (%s) into %s: %s.', $backup, $record->environment(), $target->name, implode( ', ', $this->parts( $job ) ) ) );
	}

	/**
	 * Works on the current phase for about $seconds.
	 *
	 * @param Job   $job     A running restore job.
	 * @param float $seconds Time budget.
	 * @throws JobFailure With a message for the administrator.
	 */
	public function step( Job $job, float $seconds ): Job {
		$state = $job->state();
		try {
			return match ( (string) ( $state['phase'] ?? '' ) ) {
				'fetching'      => $this->fetching( $job, $seconds ),
				'safety_backup' => $this->safety_backup( $job, $seconds ),
				'checking'      => $this->checking( $job ),
				'database'      => $this->database( $job, $seconds ),
				'rewriting'     => $this->rewriting( $job, $seconds ),
				'files'         => $this->files( $job, $seconds ),
				'switching'     => $this->switching( $job, $seconds ),
				'cleanup'       => $this->cleanup( $job ),
				default         => throw new JobFailure( $this->explain_failure( $job, __( 'it lost track of where it was', 'site-backups' ) ) ),
			};
		} catch ( JobFailure $failure ) {
			throw $failure;
		} catch ( Throwable $error ) {
			throw new JobFailure( $this->explain_failure( $job, $error->getMessage() ), 0, $error );
		}
	}

	/**
	 * Throws away what was prepared. Before the switch the target is as it was; after it, only
	 * temporary leftovers go (the safety backup is the way back).
	 *
	 * @param Job $job The restore job.
	 */
	public function discard( Job $job ): void {
		$state  = $job->state();
		$engine = $this->backups->engine();
		if ( isset( $state['safety'] ) && empty( $state['safety_done'] ) ) {
			$engine->cancel( (string) $state['safety'] );
		}
		$target = $this->backups->environments()->get( (string) $job->param( 'environment' ) );
		if ( null !== $target && ! empty( $state['db_prepared'] ) && empty( $state['committed'] ) ) {
			$db = $target->connect();
			try {
				$engine->databaseRestore( (string) $job->param( 'backup' ), $db, $target->tablePrefix )->discard();
			} finally {
				$db->close();
			}
		}
		if ( isset( $state['area'] ) && null !== $target ) {
			$this->files_restore( $job, $target )->discard();
		}
		if ( null !== $target ) {
			$this->maintenance( $target )->end();
		}
	}

	/**
	 * Brings a backup kept only off-site into the local store, each object checked.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 * @throws JobFailure When off-site copies are not set up.
	 */
	private function fetching( Job $job, float $seconds ): Job {
		if ( null === $this->offsite ) {
			throw new JobFailure( __( 'This backup is kept off-site, and off-site copies are not set up.', 'site-backups' ) );
		}
		$state                  = $job->state();
		$store                  = $this->backups->engine()->store();
		$progress               = $this->offsite->fetcher( $store )->step( (string) $job->param( 'backup' ), (int) ( $state['fetched'] ?? 0 ), $seconds );
		$state['fetched_bytes'] = (int) ( $state['fetched_bytes'] ?? 0 ) + $progress->bytesMoved;
		if ( ! $progress->complete ) {
			$state['fetched'] = $progress->done;
			return $job->with_state( $state )->with_progress( 'fetching', $progress->done, null, $state['fetched_bytes'], '' );
		}
		$this->offsite->fetched( $store, (string) $job->param( 'backup' ) );
		$state['phase'] = (string) $state['after_fetch'];
		return $job->with_state( $state )->with_progress( $state['phase'], 0, null, 0, '' )->logged( 'info', 'Fetched from off-site storage.' );
	}

	/**
	 * Backs up the target first, as a normal backup marked "safety".
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 */
	private function safety_backup( Job $job, float $seconds ): Job {
		$state  = $job->state();
		$engine = $this->backups->engine();
		if ( ! isset( $state['safety'] ) ) {
			$target          = $this->environment( $job );
			$state['safety'] = $engine->beginBackup(
				$target,
				'safety',
				/* translators: %s: a backup id. */
				sprintf( __( 'Taken before restoring %s', 'site-backups' ), (string) $job->param( 'backup' ) ),
				(string) get_bloginfo( 'version' ),
				SITE_BACKUPS_VERSION,
				\SiteBackups\Backups\Exclusions::saved()
			);
			return $job->with_state( $state )->logged( 'info', sprintf( 'Safety backup of %s begun as %s.', $target->name, $state['safety'] ) );
		}
		$progress = $engine->step( (string) $state['safety'], $seconds );
		if ( ! $progress->isReady() ) {
			$done = $progress->toArray();
			return $job->with_progress( 'safety_backup', (int) $done['unitsDone'], null === $done['unitsTotal'] ? null : (int) $done['unitsTotal'], (int) $done['bytesRead'], '' );
		}
		$engine->publish( (string) $state['safety'] );
		$state['safety_done'] = true;
		$state['phase']       = 'checking';
		return $job->with_state( $state )->with_progress( 'checking', 0, null, 0, '' )->logged( 'info', 'Safety backup published: ' . $state['safety'] . '.' );
	}

	/**
	 * Refuses a backup with missing objects before anything is prepared, then prepares.
	 *
	 * @param Job $job The job.
	 * @throws JobFailure When objects are missing.
	 */
	private function checking( Job $job ): Job {
		$state   = $job->state();
		$backup  = (string) $job->param( 'backup' );
		$missing = $this->backups->engine()->findMissing( $backup );
		if ( ! $missing->isOk() ) {
			throw new JobFailure( RestoreTarget::damaged_message( $missing ) );
		}
		$target  = $this->environment( $job );
		$refusal = ( new NetworkMatch( $this->backups ) )->refusal( $backup, $target );
		if ( null !== $refusal ) {
			throw new JobFailure( $refusal );
		}
		if ( in_array( 'files', $this->parts( $job ), true ) ) {
			// A backup holding an unsafe path is refused before its database is even loaded.
			$this->backups->engine()->filesRestore( $backup, $target->tree(), $target->root . '/.site-backups-restore-check', $this->targets->protected_paths( $target ) )->checkPaths();
		}
		if ( in_array( 'database', $this->parts( $job ), true ) ) {
			$db = $target->connect();
			try {
				$this->backups->engine()->databaseRestore( $backup, $db, $target->tablePrefix )->prepare();
			} finally {
				$db->close();
			}
			$state['db_prepared'] = true;
		}
		if ( in_array( 'files', $this->parts( $job ), true ) ) {
			$state['area']       = FilesRestore::newArea( $target->root );
			$state['files_done'] = 0;
		}
		$state['phase'] = in_array( 'database', $this->parts( $job ), true ) ? 'database' : 'files';
		return $job->with_state( $state )->with_progress( $state['phase'], 0, null, 0, '' );
	}

	/**
	 * Loads the backup's database beside the live tables.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 */
	private function database( Job $job, float $seconds ): Job {
		$state  = $job->state();
		$target = $this->environment( $job );
		$db     = $target->connect();
		try {
			$progress = $this->backups->engine()->databaseRestore( (string) $job->param( 'backup' ), $db, $target->tablePrefix )->load( $seconds );
		} finally {
			$db->close();
		}
		if ( ! $progress->complete ) {
			return $job->with_progress( 'database', $progress->chunksDone, $progress->chunksTotal, 0, '' );
		}
		$state['phase'] = $this->targets->needs_rewrite( $target, (string) $state['source'] ) ? 'rewriting' : $this->after_loading( $job );
		return $this->entering( $job->with_state( $state ), $state['phase'] );
	}

	/**
	 * Rewrites the other environment's address to the target's in the loaded tables.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 */
	private function rewriting( Job $job, float $seconds ): Job {
		$state  = $job->state();
		$target = $this->environment( $job );
		$result = $this->targets->rewrite_step( $target, (string) $state['source'], (string) $job->param( 'backup' ), $state['rewrite'] ?? null, $seconds );
		if ( null !== $result['cursor'] ) {
			$state['rewrite'] = $result['cursor'];
			return $job->with_state( $state )->with_progress( 'rewriting', (int) ( $result['counts']['rowsExamined'] ?? 0 ), null, 0, '' );
		}
		unset( $state['rewrite'] );
		$state['phase'] = $this->after_loading( $job );
		return $this->entering( $job->with_state( $state ), $state['phase'] )
			->logged( 'info', sprintf( 'Site address rewritten to %s: %s.', $target->url, (string) wp_json_encode( $result['counts'] ) ) );
	}

	/**
	 * Writes the backup's files into the staging area, each checked against the backup.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 */
	private function files( Job $job, float $seconds ): Job {
		$state               = $job->state();
		$progress            = $this->files_restore( $job, $this->environment( $job ) )->stage( (int) ( $state['files_done'] ?? 0 ), $seconds );
		$state['files_done'] = $progress->entriesDone;
		if ( ! $progress->complete ) {
			return $job->with_state( $state )->with_progress( 'files', $progress->entriesDone, null, 0, '' );
		}
		$state['phase'] = 'switching';
		return $this->entering( $job->with_state( $state ), 'switching' );
	}

	/**
	 * Swaps the database in, then removes files added since the backup and moves the staged ones in.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 */
	private function switching( Job $job, float $seconds ): Job {
		$state  = $job->state();
		$target = $this->environment( $job );
		// Renewed at every step: a restore that died stops renewing it, and it lapses.
		$this->maintenance( $target )->renew();
		if ( ! empty( $state['db_prepared'] ) && empty( $state['db_swapped'] ) ) {
			$db = $target->connect();
			try {
				$restore = $this->backups->engine()->databaseRestore( (string) $job->param( 'backup' ), $db, $target->tablePrefix );
				if ( DatabaseRestore::SWAPPED !== $restore->phase() ) {
					$this->targets->identity( $target, $db, (string) $job->param( 'backup' ) )->apply(
						$state['source'] !== $target->name,
						$job->param( 'keep_session' ) ? $this->targets->session_user( $target, (int) ( $job->to_array()['user'] ?? 0 ) ) : 0
					);
					$restore->swap();
				}
			} finally {
				$db->close();
			}
			$this->targets->after_database_swap( $target );
			$state['db_swapped'] = true;
			return $job->with_state( $state )->with_progress( 'switching', 1, null, 0, '' )->logged( 'info', 'Database switched.' );
		}
		if ( isset( $state['area'] ) && empty( $state['files_moved'] ) ) {
			$files = $this->files_restore( $job, $target );
			if ( empty( $state['pruned'] ) ) {
				$state['prune']  = $files->prune( $state['prune'] ?? null, $seconds );
				$state['pruned'] = null === $state['prune'];
				return $job->with_state( $state )->with_progress( 'switching', 2, null, 0, '' );
			}
			$state['files_moved'] = $files->move( $seconds );
			return $job->with_state( $state )->with_progress( 'switching', 3, null, 0, '' );
		}
		$state['phase'] = 'cleanup';
		return $job->with_state( $state )->with_progress( 'cleanup', 0, null, 0, '' );
	}

	/**
	 * Drops the old tables and the staging area, and reports.
	 *
	 * @param Job $job The job.
	 */
	private function cleanup( Job $job ): Job {
		$state  = $job->state();
		$target = $this->environment( $job );
		if ( ! empty( $state['db_prepared'] ) ) {
			$db = $target->connect();
			try {
				$this->backups->engine()->databaseRestore( (string) $job->param( 'backup' ), $db, $target->tablePrefix )->finish();
			} finally {
				$db->close();
			}
		}
		$this->maintenance( $target )->end();
		if ( isset( $state['area'] ) ) {
			$this->files_restore( $job, $target )->discard();
		}
		return $job->succeeded(
			array(
				'backup'        => (string) $job->param( 'backup' ),
				'safety_backup' => isset( $state['safety'] ) ? (string) $state['safety'] : null,
				'environment'   => $target->name,
				'parts'         => $this->parts( $job ),
			)
		)->logged( 'info', sprintf( 'Restored %s into %s.', (string) $job->param( 'backup' ), $target->name ) );
	}

	/**
	 * The phase after the database is loaded (and rewritten).
	 *
	 * @param Job $job The job.
	 */
	private function after_loading( Job $job ): string {
		return in_array( 'files', $this->parts( $job ), true ) ? 'files' : 'switching';
	}

	/**
	 * Records the move to a new phase; `switching` is the point of no return.
	 *
	 * @param Job    $job   The job.
	 * @param string $phase The new phase.
	 */
	private function entering( Job $job, string $phase ): Job {
		$state = $job->state();
		if ( 'switching' === $phase ) {
			$state['committed'] = true;
		}
		return $job->with_state( $state )->with_progress( $phase, 0, null, 0, '' );
	}

	/**
	 * The staging side of the files restore.
	 *
	 * @param Job         $job    The job.
	 * @param Environment $target The target.
	 */
	private function files_restore( Job $job, Environment $target ): FilesRestore {
		return $this->backups->engine()->filesRestore(
			(string) $job->param( 'backup' ),
			$target->tree(),
			(string) $job->state()['area'],
			$this->targets->protected_paths( $target )
		);
	}

	/**
	 * WordPress's maintenance mode on the target, which lets the job's own loopback through.
	 *
	 * @param Environment $target The target.
	 */
	private function maintenance( Environment $target ): MaintenanceMode {
		return new MaintenanceMode( $target->root, hash( 'sha256', (string) get_option( JobRunner::TOKEN_OPTION, '' ) ) );
	}

	/**
	 * The target environment.
	 *
	 * @param Job $job The job.
	 * @throws JobFailure When it is not configured.
	 */
	private function environment( Job $job ): Environment {
		$name   = (string) $job->param( 'environment' );
		$target = $this->backups->environments()->get( $name );
		if ( null === $target ) {
			/* translators: %s: environment name. */
			throw new JobFailure( sprintf( __( 'The %s environment is not configured, so nothing can be restored into it.', 'site-backups' ), $name ) );
		}
		return $target;
	}

	/**
	 * The parts asked for.
	 *
	 * @param Job $job The job.
	 * @return list<string>
	 */
	private function parts( Job $job ): array {
		return array_values( array_intersect( array( 'database', 'files' ), (array) $job->param( 'parts', array() ) ) );
	}

	/**
	 * What the administrator reads when a phase fails: before the switch, where it stopped and that
	 * nothing was changed; after it, how to finish or undo.
	 *
	 * @param Job    $job    The job.
	 * @param string $reason The technical reason.
	 */
	public function explain_failure( Job $job, string $reason ): string {
		$reason = rtrim( $reason, '.' );
		if ( empty( $job->state()['committed'] ) ) {
			$where = match ( (string) ( $job->state()['phase'] ?? '' ) ) {
				'fetching'      => __( 'while fetching the backup from off-site storage', 'site-backups' ),
				'safety_backup' => __( 'while taking the safety backup', 'site-backups' ),
				'checking'      => __( 'while checking the backup', 'site-backups' ),
				'database'      => __( 'while loading the database beside the site', 'site-backups' ),
				'rewriting'     => __( "while rewriting the site's addresses", 'site-backups' ),
				'files'         => __( 'while preparing the files beside the site', 'site-backups' ),
				default         => __( 'before it began', 'site-backups' ),
			};
			/* translators: 1: where the restore was, e.g. "while checking the backup", 2: the technical reason. */
			return sprintf( __( 'The restore stopped %1$s: %2$s. Nothing was changed: the site is as it was.', 'site-backups' ), $where, $reason );
		}
		$safety = $job->state()['safety'] ?? null;
		if ( is_string( $safety ) ) {
			/* translators: 1: the technical reason, 2: a backup id. */
			return sprintf( __( 'The restore stopped while switching the site over: %1$s. Restore the safety backup %2$s to undo it.', 'site-backups' ), $reason, $safety );
		}
		/* translators: %s: the technical reason. */
		return sprintf( __( 'The restore stopped while switching the site over: %s. Run the restore again to finish it.', 'site-backups' ), $reason );
	}
}
