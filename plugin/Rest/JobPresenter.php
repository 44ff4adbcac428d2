<?php
/**
 * A job as it leaves the server: for REST answers and WP-CLI alike.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Jobs\Job;
use SiteBackups\Support\IsoTime;
use SiteBackups\Support\Redactor;

/**
 * Nothing of a job's internal state and no path leaves the server; what the screen may do with
 * the job (cancel it) is decided here, so the screen never guesses it from phase names.
 */
final class JobPresenter {

	/** The fields of a job's result the screen may see. */
	private const RESULT_FIELDS = array( 'backup', 'safety_backup', 'environment', 'parts' );

	/** The fields of a job's params the screen may see (never exclusions or paths). */
	private const PARAM_FIELDS = array( 'backup', 'environment', 'parts', 'safety_backup' );

	/**
	 * A job's public fields (JobSchema describes them).
	 *
	 * @param Job $job The job.
	 * @return array<string, mixed>
	 */
	public static function data( Job $job ): array {
		$raw      = $job->to_array();
		$progress = is_array( $raw['progress'] ?? null ) ? $raw['progress'] : array();
		$done     = (int) ( $progress['done'] ?? 0 );
		$total    = isset( $progress['total'] ) ? (int) $progress['total'] : null;
		$percent  = null;
		if ( Job::DONE === $job->status() ) {
			$percent = 100;
		} elseif ( null !== $total && $total > 0 ) {
			$percent = max( 0, min( 100, intdiv( $done * 100, $total ) ) );
		}
		return array(
			'id'          => $job->id(),
			'kind'        => $job->kind(),
			'status'      => $job->status(),
			'environment' => (string) $job->param( 'environment', '' ),
			'trigger'     => (string) $job->param( 'trigger', 'manual' ),
			'note'        => (string) $job->param( 'note', '' ),
			'created'     => IsoTime::from( (int) ( $raw['created'] ?? 0 ) ),
			'updated'     => IsoTime::from( (int) ( $raw['updated'] ?? 0 ) ),
			'finished'    => IsoTime::from( isset( $raw['finished'] ) ? (int) $raw['finished'] : null ),
			'progress'    => array(
				'phase'   => (string) ( $progress['phase'] ?? '' ),
				'done'    => $done,
				'total'   => $total,
				'percent' => $percent,
				'bytes'   => (int) ( $progress['bytes'] ?? 0 ),
				'current' => Redactor::redact( (string) ( $progress['current'] ?? '' ) ),
				'files'   => self::count( $progress['files'] ?? null ),
				'tables'  => self::count( $progress['tables'] ?? null ),
			),
			'cancelling'  => $job->is_cancelling(),
			'waiting'     => self::waiting( $job ),
			'message'     => Redactor::redact( (string) ( $raw['message'] ?? '' ) ),
			'result'      => (object) self::public_fields( is_array( $raw['result'] ?? null ) ? $raw['result'] : array(), self::RESULT_FIELDS ),
			'params'      => (object) self::public_fields( is_array( $raw['params'] ?? null ) ? $raw['params'] : array(), self::PARAM_FIELDS ),
			'committed'   => $job->is_committed(),
			'can_cancel'  => self::can_cancel( $job ),
			'log'         => self::log( is_array( $raw['log'] ?? null ) ? $raw['log'] : array() ),
		);
	}

	/**
	 * Whether POST /jobs/{id}/cancel would stop the job: it has not ended and is not past its point
	 * of no return (a restore switching the site over), the same test JobRunner::cancel() refuses
	 * with a conflict.
	 *
	 * @param Job $job The job.
	 */
	public static function can_cancel( Job $job ): bool {
		return ! $job->is_finished() && ! $job->is_committed();
	}

	/**
	 * A job's log lines for people: times in ISO 8601, messages without secrets.
	 *
	 * @param array<mixed> $log Lines as the job stored them.
	 * @return list<array{time: string|null, level: string, message: string}>
	 */
	public static function log( array $log ): array {
		$lines = array();
		foreach ( $log as $line ) {
			if ( ! is_array( $line ) ) {
				continue;
			}
			$lines[] = array(
				'time'    => IsoTime::from( (int) ( $line['time'] ?? 0 ) ),
				'level'   => (string) ( $line['level'] ?? 'info' ),
				'message' => Redactor::redact( (string) ( $line['message'] ?? '' ) ),
			);
		}
		return $lines;
	}

	/**
	 * Units of one kind counted (files, tables), or null when the job counts none.
	 *
	 * @param mixed $count As the job recorded it.
	 * @return array{done: int, total: int|null}|null
	 */
	private static function count( $count ): ?array {
		if ( ! is_array( $count ) || ! isset( $count['done'] ) ) {
			return null;
		}
		return array(
			'done'  => (int) $count['done'],
			'total' => isset( $count['total'] ) ? (int) $count['total'] : null,
		);
	}

	/**
	 * Whether the job waits for its database, for the screen.
	 *
	 * @param Job $job The job.
	 * @return array{since: string|null, reason: string}|null
	 */
	private static function waiting( Job $job ): ?array {
		$waiting = $job->waiting();
		return null === $waiting ? null : array(
			'since'  => IsoTime::from( $waiting['since'] ),
			'reason' => Redactor::redact( $waiting['reason'] ),
		);
	}

	/**
	 * The fields of a job's params or result the screen may see.
	 *
	 * @param array<mixed> $values All of them.
	 * @param string[]     $names  The public ones.
	 * @return array<string, mixed>
	 */
	private static function public_fields( array $values, array $names ): array {
		$public = array();
		foreach ( $names as $name ) {
			if ( array_key_exists( $name, $values ) && ( is_scalar( $values[ $name ] ) || null === $values[ $name ] || is_array( $values[ $name ] ) ) ) {
				$public[ $name ] = is_array( $values[ $name ] ) ? array_values( array_filter( $values[ $name ], 'is_string' ) ) : $values[ $name ];
			}
		}
		return $public;
	}
}
