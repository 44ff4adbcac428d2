<?php
/**
 * One long piece of work (a backup, later a restore) and everything the
 * screen and support need to know about it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use SiteBackups\Support\Redactor;

/**
 * Persisted between requests as an array; the handler keeps its own resume
 * state (the engine's cursor lives in the engine's store) under `state`.
 */
final class Job {

	public const QUEUED    = 'queued';
	public const RUNNING   = 'running';
	public const DONE      = 'done';
	public const FAILED    = 'failed';
	public const CANCELLED = 'cancelled';
	public const PAUSED    = 'paused';

	private const MAX_LOG_LINES = 500;

	/**
	 * Builds a job from its parts; use create() for a new one.
	 *
	 * @param array<string, mixed> $data All fields, as toArray() gives them.
	 */
	private function __construct( private array $data ) {
	}

	/**
	 * A new queued job.
	 *
	 * @param string               $kind   What the job does, e.g. "backup".
	 * @param array<string, mixed> $params What it was asked to do (environment, trigger, note...).
	 * @param int                  $user   The user who asked, 0 for the schedule.
	 */
	public static function create( string $kind, array $params, int $user ): self {
		$now = time();
		return new self(
			array(
				'id'         => str_replace( '-', '', wp_generate_uuid4() ),
				'kind'       => $kind,
				'status'     => self::QUEUED,
				'params'     => $params,
				'user'       => $user,
				'created'    => $now,
				'updated'    => $now,
				'finished'   => null,
				'progress'   => array(
					'phase'   => 'queued',
					'done'    => 0,
					'total'   => null,
					'bytes'   => 0,
					'current' => '',
				),
				'result'     => array(),
				'message'    => '',
				'cancelling' => false,
				'state'      => array(),
				'log'        => array(),
				'slices'     => 0,
			)
		);
	}

	/**
	 * A job read back from storage.
	 *
	 * @param array<string, mixed> $data As toArray() gave it.
	 */
	public static function from_array( array $data ): self {
		return new self( $data );
	}

	/**
	 * Every field, for storage.
	 *
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return $this->data;
	}

	/**
	 * The job's id: 32 hex characters.
	 */
	public function id(): string {
		return (string) $this->data['id'];
	}

	/**
	 * What the job does.
	 */
	public function kind(): string {
		return (string) $this->data['kind'];
	}

	/**
	 * One of the status constants.
	 */
	public function status(): string {
		return (string) $this->data['status'];
	}

	/**
	 * Whether the job has ended, one way or another.
	 */
	public function is_finished(): bool {
		return in_array( $this->status(), array( self::DONE, self::FAILED, self::CANCELLED, self::PAUSED ), true );
	}

	/**
	 * A request parameter.
	 *
	 * @param string $key     Parameter name.
	 * @param mixed  $default Value when absent.
	 * @return mixed
	 */
	public function param( string $key, mixed $default = null ): mixed {
		return $this->data['params'][ $key ] ?? $default;
	}

	/**
	 * The handler's own resume state.
	 *
	 * @return array<string, mixed>
	 */
	public function state(): array {
		return (array) $this->data['state'];
	}

	/**
	 * Replaces the handler's resume state.
	 *
	 * @param array<string, mixed> $state JSON-serialisable.
	 */
	public function with_state( array $state ): self {
		return $this->with( 'state', $state );
	}

	/**
	 * Records progress for the screen.
	 *
	 * @param string                                           $phase   What is being done, e.g. "files" or "database".
	 * @param int                                              $done    Units done.
	 * @param int|null                                         $total   Units in all, when known.
	 * @param int                                              $bytes   Bytes read so far.
	 * @param string                                           $current The folder or table being worked on.
	 * @param array<string, array{done: int, total: int|null}> $counts  Files and tables counted, whatever the phase (see BackupCounts).
	 */
	public function with_progress( string $phase, int $done, ?int $total, int $bytes, string $current, array $counts = array() ): self {
		return $this->with( 'status', self::RUNNING )->with( 'progress', compact( 'phase', 'done', 'total', 'bytes', 'current' ) + $counts );
	}

	/**
	 * Counts one more slice (request) that worked on the job.
	 */
	public function sliced(): self {
		return $this->with( 'slices', (int) ( $this->data['slices'] ?? 0 ) + 1 );
	}

	/**
	 * How many slices (requests) have worked on the job.
	 */
	public function slices(): int {
		return (int) ( $this->data['slices'] ?? 0 );
	}

	/**
	 * Marks the job done with what it produced.
	 *
	 * @param array<string, mixed> $result E.g. the new backup's id.
	 */
	public function succeeded( array $result ): self {
		return $this->ended( self::DONE, '' )->with( 'result', $result );
	}

	/**
	 * Marks the job failed with a message an administrator can act on.
	 *
	 * @param string $message Translated, plain text.
	 */
	public function failed( string $message ): self {
		return $this->ended( self::FAILED, $message )->logged( 'error', $message );
	}

	/**
	 * Marks the job cancelled.
	 */
	public function cancelled(): self {
		return $this->ended( self::CANCELLED, '' )->logged( 'info', 'Cancelled.' );
	}

	/**
	 * Marks the job paused: it made way for another job and loses nothing (what it did counts
	 * when the same work starts again).
	 *
	 * @param string $note Why, and what was kept, for the log.
	 */
	public function paused( string $note ): self {
		return $this->ended( self::PAUSED, '' )->logged( 'info', $note );
	}

	/**
	 * Asks the job to stop at the next unit of work.
	 */
	public function cancel_requested(): self {
		return $this->with( 'cancelling', true );
	}

	/**
	 * Whether someone asked the job to stop.
	 */
	public function is_cancelling(): bool {
		return (bool) $this->data['cancelling'];
	}

	/**
	 * Whether the job has begun changing things it cannot take back (a restore switching the
	 * site over): it can then only go forward, and cancelling is refused.
	 */
	public function is_committed(): bool {
		return ! empty( $this->state()['committed'] );
	}

	/**
	 * Marks the job as waiting for its database to answer again: the work is kept, and the next
	 * slice tries again later. The first time and the attempts are kept across slices.
	 *
	 * @param string $reason What the server said, for the log and the screen.
	 */
	public function waiting_for_database( string $reason ): self {
		$waiting = $this->waiting();
		return $this->with(
			'waiting',
			array(
				'since'    => null === $waiting ? time() : $waiting['since'],
				'attempts' => null === $waiting ? 1 : $waiting['attempts'] + 1,
				'reason'   => Redactor::redact( $reason ),
			)
		);
	}

	/**
	 * Since when and how often the job has found its database gone; null while it answers.
	 *
	 * @return array{since: int, attempts: int, reason: string}|null
	 */
	public function waiting(): ?array {
		$waiting = $this->data['waiting'] ?? null;
		if ( ! is_array( $waiting ) ) {
			return null;
		}
		return array(
			'since'    => (int) ( $waiting['since'] ?? 0 ),
			'attempts' => (int) ( $waiting['attempts'] ?? 1 ),
			'reason'   => (string) ( $waiting['reason'] ?? '' ),
		);
	}

	/**
	 * The job's database answers again.
	 */
	public function database_back(): self {
		return $this->with( 'waiting', null );
	}

	/**
	 * Adds a line to the job's log (newest last, the oldest dropped past a cap). The log is kept
	 * in the database, which every backup copies: no secret goes in.
	 *
	 * @param string $level   info, warning or error.
	 * @param string $message What happened.
	 */
	public function logged( string $level, string $message ): self {
		$log   = (array) $this->data['log'];
		$log[] = array(
			'time'    => time(),
			'level'   => $level,
			'message' => Redactor::redact( $message ),
		);
		return $this->with( 'log', array_slice( $log, -self::MAX_LOG_LINES ) );
	}

	/**
	 * A copy with one field changed and the update time moved on.
	 *
	 * @param string $key   Field.
	 * @param mixed  $value New value.
	 */
	private function with( string $key, mixed $value ): self {
		$data            = $this->data;
		$data[ $key ]    = $value;
		$data['updated'] = time();
		return new self( $data );
	}

	/**
	 * A copy that has ended with a status and message.
	 *
	 * @param string $status  Final status.
	 * @param string $message Message for the administrator.
	 */
	private function ended( string $status, string $message ): self {
		return $this->with( 'status', $status )->with( 'message', Redactor::redact( $message ) )->with( 'finished', time() );
	}
}
