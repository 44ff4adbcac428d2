<?php
/**
 * Runs long jobs in short slices on hosts that kill PHP after 30 seconds.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use SiteBackups\Support\Redactor;
use SiteBackups\Engine\Database\ConnectionLost;
use Throwable;

/**
 * One job at a time per site. Each slice takes the slice lease, schedules
 * the next slice through WP-Cron first (so a slice killed by the host is
 * picked up again once its lease expires), works within its time budget in
 * small steps (renewing the lease between them), then kicks the next slice
 * at once with a non-blocking loopback request. Under WP-CLI the whole job
 * runs in one process instead, and so does a job that the system cron starts
 * or carries on (`wp cron event run`). Where loopback requests are blocked,
 * VisitorCron carries the job on in visitors' requests.
 */
final class JobRunner {

	public const SLICE_HOOK      = 'site_backups_run_slice';
	public const LOOPBACK_ACTION = 'site_backups_slice';
	public const TOKEN_OPTION    = 'site_backups_loopback_token';
	public const LEASE_OPTION    = 'site_backups_slice_lease';
	public const WATCHDOG_HOOK   = 'site_backups_watchdog';
	public const BUSY_OPTION     = 'site_backups_busy';
	public const EVERY_MINUTE    = 'site_backups_every_minute';

	/** Seconds a step may take before the lease is renewed and cancellation checked. */
	private const STEP_SECONDS = 5.0;

	/** Least number of seconds past a slice's budget before another request may take over its lease. */
	private const LEASE_MARGIN = 10;

	/** How long a job being started waits for a preemptible job's slice to stop (seconds). */
	private const MAKE_WAY_SECONDS = 6.0;

	/** How long a job waits for a database that went away before it fails (seconds). */
	public const DATABASE_PATIENCE = 1800;

	/** The first wait for the database, doubled at each attempt up to the longest (seconds). */
	private const DATABASE_RETRY_FIRST = 15;
	private const DATABASE_RETRY_MAX   = 300;

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
		add_filter( 'cron_schedules', array( $this, 'add_minute_schedule' ) );
		add_action( 'init', array( $this, 'ensure_watchdog' ) );
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
			if ( null !== $running && $this->can_make_way( $running, $job ) ) {
				if ( $this->made_way( $running, $job ) ) {
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
	 * Whether the job in the slot can wait (Preemptible: an off-site copy) and the one being
	 * started cannot (another copy waits its turn).
	 *
	 * @param Job $running The job in the slot.
	 * @param Job $for     The job being started.
	 */
	private function can_make_way( Job $running, Job $for ): bool {
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
	private function made_way( Job $running, Job $for ): bool {
		$handler = $this->handlers[ $running->kind() ] ?? null;
		if ( ! $handler instanceof Preemptible ) {
			return false;
		}
		$wanted   = new SlotWanted();
		$lease    = new LeaseLock( self::LEASE_OPTION, wp_generate_uuid4(), self::LEASE_MARGIN );
		$deadline = microtime( true ) + self::MAKE_WAY_SECONDS;
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
						$paused = $this->save_merged( $stored->paused( $handler->pause_note( $stored ) ) );
					}
				} finally {
					$lease->release();
				}
				if ( null !== $paused ) {
					$wanted->withdraw( $running->id() );
					$this->finish( $paused );
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
			/** This action is documented in plugin/Jobs/JobRunner.php */
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
		update_option( self::BUSY_OPTION, '1', true );
		$this->ensure_watchdog();
		$this->schedule_next_slice( 0 );
		if ( self::in_cli() && 'scheduled' === $job->param( 'trigger' ) ) {
			// The system cron started it: no time limit here, and nothing need wait for a visitor.
			return $this->run_to_end() ?? $job;
		}
		$this->kick();
		return $job;
	}

	/**
	 * Keeps a once-a-minute event while a job runs. Requests that run
	 * WP-Cron at the same time can each save a stale copy of the event list
	 * and drop the one-off slice event; every request checks this one is
	 * there (from an autoloaded flag, so at no cost when no job runs).
	 */
	public function ensure_watchdog(): void {
		if ( get_option( self::BUSY_OPTION ) && ! wp_next_scheduled( self::WATCHDOG_HOOK ) ) {
			wp_schedule_event( time() + MINUTE_IN_SECONDS, self::EVERY_MINUTE, self::WATCHDOG_HOOK );
		}
	}

	/**
	 * Adds the once-a-minute schedule the watchdog uses.
	 *
	 * @param array<string, array{interval: int, display: string}> $schedules WP-Cron schedules.
	 * @return array<string, array{interval: int, display: string}>
	 */
	public function add_minute_schedule( $schedules ) {
		$schedules[ self::EVERY_MINUTE ] = array(
			'interval' => MINUTE_IN_SECONDS,
			'display'  => __( 'Once a minute while a backup runs', 'site-backups' ),
		);
		return $schedules;
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
		$this->kick();
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
		$budget = $budget ?? SliceBudget::seconds();
		// Twice the budget: a slice the host killed has surely stopped by then.
		$lease_seconds = (int) ceil( min( $budget, 3600 ) + max( self::LEASE_MARGIN, min( $budget, 3600 ) ) );
		$lease         = new LeaseLock( self::LEASE_OPTION, wp_generate_uuid4(), $lease_seconds );
		if ( ! $lease->acquire() ) {
			// Another request is at work. Should it die, make sure something runs once its lease lapses.
			$holder = $lease->holder();
			if ( $holder && ! wp_next_scheduled( self::SLICE_HOOK ) ) {
				wp_schedule_single_event( $holder['expires'] + 1, self::SLICE_HOOK );
			}
			return $job;
		}
		try {
			// Read again under the lease: between the look above and the lease the job may have
			// made way for another (made_way() pauses it under this same lease).
			$fresh = $this->jobs->find( $job->id() );
			if ( null === $fresh || $fresh->is_finished() || $this->slot->current() !== $job->id() ) {
				return $fresh ?? $job;
			}
			$job = $fresh;
			// The dead man's switch: if this request dies, WP-Cron goes on once the lease lapses.
			$this->schedule_next_slice( $lease_seconds + 1 );
			$job = $this->save_merged( $job->sliced() );
			$job = $this->work( $job, $budget, $lease );
		} finally {
			$lease->release();
		}
		if ( $job->is_finished() ) {
			$this->finish( $job );
		} elseif ( null === $job->waiting() ) {
			$this->kick();
		}
		return $job;
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
			$job = $this->run_slice( self::STEP_SECONDS );
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
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- authenticated by the loopback token instead: the request carries no user.
		$token = isset( $_POST['token'] ) ? sanitize_text_field( wp_unslash( $_POST['token'] ) ) : '';
		if ( ! hash_equals( $this->token(), $token ) ) {
			wp_send_json_error( null, 403 );
		}
		if ( function_exists( 'ignore_user_abort' ) ) {
			// Hosts may disable it; the loopback's client hangs up at once anyway, and PHP-FPM goes on.
			ignore_user_abort( true );
		}
		LoopbackRecord::arrived();
		$this->run_slice();
		wp_send_json_success();
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
			return $this->save_merged( $job->failed( sprintf( __( 'Site Backups does not know how to run a "%s" job.', 'site-backups' ), $job->kind() ) ) );
		}
		try {
			$paused = $this->make_way_here( $job, $handler );
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
					return $this->save_merged( $job->cancelled() );
				}
				$paused = $this->make_way_here( $job, $handler );
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
				$job     = $this->save_merged( $stepped_job );
				$stepped = true;
				if ( ! $lease->renew() ) {
					// Another request took over after our lease lapsed: stop touching the job.
					return $job;
				}
			}
			return $job;
		} catch ( Throwable $error ) {
			return ConnectionLost::isCause( $error ) ? $this->wait_for_database( $job, $handler, $error ) : $this->fail( $job, $handler, $error );
		}
	}

	/**
	 * A database that went away is weather: the job keeps its work and its state, and a later
	 * slice (sooner at first, then less often) carries on once it answers. Only after
	 * DATABASE_PATIENCE without an answer does the job fail.
	 *
	 * @param Job        $job     The job as it was before the step that met the lost database.
	 * @param JobHandler $handler Its handler.
	 * @param Throwable  $error   What the server or the client said.
	 */
	private function wait_for_database( Job $job, JobHandler $handler, Throwable $error ): Job {
		$reason  = ( ConnectionLost::find( $error ) ?? $error )->getMessage();
		$waiting = $job->waiting();
		if ( null !== $waiting && time() - $waiting['since'] >= self::DATABASE_PATIENCE ) {
			$reason = sprintf(
				/* translators: 1: minutes, 2: what the database server said. */
				__( 'the database did not answer for %1$d minutes (%2$s)', 'site-backups' ),
				intdiv( self::DATABASE_PATIENCE, MINUTE_IN_SECONDS ),
				rtrim( $reason, '.' )
			);
			return $this->fail( $job->database_back(), $handler, new JobFailure( $handler->explain_failure( $job, $reason ), 0, $error ) );
		}
		$job = $job->waiting_for_database( $reason );
		if ( null === $waiting ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says why the job pauses.
			error_log( Redactor::for_log( sprintf( 'Site Backups: %s job %s is waiting for the database, its work kept: %s', $job->kind(), $job->id(), $reason ) ) );
			$job = $job->logged( 'warning', 'Waiting for the database (its work is kept): ' . $reason );
		}
		$attempts = (int) ( $job->waiting()['attempts'] ?? 1 );
		$this->schedule_next_slice( (int) min( self::DATABASE_RETRY_MAX, self::DATABASE_RETRY_FIRST * 2 ** min( 10, $attempts - 1 ) ) );
		return $this->save_merged( $job );
	}

	/**
	 * Records the failure first, and cleans up only once it is recorded: a failure that could not
	 * be written (the database went away meanwhile) leaves the job's work for the next slice.
	 *
	 * @param Job        $job     The job as it was before the failing step.
	 * @param JobHandler $handler Its handler.
	 * @param Throwable  $error   Why it failed.
	 */
	private function fail( Job $job, JobHandler $handler, Throwable $error ): Job {
		$message = $error instanceof JobFailure ? $error->getMessage() : $handler->explain_failure( $job, $error->getMessage() );
		$failed  = $this->save_merged( $job->failed( $message ) );
		if ( Job::FAILED !== $this->jobs->find( $job->id() )?->status() ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says what happened.
			error_log( Redactor::for_log( sprintf( 'Site Backups: %s job %s met an error but could not record it; its work is kept for the next attempt: %s', $job->kind(), $job->id(), $error->getMessage() ) ) );
			return $job;
		}
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- failures must reach the host's log too.
		error_log( Redactor::for_log( sprintf( 'Site Backups: %s job %s failed: %s', $job->kind(), $job->id(), $error->getMessage() ) ) );
		try {
			$handler->discard( $job );
		} catch ( Throwable $cleanup ) {
			$failed = $this->save_merged( $failed->logged( 'warning', 'Cleanup after the failure also failed: ' . $cleanup->getMessage() ) );
		}
		return $failed;
	}

	/**
	 * Ends a preemptible job as paused when a job being started asked it to make way; null when
	 * none asked (or it cannot make way).
	 *
	 * @param Job        $job     The job as this slice knows it.
	 * @param JobHandler $handler Its handler.
	 */
	private function make_way_here( Job $job, JobHandler $handler ): ?Job {
		$wanted = new SlotWanted();
		if ( ! $handler instanceof Preemptible || ! $wanted->asked( $job->id() ) ) {
			return null;
		}
		$paused = $this->save_merged( $job->paused( $handler->pause_note( $job ) ) );
		$wanted->withdraw( $job->id() );
		return $paused;
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

	/**
	 * Saves the job without losing a cancellation asked for meanwhile.
	 *
	 * @param Job $job The job as this slice left it.
	 */
	private function save_merged( Job $job ): Job {
		$stored = $this->jobs->find( $job->id() );
		if ( $stored && $stored->is_cancelling() && ! $job->is_cancelling() ) {
			$job = $job->cancel_requested();
		}
		$this->jobs->save( $job );
		return $job;
	}

	/**
	 * Frees the slot and the schedule after the job ended.
	 *
	 * @param Job $job The finished job.
	 */
	private function finish( Job $job ): void {
		// The schedule is the slot holder's: a job that made way leaves the next one's alone.
		$held = $this->slot->current() === $job->id();
		$this->slot->free( $job->id() );
		if ( $held ) {
			delete_option( self::BUSY_OPTION );
			wp_clear_scheduled_hook( self::SLICE_HOOK );
			wp_clear_scheduled_hook( self::WATCHDOG_HOOK );
		}
		/**
		 * Fires when a job has ended: done, failed or cancelled.
		 *
		 * @param Job $job The job.
		 */
		do_action( 'site_backups_job_finished', $job );
	}

	/**
	 * Schedules the next slice through WP-Cron.
	 *
	 * @param int $delay Seconds from now.
	 */
	private function schedule_next_slice( int $delay ): void {
		// A single event identical to one within ten minutes is refused: replace it.
		wp_clear_scheduled_hook( self::SLICE_HOOK );
		wp_schedule_single_event( time() + $delay, self::SLICE_HOOK );
	}

	/**
	 * Starts the next slice at once with a non-blocking request to this site.
	 */
	private function kick(): void {
		if ( self::in_cli() ) {
			return;
		}
		LoopbackRecord::sent();
		wp_remote_post(
			admin_url( 'admin-ajax.php' ),
			array(
				'blocking'  => false,
				'timeout'   => 0.5,
				'sslverify' => false,
				'body'      => array(
					'action' => self::LOOPBACK_ACTION,
					'token'  => $this->token(),
				),
			)
		);
	}

	/**
	 * The secret that proves a loopback request came from this site.
	 */
	private function token(): string {
		$token = get_option( self::TOKEN_OPTION );
		if ( ! is_string( $token ) || strlen( $token ) < 32 ) {
			$token = wp_generate_password( 48, false );
			update_option( self::TOKEN_OPTION, $token, false );
		}
		return $token;
	}
}
