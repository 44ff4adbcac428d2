<?php
/**
 * One slice of the running job, under the slice lease.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use Throwable;

/**
 * A slice takes the lease, schedules the next slice through WP-Cron first (so a slice killed by
 * the host is picked up again once its lease expires), works within its time budget in small
 * steps (renewing the lease between them), then kicks the next slice at once.
 */
final class SliceRunner {

	public const LEASE_OPTION = 'site_backups_slice_lease';

	/** Least number of seconds past a slice's budget before another request may take over its lease. */
	public const LEASE_MARGIN = 10;

	/** Seconds a step may take before the lease is renewed and cancellation checked. */
	public const STEP_SECONDS = 5.0;

	/**
	 * Sets up the slice.
	 *
	 * @param JobRepository             $jobs     Job storage.
	 * @param ActiveJobSlot             $slot     The one-job-at-a-time slot.
	 * @param array<string, JobHandler> $handlers Handlers by job kind.
	 * @param MakeWay                   $make_way Pauses a job asked to make way.
	 * @param StepErrors                $errors   What a step that threw leaves of the job.
	 * @param SliceSchedule             $schedule The next slice through WP-Cron.
	 * @param LoopbackRequest           $loopback The next slice at once.
	 * @param JobFinisher               $finisher Frees the slot once the job ended.
	 */
	public function __construct(
		private readonly JobRepository $jobs,
		private readonly ActiveJobSlot $slot,
		private readonly array $handlers,
		private readonly MakeWay $make_way,
		private readonly StepErrors $errors,
		private readonly SliceSchedule $schedule,
		private readonly LoopbackRequest $loopback,
		private readonly JobFinisher $finisher
	) {
	}

	/**
	 * Runs one slice of the job in the slot, if no other request is running one.
	 *
	 * @param Job   $job    The job in the slot, as last read.
	 * @param float $budget Seconds to work.
	 * @return Job The job as this slice left it.
	 */
	public function run( Job $job, float $budget ): Job {
		// Twice the budget: a slice the host killed has surely stopped by then.
		$lease_seconds = (int) ceil( min( $budget, 3600 ) + max( self::LEASE_MARGIN, min( $budget, 3600 ) ) );
		$lease         = new LeaseLock( self::LEASE_OPTION, wp_generate_uuid4(), $lease_seconds );
		if ( ! $lease->acquire() ) {
			// Another request is at work. Should it die, make sure something runs once its lease lapses.
			$holder = $lease->holder();
			if ( $holder ) {
				$this->schedule->ensure_slice_at( $holder['expires'] + 1 );
			}
			return $job;
		}
		try {
			// Read again under the lease: between the look above and the lease the job may have
			// made way for another (MakeWay::made_way() pauses it under this same lease).
			$fresh = $this->jobs->find( $job->id() );
			if ( null === $fresh || $fresh->is_finished() || $this->slot->current() !== $job->id() ) {
				return $fresh ?? $job;
			}
			$job = $fresh;
			// The dead man's switch: if this request dies, WP-Cron goes on once the lease lapses.
			$this->schedule->next_slice_in( $lease_seconds + 1 );
			$job = $this->jobs->save_merged( $job->sliced() );
			$job = $this->work( $job, $budget, $lease );
		} finally {
			$lease->release();
		}
		if ( $job->is_finished() ) {
			$this->finisher->finish( $job );
		} elseif ( null === $job->waiting() ) {
			$this->loopback->send();
		}
		return $job;
	}

	/**
	 * Steps the job until it ends or the budget is spent.
	 *
	 * @param Job       $job    The active job.
	 * @param float     $budget Seconds.
	 * @param LeaseLock $lease  The slice lease, renewed between steps.
	 */
	private function work( Job $job, float $budget, LeaseLock $lease ): Job {
		$handler = $this->handlers[ $job->kind() ] ?? null;
		$start   = microtime( true );
		if ( ! $handler ) {
			/* translators: %s: a job kind such as "backup". */
			return $this->jobs->save_merged( $job->failed( sprintf( __( 'Site Backups does not know how to run a "%s" job.', 'site-backups' ), $job->kind() ) ) );
		}
		try {
			$paused = $this->make_way->make_way_here( $job, $handler );
			if ( null !== $paused ) {
				return $paused;
			}
			if ( Job::QUEUED === $job->status() && ! $job->is_cancelling() ) {
				$job = $handler->begin( $job )->logged( 'info', 'Started.' );
				$this->jobs->save( $job );
			}
			$stepped = false;
			while ( ! $job->is_finished() ) {
				if ( $this->cancel_was_requested( $job ) ) {
					$handler->discard( $job );
					return $this->jobs->save_merged( $job->cancelled() );
				}
				$paused = $this->make_way->make_way_here( $job, $handler );
				if ( null !== $paused ) {
					return $paused;
				}
				$remaining = $budget - ( microtime( true ) - $start );
				// Every slice makes progress, however small its budget.
				if ( $stepped && $remaining <= 0 ) {
					break;
				}
				$stepped_job = $handler->step( $job, max( 0.001, min( $remaining, self::STEP_SECONDS ) ) );
				if ( null !== $stepped_job->waiting() ) {
					$stepped_job = $stepped_job->database_back()->logged( 'info', 'The database answers again: the job goes on from where it stopped.' );
				}
				$job     = $this->jobs->save_merged( $stepped_job );
				$stepped = true;
				if ( ! $lease->renew() ) {
					// Another request took over after our lease lapsed: stop touching the job.
					return $job;
				}
			}
			return $job;
		} catch ( Throwable $error ) {
			return $this->errors->handle( $job, $handler, $error );
		}
	}

	/**
	 * Whether someone asked (in another request) to cancel the job.
	 *
	 * @param Job $job The job as this slice knows it.
	 */
	private function cancel_was_requested( Job $job ): bool {
		if ( $job->is_committed() ) {
			return false;
		}
		if ( $job->is_cancelling() ) {
			return true;
		}
		$stored = $this->jobs->find( $job->id() );
		return $stored && $stored->is_cancelling();
	}
}
