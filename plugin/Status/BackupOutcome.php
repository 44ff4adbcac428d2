<?php
/**
 * How one backup ended: a recovery point, or a job that failed.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

use SiteBackups\Jobs\Job;
use SiteBackups\Support\Redactor;

/**
 * A published backup is known from its record in the store; a failed one only from its job, so
 * it carries the job's id and message instead of a backup id.
 */
final class BackupOutcome {

	public const AUTOMATIC = 'automatic';
	public const MANUAL    = 'manual';
	public const SAFETY    = 'safety';

	public const OK     = 'ok';
	public const FAILED = 'failed';

	/**
	 * Sets up the outcome.
	 *
	 * @param string      $trigger     automatic, manual or safety.
	 * @param string      $status      ok or failed.
	 * @param int         $started_at  When the backup began (Unix time).
	 * @param int|null    $finished_at When it was published or failed; null when unknown.
	 * @param string|null $backup_id   The recovery point (ok only).
	 * @param string|null $job_id      The job that made it or failed, when known.
	 * @param string|null $error       Why it failed (failed only), without secrets.
	 */
	public function __construct(
		public readonly string $trigger,
		public readonly string $status,
		public readonly int $started_at,
		public readonly ?int $finished_at = null,
		public readonly ?string $backup_id = null,
		public readonly ?string $job_id = null,
		public readonly ?string $error = null
	) {
	}

	/**
	 * A published backup, from its summary in the store.
	 *
	 * @param array{id: string, meta: array<string, mixed>} $summary As the engine lists it.
	 */
	public static function from_summary( array $summary ): self {
		$meta     = $summary['meta'];
		$finished = isset( $meta['finished_at'] ) && is_numeric( $meta['finished_at'] ) ? (int) $meta['finished_at'] : null;
		return new self( self::trigger_of( (string) ( $meta['trigger'] ?? '' ) ), self::OK, (int) ( $meta['started_at'] ?? 0 ), $finished, $summary['id'] );
	}

	/**
	 * A backup job that ended, from its record; null for one that is still going or was cancelled.
	 * A job that failed after its backup was published (in the off-site copy that follows) made a
	 * recovery point all the same.
	 *
	 * @param Job $job A backup job.
	 */
	public static function from_job( Job $job ): ?self {
		$data      = $job->to_array();
		$state     = $job->state();
		$published = Job::DONE === $job->status() || ( Job::FAILED === $job->status() && ! empty( $state['committed'] ) );
		if ( ! $job->is_finished() || Job::CANCELLED === $job->status() ) {
			return null;
		}
		$backup = $data['result']['backup'] ?? $state['backup'] ?? null;
		return new self(
			self::trigger_of( (string) $job->param( 'trigger', 'manual' ) ),
			$published ? self::OK : self::FAILED,
			(int) ( $data['created'] ?? 0 ),
			isset( $data['finished'] ) ? (int) $data['finished'] : null,
			$published && is_string( $backup ) ? $backup : null,
			$job->id(),
			$published ? null : Redactor::redact( (string) ( $data['message'] ?? '' ) )
		);
	}

	/**
	 * An outcome as to_array() gave it; null when it is not one.
	 *
	 * @param mixed $data Stored data.
	 */
	public static function from_array( mixed $data ): ?self {
		if ( ! is_array( $data ) || ! isset( $data['trigger'], $data['status'], $data['started_at'] ) ) {
			return null;
		}
		return new self(
			self::trigger_of( (string) $data['trigger'] ),
			self::FAILED === $data['status'] ? self::FAILED : self::OK,
			(int) $data['started_at'],
			isset( $data['finished_at'] ) ? (int) $data['finished_at'] : null,
			isset( $data['backup_id'] ) ? (string) $data['backup_id'] : null,
			isset( $data['job_id'] ) ? (string) $data['job_id'] : null,
			isset( $data['error'] ) ? (string) $data['error'] : null
		);
	}

	/**
	 * Whether the backup failed.
	 */
	public function failed(): bool {
		return self::FAILED === $this->status;
	}

	/**
	 * When it ended, or else when it began: the moment to tell people.
	 */
	public function time(): int {
		return $this->finished_at ?? $this->started_at;
	}

	/**
	 * Whether this one began after $other: the later of two outcomes is the one that counts.
	 *
	 * @param self|null $other Another outcome.
	 */
	public function is_later_than( ?self $other ): bool {
		return null === $other || $this->started_at > $other->started_at;
	}

	/**
	 * The plain shape.
	 *
	 * @return array{backup_id: string|null, job_id: string|null, trigger: string, status: string, started_at: int, finished_at: int|null, error: string|null}
	 */
	public function to_array(): array {
		return array(
			'backup_id'   => $this->backup_id,
			'job_id'      => $this->job_id,
			'trigger'     => $this->trigger,
			'status'      => $this->status,
			'started_at'  => $this->started_at,
			'finished_at' => $this->finished_at,
			'error'       => $this->error,
		);
	}

	/**
	 * The trigger as people say it: the engine and the jobs call an automatic backup "scheduled".
	 *
	 * @param string $trigger scheduled, manual or safety.
	 */
	private static function trigger_of( string $trigger ): string {
		return match ( $trigger ) {
			'scheduled', self::AUTOMATIC => self::AUTOMATIC,
			self::SAFETY                 => self::SAFETY,
			default                      => self::MANUAL,
		};
	}
}
