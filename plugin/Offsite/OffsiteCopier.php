<?php
/**
 * Copies published backups off-site, slice by slice, inside a job.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.

namespace SiteBackups\Offsite;

use SiteBackups\Support\Redactor;
use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Offsite\OffsiteRetention;
use SiteBackups\Engine\Retention\Deletion;
use SiteBackups\Engine\Retention\PlanRetention;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\SlotWanted;
use SiteBackups\Retention\BackupsInUse;
use SiteBackups\Retention\Plan;
use SiteBackups\Retention\RemovalBusy;
use SiteBackups\Retention\RemovalLock;
use Throwable;

/**
 * Works through a queue of snapshot ids kept in the job's state (`offsite_queue`, position in
 * the current one in `offsite_done`, bytes uploaded for it in `offsite_current_bytes`). A failure
 * never fails the backup itself, which is safe on this server: the status says what went wrong
 * and a retry is scheduled with a growing delay. Asked to make way for another job (SlotWanted),
 * it stops before its next upload; what was uploaded is marked and counts when the copy goes on.
 */
final class OffsiteCopier {

	public const RETRY_HOOK = 'site_backups_offsite_retry';

	/** Set while a copy has begun uploading and not completed (it runs, paused, failed or was cut short). */
	public const UNFINISHED_OPTION = 'site_backups_offsite_unfinished';

	/**
	 * Sets up the copier.
	 *
	 * @param BackupService  $backups The engine.
	 * @param OffsiteService $offsite The bucket.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite
	) {
	}

	/**
	 * Whether copies go off-site now (the settings may change between requests).
	 */
	public function enabled(): bool {
		return $this->offsite->enabled();
	}

	/**
	 * Local snapshots that are not off-site yet, or not signed with the recovery key in force
	 * (copied before signatures, or before the key was replaced), oldest first.
	 *
	 * @return list<string>
	 */
	public function pending(): array {
		$local = array_column( array_reverse( $this->backups->engine()->list() ), 'id' );
		try {
			$replicator = $this->offsite->replicator( $this->backups->engine()->store() );
		} catch ( Throwable $error ) {
			// Settings or the recovery key cannot be read: the first step says why and tries again later.
			return $local;
		}
		return array_values( array_filter( $local, static fn ( string $id ): bool => ! $replicator->isReplicated( $id ) ) );
	}

	/**
	 * Copies for about $seconds; returns the job with its queue moved on, or finished.
	 *
	 * @param Job                  $job     The job.
	 * @param float                $seconds Budget.
	 * @param array<string, mixed> $result  What the job reports when the queue is done.
	 */
	public function step( Job $job, float $seconds, array $result ): Job {
		$state = $job->state();
		$queue = array_values( array_filter( (array) ( $state['offsite_queue'] ?? array() ), 'is_string' ) );
		if ( ! $this->enabled() ) {
			return $job->succeeded( $result );
		}
		if ( array() === $queue ) {
			// Nothing (left) to copy: no upload waits for its record.
			delete_option( self::UNFINISHED_OPTION );
			return ( empty( $state['retention_after'] ) ? $job : $this->with_retention( $job ) )->succeeded( $result );
		}
		$id     = $queue[0];
		$wanted = new SlotWanted();
		try {
			$replicator = $this->offsite->replicator( $this->backups->engine()->store(), true, static fn (): bool => $wanted->asked( $job->id() ) );
			if ( empty( $state['offsite_prepared'] ) ) {
				update_option( self::UNFINISHED_OPTION, '1', false );
				$replicator->prepare();
				$state['offsite_prepared'] = true;
			}
			$progress = $replicator->step( $id, (int) ( $state['offsite_done'] ?? 0 ), $seconds );
		} catch ( CopyStopped $stopped ) {
			// The runner ends the job as paused before its next step.
			return $job->with_state( $state );
		} catch ( Throwable $error ) {
			return $this->failed( $job, $error->getMessage(), $result );
		}
		$state['offsite_objects']       = (int) ( $state['offsite_objects'] ?? 0 ) + $progress->objectsMoved;
		$state['offsite_bytes']         = (int) ( $state['offsite_bytes'] ?? 0 ) + $progress->bytesMoved;
		$state['offsite_current_bytes'] = (int) ( $state['offsite_current_bytes'] ?? 0 ) + $progress->bytesMoved;
		if ( ! $progress->complete ) {
			$state['offsite_done'] = $progress->done;
			return $job->with_state( $state )->with_progress( 'offsite', $progress->done, null, (int) $state['offsite_bytes'], '' );
		}
		array_shift( $queue );
		$state['offsite_queue']         = $queue;
		$state['offsite_done']          = 0;
		$state['offsite_current_bytes'] = 0;
		$job                            = $job->with_state( $state )->logged( 'info', sprintf( 'Copied %s off-site.', $id ) );
		if ( array() !== $queue ) {
			return $job->with_progress( 'offsite', 0, null, (int) $state['offsite_bytes'], '' );
		}
		OffsiteStatus::succeeded();
		$this->offsite->forget_list();
		wp_clear_scheduled_hook( self::RETRY_HOOK );
		delete_option( self::RETRY_HOOK . '_attempts' );
		delete_option( self::UNFINISHED_OPTION );
		if ( ! empty( $state['retention_after'] ) ) {
			// Every record is up now: the sweep finds nothing half-copied.
			$job = $this->with_retention( $job );
		}
		return $job->logged( 'info', sprintf( 'Off-site copies complete: %d objects, %d bytes uploaded.', (int) $state['offsite_objects'], (int) $state['offsite_bytes'] ) )
			->succeeded( $result );
	}

	/**
	 * Whether a copy began uploading and has not completed since: what it uploaded has no record
	 * in the bucket yet, and retention's sweep would delete it (it takes it for a copy cut short).
	 */
	public static function unfinished(): bool {
		wp_cache_delete( self::UNFINISHED_OPTION, 'options' );
		return (bool) get_option( self::UNFINISHED_OPTION );
	}

	/**
	 * Applies the plan off-site, and says in the job's log what went (or why nothing did).
	 *
	 * @param Job $job The copy job.
	 */
	public function with_retention( Job $job ): Job {
		try {
			$kept = $this->apply_retention( Plan::current() );
			if ( $kept['forgotten'] || $kept['local_forgotten'] ) {
				$job = $job->logged( 'info', sprintf( 'Off-site: removed %d expired backup(s) and %d unneeded object(s) (%d pack(s) deleted, %d rewritten), aborted %d unfinished upload(s); %d local copies kept off-site only.', count( $kept['forgotten'] ), $kept['objects_deleted'], $kept['packs_deleted'], $kept['packs_rewritten'], $kept['uploads_aborted'], count( $kept['local_forgotten'] ) ) );
			}
		} catch ( Throwable $error ) {
			$job = $job->logged( 'warning', 'Off-site retention was not applied: ' . $error->getMessage() );
		}
		return $job;
	}

	/**
	 * The copy job in the slot, if any: the backup it works on now (null while it is queued) and
	 * the bytes it uploaded for that one so far; null when the job is not a copy.
	 *
	 * @param Job|null $job The job in the slot.
	 * @return array{backup: string|null, done_bytes: int}|null
	 */
	public static function copying( ?Job $job ): ?array {
		if ( null === $job || CopyAfterBackup::KIND !== $job->kind() || $job->is_finished() ) {
			return null;
		}
		$state = $job->state();
		$queue = $state['offsite_queue'] ?? null;
		$now   = Job::RUNNING === $job->status() && is_array( $queue ) && is_string( $queue[0] ?? null ) ? $queue[0] : null;
		return array(
			'backup'     => $now,
			'done_bytes' => null === $now ? 0 : max( 0, (int) ( $state['offsite_current_bytes'] ?? 0 ) ),
		);
	}

	/**
	 * Applies the plan off-site (expired records and what only they needed go), then, when the
	 * host keeps local copies for fewer days, drops local backups that are safely off-site (their
	 * logs stay: the backups do). The plan's rule keeps the newest production backup in both places,
	 * and the backup a running restore or fetch reads: as in the store's own retention, records go
	 * under the RemovalLock, so no such job starts between that look and the deletion.
	 *
	 * @param Plan     $plan The plan in force.
	 * @param int|null $now  Unix time (for tests).
	 * @return array{forgotten: list<string>, objects_deleted: int, packs_deleted: int, packs_rewritten: int, uploads_aborted: int, local_forgotten: list<string>}
	 * @throws RemovalBusy When another removal or a job start held the lock all the while.
	 */
	public function apply_retention( Plan $plan, ?int $now = null ): array {
		$now        = $now ?? time();
		$engine     = $this->backups->engine();
		$replicator = $this->offsite->replicator( $engine->store() );
		$retention  = new OffsiteRetention( $engine->store(), $this->offsite->bucket(), $this->offsite->settings()->sealer(), $replicator );
		$lock       = new RemovalLock();
		$forgotten  = $lock->holding(
			static fn (): array => $retention->forgetExpired( $plan->retention()->rules( $now, ( new BackupsInUse() )->ids() ) ),
			RemovalLock::REMOVAL_SECONDS
		);
		// Outside the lock: the sweep may take minutes, and a job start only needs the records settled.
		$report = array( 'forgotten' => $forgotten ) + $retention->sweepUnneeded();
		$this->offsite->forget_list();
		$report['local_forgotten'] = array();
		$days                      = $this->offsite->settings()->local_days();
		if ( null !== $days ) {
			$deletion                  = new Deletion( $engine->store() );
			$report['local_forgotten'] = $lock->holding(
				static function () use ( $engine, $replicator, $deletion, $days, $now ): array {
					$keep = array_values( array_filter( array_column( $engine->list(), 'id' ), static fn ( string $id ): bool => ! $replicator->isReplicated( $id ) ) );
					return $deletion->forgetExpired( ( new PlanRetention( $days ) )->rules( $now, array_merge( $keep, ( new BackupsInUse() )->ids() ) ) );
				},
				RemovalLock::REMOVAL_SECONDS
			);
			if ( $report['local_forgotten'] ) {
				$deletion->sweep();
			}
		}
		return $report;
	}

	/**
	 * Records the failure, schedules a retry, and ends the job as it would have without copies.
	 *
	 * @param Job                  $job     The job.
	 * @param string               $reason  What went wrong.
	 * @param array<string, mixed> $result  The job's result.
	 */
	private function failed( Job $job, string $reason, array $result ): Job {
		/* translators: %s: what went wrong. */
		$message = sprintf( __( 'The backup is safe on this server, but copying it off-site failed: %s It will be tried again.', 'site-backups' ), rtrim( $reason, '.' ) . '.' );
		OffsiteStatus::failed( $message );
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log must know too.
		error_log( Redactor::for_log( 'Site Backups: off-site copy failed: ' . $reason ) );
		$attempts = (int) get_option( self::RETRY_HOOK . '_attempts', 0 ) + 1;
		update_option( self::RETRY_HOOK . '_attempts', $attempts, false );
		if ( ! wp_next_scheduled( self::RETRY_HOOK ) ) {
			// 5, 10, 20... minutes, at most six hours apart.
			wp_schedule_single_event( time() + (int) min( 6 * HOUR_IN_SECONDS, 5 * MINUTE_IN_SECONDS * 2 ** min( 10, $attempts - 1 ) ), self::RETRY_HOOK );
		}
		return $job->logged( 'warning', 'Off-site copy failed: ' . $reason )->succeeded( $result );
	}
}
