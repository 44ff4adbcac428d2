<?php
/**
 * Runs long jobs in short slices on hosts that kill PHP after 30 seconds.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * One job at a time per site (ActiveJobSlot), run in slices (SliceRunner) that WP-Cron
 * (SliceSchedule) and loopback requests (LoopbackRequest) set going. Under WP-CLI the whole job
 * runs in one process instead, and so does a job that the system cron starts or carries on
 * (`wp cron event run`). Where loopback requests are blocked, VisitorCron carries the job on in
 * visitors' requests. An off-site copy in the slot makes way for any other job (MakeWay).
 */
final class JobRunner {

	public const SLICE_HOOK        = SliceSchedule::SLICE_HOOK;
	public const WATCHDOG_HOOK     = SliceSchedule::WATCHDOG_HOOK;
	public const BUSY_OPTION       = SliceSchedule::BUSY_OPTION;
	public const EVERY_MINUTE      = SliceSchedule::EVERY_MINUTE;
	public const LOOPBACK_ACTION   = LoopbackRequest::ACTION;
	public const TOKEN_OPTION      = LoopbackRequest::TOKEN_OPTION;
	public const LEASE_OPTION      = SliceRunner::LEASE_OPTION;
	public const DATABASE_PATIENCE = StepErrors::DATABASE_PATIENCE;

	/**
	 * The events that carry a job on.
	 *
	 * @var SliceSchedule
	 */
	private SliceSchedule $schedule;

	/**
	 * The request that starts the next slice at once.
	 *
	 * @var LoopbackRequest
	 */
	private LoopbackRequest $loopback;

	/**
	 * Lets an off-site copy in the slot make way.
	 *
	 * @var MakeWay
	 */
	private MakeWay $make_way;

	/**
	 * Runs one slice under the lease.
	 *
	 * @var SliceRunner
	 */
	private SliceRunner $slices;

	/**
	 * Sets up the runner; nothing is registered yet.
	 *
	 * @param JobRepository             $jobs       Job storage.
	 * @param ActiveJobSlot             $slot       The one-job-at-a-time slot.
	 * @param array<string, JobHandler> $handlers   Handlers by job kind.
	 * @param HostCheck|null            $host_check What this host lacks for each kind of job; none: not asked.
	 */
	public function __construct(
		private readonly JobRepository $jobs,
		private readonly ActiveJobSlot $slot,
		private readonly array $handlers,
		private readonly ?HostCheck $host_check = null
	) {
		$this->schedule = new SliceSchedule();
		$this->loopback = new LoopbackRequest();
		$finisher       = new JobFinisher( $slot, $this->schedule );
		$this->make_way = new MakeWay( $jobs, $slot, $handlers, $finisher );
		$this->slices   = new SliceRunner( $jobs, $slot, $handlers, $this->make_way, new StepErrors( $jobs, $this->schedule ), $this->schedule, $this->loopback, $finisher );
	}

	/**
	 * The kinds of job this runner can run, in the order it was given them.
	 *
	 * @return list<string>
	 */
	public function kinds(): array {
		return array_keys( $this->handlers );
	}

	/**
	 * Hooks the slice into WP-Cron and the loopback request.
	 */
	public function register(): void {
		add_action( self::SLICE_HOOK, array( $this, 'run_scheduled_slice' ) );
		add_action( self::WATCHDOG_HOOK, array( $this, 'run_scheduled_slice' ) );
		add_filter( 'cron_schedules', array( $this->schedule, 'add_minute_schedule' ) );
		add_action( 'init', array( $this->schedule, 'ensure_watchdog' ) );
		add_action( 'wp_ajax_nopriv_' . self::LOOPBACK_ACTION, array( $this, 'handle_loopback' ) );
		add_action( 'wp_ajax_' . self::LOOPBACK_ACTION, array( $this, 'handle_loopback' ) );
	}

	/**
	 * Queues a job and sets it going.
	 *
	 * @param Job $job A new job.
	 * @throws JobConflict When another job holds the slot.
	 */
	public function start( Job $job ): Job {
		$this->refuse_what_this_host_cannot_run( $job );
		$job = $job->logged( 'info', StartedBy::sentence( $job ) );
		// Saved before the slot is claimed: whoever finds the slot taken must
		// also find the job in it, or it would take the slot for stale.
		$this->jobs->save( $job );
		if ( ! $this->slot->claim( $job->id() ) ) {
			$running = $this->active();
			if ( null !== $running && $this->make_way->can_make_way( $running, $job ) ) {
				if ( $this->make_way->made_way( $running, $job ) ) {
					return $this->started( $job );
				}
				$running = $this->active();
			}
			if ( ! $running ) {
				// The slot named a job that has ended or vanished: free it once.
				$stale = $this->slot->current();
				if ( null !== $stale ) {
					$this->slot->free( $stale );
				}
				if ( $this->slot->claim( $job->id() ) ) {
					return $this->started( $job );
				}
				$running = $this->active();
			}
			$this->jobs->delete( $job->id() );
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- the argument is the running job, not a message; JobConflict's own message is fixed plain text.
			throw new JobConflict( $running ?? $job );
		}
		return $this->started( $job );
	}

	/**
	 * Stops a job this host lacks something for before it starts, rather than let it fail halfway.
	 * Nobody waits on a scheduled job's answer, so it is recorded as a failed job (listed on the
	 * screen, mailed to the admin) and logged.
	 *
	 * @param Job $job The job about to start.
	 * @throws JobRefused Naming what is missing.
	 */
	private function refuse_what_this_host_cannot_run( Job $job ): void {
		$cannot = $this->host_check?->blocking( $job->kind() );
		if ( null === $cannot ) {
			return;
		}
		if ( 'scheduled' === $job->param( 'trigger' ) ) {
			$failed = $job->failed( $cannot['message'] . ' ' . $cannot['fix'] );
			$this->jobs->save( $failed );
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log shows why a scheduled job did not run.
			error_log( sprintf( 'Site Backups: a scheduled %s cannot run on this host: %s', $job->kind(), $cannot['message'] ) );
			/** This action is documented in plugin/Jobs/JobFinisher.php */
			do_action( 'site_backups_job_finished', $failed );
		}
		// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- the argument is the host check's finding; callers escape its text where they print HTML.
		throw new JobRefused( $cannot );
	}

	/**
	 * Sets a job that holds the slot going.
	 *
	 * @param Job $job The job.
	 */
	private function started( Job $job ): Job {
		$this->schedule->job_started();
		if ( self::in_cli() && 'scheduled' === $job->param( 'trigger' ) ) {
			// The system cron started it: no time limit here, and nothing need wait for a visitor.
			return $this->run_to_end() ?? $job;
		}
		$this->loopback->send();
		return $job;
	}

	/**
	 * The job in the slot, if it is still going.
	 */
	public function active(): ?Job {
		$id = $this->slot->current();
		if ( null === $id ) {
			return null;
		}
		$job = $this->jobs->find( $id );
		return ( $job && ! $job->is_finished() ) ? $job : null;
	}

	/**
	 * Asks a job to stop at its next unit of work.
	 *
	 * @param string $id Job id.
	 * @throws JobConflict When the job is past the point where it can stop.
	 */
	public function cancel( string $id ): ?Job {
		$job = $this->jobs->find( $id );
		if ( ! $job || $job->is_finished() ) {
			return $job;
		}
		if ( $job->is_committed() ) {
			// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- the argument is the running job, not a message; JobConflict's own message is fixed plain text.
			throw new JobConflict( $job );
		}
		$job = $job->cancel_requested()->logged( 'info', 'Cancellation requested.' );
		$this->jobs->save( $job );
		$this->loopback->send();
		return $job;
	}

	/**
	 * Runs one slice of the active job, if no other request is running one.
	 *
	 * @param float|null $budget Seconds to work; null for the host-safe default.
	 * @return Job|null The job as this slice left it.
	 */
	public function run_slice( ?float $budget = null ): ?Job {
		$job = $this->active();
		if ( ! $job ) {
			return null;
		}
		return $this->slices->run( $job, $budget ?? SliceBudget::seconds() );
	}

	/**
	 * The slice WP-Cron runs: in a web request, one slice; under WP-CLI (the system
	 * cron), the job to its end.
	 */
	public function run_scheduled_slice(): void {
		if ( self::in_cli() ) {
			$this->run_to_end();
			return;
		}
		$this->run_slice();
	}

	/**
	 * Whether this process is WP-CLI's, where PHP has no time limit.
	 */
	private static function in_cli(): bool {
		return defined( 'WP_CLI' ) && WP_CLI;
	}

	/**
	 * Runs the active job to its end in this process (WP-CLI), waiting instead of spinning
	 * while another request holds the slice lease (a step that changes nothing).
	 *
	 * @param (callable(Job): void)|null $on_progress Called after every step.
	 */
	public function run_to_end( ?callable $on_progress = null ): ?Job {
		$job  = $this->active();
		$id   = (string) $job?->id();
		$last = null;
		while ( $job && ! $job->is_finished() ) {
			if ( $this->slot->current() !== $id ) {
				// It made way for another job, which is not this run's to work on.
				return $this->jobs->find( $id );
			}
			$job = $this->run_slice( SliceRunner::STEP_SECONDS );
			if ( ! $job ) {
				break;
			}
			if ( $job->id() !== $id ) {
				return $this->jobs->find( $id );
			}
			if ( null !== $on_progress ) {
				$on_progress( $job );
			}
			$now = wp_json_encode( array( $job->status(), $job->to_array()['progress'] ?? null ) );
			if ( $now === $last ) {
				usleep( 100000 );
			}
			$last = $now;
		}
		return $job;
	}

	/**
	 * The loopback request's handler: checks the token, then runs a slice.
	 */
	public function handle_loopback(): void {
		$this->loopback->admit();
		$this->run_slice();
		wp_send_json_success();
	}
}
