<?php
/**
 * "Am I safe?": where production and staging stand, for Site Health, the admin notice and the API.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Store\StoreFormat;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\OffsiteSettingsError;
use SiteBackups\Offsite\OffsiteStatus;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Support\Redactor;
use Throwable;

/**
 * Read-only and worked out afresh at each call, from what is recorded anyway: the store's list of
 * recovery points (records only, nothing else of the store is read), the recent jobs, the
 * outcome of the last automatic backup (LastAutomaticBackup), the schedule's next event and the
 * off-site status. Nothing is cached, and a store that does not exist yet is not created.
 *
 * The shape report() returns (times are Unix times, UTC; every message is free of secrets):
 *
 *     array{
 *       generated_at: int,                      // the moment the report describes
 *       store: array{
 *         readable: bool,                       // false: the list of recovery points could not be read
 *         error: string|null,                   // why not
 *       },
 *       environments: array{
 *         production: Environment,
 *         staging: Environment,
 *       },
 *     }
 *
 *     Environment = array{
 *       environment: 'production'|'staging',
 *       available: bool,                        // staging: declared in SITE_BACKUPS_STAGING
 *       automatic: bool,                        // backed up every day from this site (production, on the production site)
 *       last_backup: Outcome|null,              // the newest backup of any trigger, made or failed; null: none known
 *       last_automatic: Outcome|null,           // the newest automatic backup, made or failed; always null for staging
 *       automatic_failing: bool,                // automatic, and the last automatic backup failed (none has succeeded since)
 *       next_automatic: int|null,               // when the next automatic backup is due; null for staging or unscheduled
 *       recovery_points: int,                   // backups of this environment kept on this server
 *       oldest_recovery_point: int|null,        // when the oldest of them began
 *       last_manual_age: int|null,              // seconds since the newest backup made by hand began; null: none kept
 *       offsite: Offsite,                       // the same for both environments: one bucket holds both
 *     }
 *
 *     Outcome = array{
 *       backup_id: string|null,                 // the recovery point; null for a failed backup
 *       job_id: string|null,                    // the job that made it or failed, when still known
 *       trigger: 'automatic'|'manual'|'safety', // safety: made by a restore before it changed anything
 *       status: 'ok'|'failed',
 *       started_at: int,
 *       finished_at: int|null,
 *       error: string|null,                     // failed only: the job's message
 *     }
 *
 *     Offsite = array{
 *       state: 'off'|'healthy'|'failing'|'untried', // untried: on, and no copy tried since the settings were made
 *       set_by_host: bool,                      // the settings come from SITE_BACKUPS_OFFSITE in wp-config.php (or its filter)
 *       message: string,                        // failing only: why
 *       failed_at: int|null,                    // failing only: when the copies began to fail, when known
 *       last_copy: int|null,                    // when the last complete copy ended
 *     }
 *
 * Recovery points are those kept on this server: a backup held only in the bucket (local copies
 * kept fewer days than the plan) is not counted, since listing the bucket is a network round trip.
 * A failed backup is known from the recent jobs (the newest 20) and, for automatic backups, from
 * LastAutomaticBackup, which keeps the last one however many jobs follow.
 */
final class SiteStatus {

	/**
	 * Sets up the status.
	 *
	 * @param BackupService       $backups          The store and this site's environments.
	 * @param DailySchedule       $schedule         The daily backup of production.
	 * @param OffsiteSettings     $offsite          The off-site settings in force.
	 * @param JobRepository       $jobs             The recent jobs.
	 * @param LastAutomaticBackup $automatic        How the last automatic backup ended.
	 * @param OffsiteFailureTime  $offsite_failures When off-site copies began to fail.
	 * @param StoreDirectory      $store            Where the store is (it is not created here).
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly DailySchedule $schedule,
		private readonly OffsiteSettings $offsite,
		private readonly JobRepository $jobs = new JobRepository(),
		private readonly LastAutomaticBackup $automatic = new LastAutomaticBackup(),
		private readonly OffsiteFailureTime $offsite_failures = new OffsiteFailureTime(),
		private readonly StoreDirectory $store = new StoreDirectory()
	) {
	}

	/**
	 * Production and staging in the plain shape described above.
	 *
	 * @param int|null $now Unix time (for tests).
	 * @return array{generated_at: int, store: array{readable: bool, error: string|null}, environments: array<string, array<string, mixed>>}
	 */
	public function report( ?int $now = null ): array {
		$now       = $now ?? time();
		$snapshots = $this->snapshots();
		return array(
			'generated_at' => $now,
			'store'        => array(
				'readable' => null === $snapshots['error'],
				'error'    => $snapshots['error'],
			),
			'environments' => array_map( static fn ( EnvironmentStatus $status ): array => $status->to_array(), $this->environments_from( $snapshots['list'], $now ) ),
		);
	}

	/**
	 * Production and staging, by name.
	 *
	 * @param int|null $now Unix time (for tests).
	 * @return array<string, EnvironmentStatus>
	 */
	public function environments( ?int $now = null ): array {
		return $this->environments_from( $this->snapshots()['list'], $now ?? time() );
	}

	/**
	 * Whether daily automatic backups run from this site (it is production).
	 */
	public function is_automatic(): bool {
		return $this->schedule->is_production();
	}

	/**
	 * When the next automatic backup is due; null where none runs or the event is missing.
	 */
	public function next_automatic(): ?int {
		if ( ! $this->is_automatic() ) {
			return null;
		}
		$next = wp_next_scheduled( DailySchedule::HOOK );
		return false === $next ? null : (int) $next;
	}

	/**
	 * The newest automatic backup of production, made or failed; null before the first one ended.
	 */
	public function last_automatic(): ?BackupOutcome {
		return $this->last_automatic_from( $this->snapshots()['list'], $this->recorded_automatic( null ) );
	}

	/**
	 * The last automatic backup when it failed and none has succeeded since; null otherwise, and
	 * where no automatic backups run. Cheap enough for every admin page: one option while all is
	 * well; the store's list is read only to confirm a failure.
	 */
	public function failed_automatic(): ?BackupOutcome {
		if ( ! $this->is_automatic() ) {
			return null;
		}
		$recorded = $this->recorded_automatic( null );
		if ( null === $recorded || ! $recorded->failed() ) {
			return null;
		}
		$last = $this->last_automatic_from( $this->snapshots()['list'], $recorded );
		return null !== $last && $last->failed() ? $last : null;
	}

	/**
	 * The off-site copies: off, or on and how they go.
	 */
	public function offsite(): OffsiteState {
		if ( ! $this->offsite->is_configured() ) {
			return new OffsiteState( OffsiteState::OFF );
		}
		$host   = $this->offsite->is_set_by_host();
		$status = OffsiteStatus::get();
		try {
			$this->offsite->s3();
			$this->offsite->sealer();
		} catch ( OffsiteSettingsError $wrong ) {
			// Settings that cannot work stop every copy before it begins.
			return new OffsiteState( OffsiteState::FAILING, $host, Redactor::redact( $wrong->getMessage() ), null, $status['last_copy'] );
		}
		if ( null === $status['healthy'] ) {
			return new OffsiteState( OffsiteState::UNTRIED, $host, '', null, $status['last_copy'] );
		}
		if ( $status['healthy'] ) {
			return new OffsiteState( OffsiteState::HEALTHY, $host, '', null, $status['last_copy'] );
		}
		return new OffsiteState( OffsiteState::FAILING, $host, Redactor::redact( $status['message'] ), $this->offsite_failures->since(), $status['last_copy'] );
	}

	/**
	 * Each environment from one listing of the store.
	 *
	 * @param list<array{id: string, parent: ?string, meta: array<string, mixed>}> $summaries Newest first.
	 * @param int                                                                  $now       Unix time.
	 * @return array<string, EnvironmentStatus>
	 */
	private function environments_from( array $summaries, int $now ): array {
		$jobs     = $this->jobs->recent();
		$offsite  = $this->offsite();
		$registry = $this->backups->environments();
		$all      = array();
		foreach ( EnvironmentRegistry::names() as $name ) {
			$production = Environment::PRODUCTION === $name;
			// Only a backup of the whole site answers "am I safe?": one of part of it (taken before
			// restoring chosen files or tables) is neither the last backup nor a recovery point here.
			$own       = array_values( array_filter( $summaries, static fn ( array $s ): bool => ( $s['meta']['environment'] ?? null ) === $name && ! isset( $s['meta']['scope'] ) ) );
			$automatic = $production ? $this->last_automatic_from( $summaries, $this->recorded_automatic( $jobs ) ) : null;
			$manual    = null;
			$oldest    = null;
			foreach ( $own as $summary ) {
				$started = (int) ( $summary['meta']['started_at'] ?? 0 );
				$oldest  = null === $oldest ? $started : min( $oldest, $started );
				if ( null === $manual && 'manual' === ( $summary['meta']['trigger'] ?? null ) ) {
					$manual = $started;
				}
			}
			$last = array() === $own ? null : BackupOutcome::from_summary( $own[0] );
			foreach ( array( $this->newest_failed_job( $jobs, $name ), $automatic ) as $candidate ) {
				if ( null !== $candidate && $candidate->failed() && $candidate->is_later_than( $last ) ) {
					$last = $candidate;
				}
			}
			$all[ $name ] = new EnvironmentStatus(
				$name,
				$production || '' === $registry->staging_problem(),
				$production && $this->is_automatic(),
				$last,
				$automatic,
				$production ? $this->next_automatic() : null,
				count( $own ),
				$oldest,
				null === $manual ? null : max( 0, $now - $manual ),
				$offsite
			);
		}
		return $all;
	}

	/**
	 * How the last automatic backup ended as written down (LastAutomaticBackup); before anything
	 * was written down (backups made by an earlier version), the newest automatic job still listed.
	 *
	 * @param array<int, Job>|null $jobs Recent jobs, newest first; null: read them if need be.
	 */
	private function recorded_automatic( ?array $jobs ): ?BackupOutcome {
		return $this->automatic->get() ?? $this->newest_automatic_job( $jobs ?? $this->jobs->recent() );
	}

	/**
	 * The newest automatic backup of production, made or failed: the one recorded, unless the
	 * store holds a later automatic backup.
	 *
	 * @param list<array{id: string, parent: ?string, meta: array<string, mixed>}> $summaries Newest first.
	 * @param BackupOutcome|null                                                   $recorded  As recorded_automatic() gives it.
	 */
	private function last_automatic_from( array $summaries, ?BackupOutcome $recorded ): ?BackupOutcome {
		$last = $recorded;
		foreach ( $summaries as $summary ) {
			$meta = $summary['meta'];
			if ( Environment::PRODUCTION !== ( $meta['environment'] ?? null ) || 'scheduled' !== ( $meta['trigger'] ?? null ) ) {
				continue;
			}
			$made = BackupOutcome::from_summary( $summary );
			if ( $made->backup_id !== $last?->backup_id && $made->is_later_than( $last ) ) {
				$last = $made;
			}
			break;
		}
		return $last;
	}

	/**
	 * The newest automatic backup job of production that has ended, from the recent jobs.
	 *
	 * @param array<int, Job> $jobs Recent jobs, newest first.
	 */
	private function newest_automatic_job( array $jobs ): ?BackupOutcome {
		foreach ( $jobs as $job ) {
			if ( 'backup' === $job->kind() && 'scheduled' === $job->param( 'trigger' ) && Environment::PRODUCTION === $job->param( 'environment' ) ) {
				$outcome = BackupOutcome::from_job( $job );
				if ( null !== $outcome ) {
					return $outcome;
				}
			}
		}
		return null;
	}

	/**
	 * The newest failed backup of an environment among the recent jobs.
	 *
	 * @param array<int, Job> $jobs Recent jobs, newest first.
	 * @param string          $name production or staging.
	 */
	private function newest_failed_job( array $jobs, string $name ): ?BackupOutcome {
		foreach ( $jobs as $job ) {
			if ( 'backup' !== $job->kind() || $job->param( 'environment' ) !== $name ) {
				continue;
			}
			$outcome = BackupOutcome::from_job( $job );
			if ( null !== $outcome && $outcome->failed() ) {
				return $outcome;
			}
		}
		return null;
	}

	/**
	 * The store's recovery points, newest first, and why they could not be listed. A store that
	 * does not exist yet holds none (and is not created by asking).
	 *
	 * @return array{list: list<array{id: string, parent: ?string, meta: array<string, mixed>}>, error: string|null}
	 */
	private function snapshots(): array {
		$path = $this->store->configured();
		if ( null === $path || ! StoreFormat::isStoreAt( $path ) ) {
			return array(
				'list'  => array(),
				'error' => null,
			);
		}
		try {
			return array(
				'list'  => $this->backups->engine()->list(),
				'error' => null,
			);
		} catch ( Throwable $unreadable ) {
			return array(
				'list'  => array(),
				'error' => Redactor::redact( $unreadable->getMessage() ),
			);
		}
	}
}
