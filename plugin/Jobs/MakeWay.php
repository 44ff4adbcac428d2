<?php
/**
 * A job that can wait makes way for one that cannot.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * While a Preemptible job (an off-site copy) holds the slot, a backup, restore or fetch being
 * started does not get 409: the copy ends as paused, at once when no slice works on it, else
 * once its slice sees the request (SlotWanted) and stops at its next step.
 */
final class MakeWay {

	/** How long a job being started waits for a preemptible job's slice to stop (seconds). */
	private const WAIT_SECONDS = 6.0;

	/**
	 * Sets up the hand-over.
	 *
	 * @param JobRepository             $jobs     Job storage.
	 * @param ActiveJobSlot             $slot     The one-job-at-a-time slot.
	 * @param array<string, JobHandler> $handlers Handlers by job kind.
	 * @param JobFinisher               $finisher Ends the job that made way.
	 */
	public function __construct(
		private readonly JobRepository $jobs,
		private readonly ActiveJobSlot $slot,
		private readonly array $handlers,
		private readonly JobFinisher $finisher
	) {
	}

	/**
	 * Whether the job in the slot can wait (Preemptible: an off-site copy) and the one being
	 * started cannot (another copy waits its turn).
	 *
	 * @param Job $running The job in the slot.
	 * @param Job $for     The job being started.
	 */
	public function can_make_way( Job $running, Job $for ): bool {
		return ( $this->handlers[ $running->kind() ] ?? null ) instanceof Preemptible
			&& ! ( ( $this->handlers[ $for->kind() ] ?? null ) instanceof Preemptible );
	}

	/**
	 * Lets a job in the slot that can wait make way for one that cannot. With no slice at work on
	 * it (its lease can be taken) it ends as paused here; else its slice is asked to stop at its
	 * next step (SlotWanted) and waited for a few seconds, after which it is ended here as well.
	 * A slice still uploading then keeps the request and pauses at its next upload.
	 * Either way one slice at a time works, under the lease.
	 *
	 * @param Job $running The job in the slot, which can_make_way().
	 * @param Job $for     The job being started.
	 * @return bool Whether $for holds the slot now (false: the slice did not stop in time, or
	 *              another start was quicker).
	 */
	public function made_way( Job $running, Job $for ): bool {
		$handler = $this->handlers[ $running->kind() ] ?? null;
		if ( ! $handler instanceof Preemptible ) {
			return false;
		}
		$wanted   = new SlotWanted();
		$lease    = new LeaseLock( SliceRunner::LEASE_OPTION, wp_generate_uuid4(), SliceRunner::LEASE_MARGIN );
		$deadline = microtime( true ) + self::WAIT_SECONDS;
		$asked    = false;
		do {
			if ( $this->slot->current() !== $running->id() ) {
				// Its own slice paused it, or it ended: the slot is free.
				return $this->slot->claim( $for->id() );
			}
			if ( $lease->acquire() ) {
				$paused = null;
				try {
					$stored = $this->jobs->find( $running->id() );
					if ( null !== $stored && ! $stored->is_finished() ) {
						$paused = $this->jobs->save_merged( $stored->paused( $handler->pause_note( $stored ) ) );
					}
				} finally {
					$lease->release();
				}
				if ( null !== $paused ) {
					$wanted->withdraw( $running->id() );
					$this->finisher->finish( $paused );
					return $this->slot->claim( $for->id() );
				}
				// Its slice ended it a moment ago; its finish() frees the slot next.
			} elseif ( ! $asked ) {
				$wanted->ask( $running->id() );
				$asked = true;
			}
			usleep( 100000 );
		} while ( microtime( true ) < $deadline );
		// The request stays: the copy pauses at its next upload, and the start can be tried again.
		return $this->slot->current() !== $running->id() && $this->slot->claim( $for->id() );
	}

	/**
	 * In a slice: ends a preemptible job as paused when a job being started asked it to make way;
	 * null when none asked (or it cannot make way).
	 *
	 * @param Job        $job     The job as this slice knows it.
	 * @param JobHandler $handler Its handler.
	 */
	public function make_way_here( Job $job, JobHandler $handler ): ?Job {
		$wanted = new SlotWanted();
		if ( ! $handler instanceof Preemptible || ! $wanted->asked( $job->id() ) ) {
			return null;
		}
		$paused = $this->jobs->save_merged( $job->paused( $handler->pause_note( $job ) ) );
		$wanted->withdraw( $job->id() );
		return $paused;
	}
}
