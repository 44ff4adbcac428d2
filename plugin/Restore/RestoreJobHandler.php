<?php
/**
 * A restore job: the engine's RestoreRunner, driven from the job record.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Restore;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Restore\BackupDamaged;
use SiteBackups\Engine\Restore\RestorePhase;
use SiteBackups\Engine\Restore\RestoreRefused;
use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;
use SiteBackups\Engine\Restore\RestoreStep;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobFailure;
use SiteBackups\Jobs\JobHandler;
use SiteBackups\Offsite\OffsiteService;
use Throwable;
use UnexpectedValueException;

/**
 * The job's params are the runner's RestoreRequest, its state the runner's RestoreState (as an
 * array), its progress and log what each step reports. Until the switch the job can be cancelled;
 * from then on its state is committed (RestorePhase::POINT_OF_NO_RETURN) and it can only go forward.
 * What the administrator reads when it stops is worded here.
 */
final class RestoreJobHandler implements JobHandler {

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
		$runner = $this->runner( $job, $this->environment( $job ) );
		try {
			$step = $runner->begin();
		} catch ( Throwable $error ) {
			/* translators: %s: the technical reason. */
			throw new JobFailure( sprintf( __( 'The backup to restore could not be read: %s. Nothing was changed.', 'site-backups' ), rtrim( $error->getMessage(), '.' ) ), 0, $error );
		}
		return $this->recorded( $job, $step );
	}

	/**
	 * Works on the current phase for about $seconds.
	 *
	 * @param Job   $job     A running restore job.
	 * @param float $seconds Time budget.
	 * @throws JobFailure With a message for the administrator.
	 */
	public function step( Job $job, float $seconds ): Job {
		$state = $this->state( $job );
		if ( null === $state ) {
			throw new JobFailure( $this->explain_failure( $job, __( 'it lost track of where it was', 'site-backups' ) ) );
		}
		try {
			return $this->recorded( $job, $this->runner( $job, $this->environment( $job ) )->step( $state, $seconds ) );
		} catch ( JobFailure $failure ) {
			throw $failure;
		} catch ( BackupDamaged $damaged ) {
			throw new JobFailure( RestoreTarget::damaged_message( $damaged->report ), 0, $damaged );
		} catch ( RestoreRefused $refused ) {
			throw new JobFailure( $refused->getMessage(), 0, $refused );
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
		$state  = $this->state( $job );
		$target = $this->backups->environments()->get( (string) $job->param( 'environment' ) );
		if ( null !== $target ) {
			$this->runner( $job, $target )->discard( $state );
		} elseif ( null !== $state?->safety && ! $state->safetyDone ) {
			// With no target left to clean up, the safety backup begun for it still goes.
			$this->backups->engine()->cancel( $state->safety );
		}
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
		$state  = $this->state( $job );
		if ( null === $state || ! $state->isCommitted() ) {
			$where = match ( $state?->phase ) {
				RestorePhase::Fetching     => __( 'while fetching the backup from off-site storage', 'site-backups' ),
				RestorePhase::SafetyBackup => __( 'while taking the safety backup', 'site-backups' ),
				RestorePhase::Checking     => __( 'while checking the backup', 'site-backups' ),
				RestorePhase::Database     => __( 'while loading the database beside the site', 'site-backups' ),
				RestorePhase::Rewriting    => __( "while rewriting the site's addresses", 'site-backups' ),
				RestorePhase::Files        => __( 'while preparing the files beside the site', 'site-backups' ),
				default                    => __( 'before it began', 'site-backups' ),
			};
			/* translators: 1: where the restore was, e.g. "while checking the backup", 2: the technical reason. */
			return sprintf( __( 'The restore stopped %1$s: %2$s. Nothing was changed: the site is as it was.', 'site-backups' ), $where, $reason );
		}
		if ( null !== $state->safety ) {
			/* translators: 1: the technical reason, 2: a backup id. */
			return sprintf( __( 'The restore stopped while switching the site over: %1$s. Restore the safety backup %2$s to undo it.', 'site-backups' ), $reason, $state->safety );
		}
		/* translators: %s: the technical reason. */
		return sprintf( __( 'The restore stopped while switching the site over: %s. Run the restore again to finish it.', 'site-backups' ), $reason );
	}

	/**
	 * The job as a step of the runner left it: its state, progress and log, and its result once done.
	 *
	 * @param Job         $job  The job before the step.
	 * @param RestoreStep $step What the step did.
	 */
	private function recorded( Job $job, RestoreStep $step ): Job {
		$job = $job->with_state( $step->state->toArray() )->with_progress( $step->phase(), $step->done, $step->total, $step->bytes, '', $this->counts( $job, $step ) );
		if ( $step->finished ) {
			$job = $job->succeeded(
				array(
					'backup'        => (string) $job->param( 'backup' ),
					'safety_backup' => $step->state->safety,
					'environment'   => (string) $job->param( 'environment' ),
					'parts'         => $this->parts( $job ),
				) + ( $this->scope( $job )?->toArray() ?? array() )
			);
		}
		foreach ( $step->log as $line ) {
			$job = $job->logged( 'info', $line );
		}
		return $job;
	}

	/**
	 * The files and tables counted, as a backup job's (BackupCounts): what the step counted, and
	 * what earlier phases counted standing (the tables stay "43 of 43" while the files are written).
	 *
	 * @param Job         $job  The job before the step.
	 * @param RestoreStep $step What the step did.
	 * @return array<string, array{done: int, total: int|null}>
	 */
	private function counts( Job $job, RestoreStep $step ): array {
		$before = (array) ( $job->to_array()['progress'] ?? array() );
		$counts = $step->counts;
		foreach ( array( 'files', 'tables' ) as $kind ) {
			$earlier = $before[ $kind ] ?? null;
			if ( ! isset( $counts[ $kind ] ) && is_array( $earlier ) && isset( $earlier['done'] ) ) {
				$counts[ $kind ] = array(
					'done'  => (int) $earlier['done'],
					'total' => isset( $earlier['total'] ) ? (int) $earlier['total'] : null,
				);
			}
		}
		return $counts;
	}

	/**
	 * The runner of the job's restore into $target.
	 *
	 * @param Job         $job    The job.
	 * @param Environment $target The environment restored into.
	 */
	private function runner( Job $job, Environment $target ): RestoreRunner {
		$user = $job->param( 'keep_session' ) ? $this->targets->session_user( $target, (int) ( $job->to_array()['user'] ?? 0 ) ) : 0;
		return new RestoreRunner(
			$this->backups->engine(),
			new RestoreRequest( (string) $job->param( 'backup' ), $target, $this->parts( $job ), (bool) $job->param( 'safety_backup', true ), $this->scope( $job ) ),
			new WordPressTarget( $this->backups, $this->targets, $target, $user ),
			new OffsiteFetch( $this->backups, $this->offsite )
		);
	}

	/**
	 * The job's state, or null when it holds none a restore could have written (nothing begun).
	 *
	 * @param Job $job The job.
	 */
	private function state( Job $job ): ?RestoreState {
		try {
			return RestoreState::fromArray( $job->state() );
		} catch ( UnexpectedValueException $none ) {
			return null;
		}
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
	 * The paths and tables asked for, or null for the parts as a whole (a backup of part of the site
	 * then restores its own part).
	 *
	 * @param Job $job The job.
	 */
	private function scope( Job $job ): ?SnapshotScope {
		$paths  = $job->param( 'paths' );
		$tables = $job->param( 'tables' );
		if ( ! is_array( $paths ) && ! is_array( $tables ) ) {
			return null;
		}
		return new SnapshotScope( array_values( array_map( 'strval', (array) $paths ) ), array_values( array_map( 'strval', (array) $tables ) ) );
	}

	/**
	 * The parts asked for.
	 *
	 * @param Job $job The job.
	 * @return list<string>
	 */
	private function parts( Job $job ): array {
		return array_values( array_intersect( array( RestoreRequest::DATABASE, RestoreRequest::FILES ), (array) $job->param( 'parts', array() ) ) );
	}
}
