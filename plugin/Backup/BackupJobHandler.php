<?php
/**
 * A backup job: begin, step and publish through the engine, then prune.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Backup;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobFailure;
use SiteBackups\Jobs\JobHandler;
use SiteBackups\Retention\Plan;
use Throwable;

/**
 * The engine keeps the backup's cursor in its store; the job keeps only the
 * snapshot id it will publish, so any request can carry on. The job ends at
 * publish: the backup can be restored, downloaded or copied from then on, and
 * what follows (its off-site copy) is a job of its own once this one has freed
 * the slot, started by whoever listens to `site_backups_job_finished`.
 */
final class BackupJobHandler implements JobHandler {

	/** Below this much free space, a failed write is a full disk. */
	private const FULL_DISK_BYTES = 16 * 1048576;

	/**
	 * Sets up the handler.
	 *
	 * @param BackupService $backups The engine and environments.
	 */
	public function __construct( private readonly BackupService $backups ) {
	}

	/**
	 * Begins the engine's backup of the job's environment.
	 *
	 * @param Job $job A queued backup job.
	 * @throws JobFailure When the environment is unknown or the store cannot be written.
	 */
	public function begin( Job $job ): Job {
		$name        = (string) $job->param( 'environment' );
		$environment = $this->backups->environments()->get( $name );
		if ( null === $environment ) {
			/* translators: %s: environment name. */
			throw new JobFailure( sprintf( __( 'The %s environment is not configured, so it cannot be backed up.', 'site-backups' ), $name ) );
		}
		try {
			$id = $this->backups->engine()->beginBackup(
				$environment,
				(string) $job->param( 'trigger', 'manual' ),
				(string) $job->param( 'note', '' ),
				(string) get_bloginfo( 'version' ),
				SITE_BACKUPS_VERSION,
				array_values( array_filter( (array) $job->param( 'exclusions', Exclusions::saved() ), 'is_string' ) )
			);
		} catch ( Throwable $error ) {
			/* translators: %s: the technical reason. */
			throw new JobFailure( sprintf( __( 'The backup could not start: %s. Earlier backups are intact.', 'site-backups' ), rtrim( $this->with_disk_space( $error->getMessage() ), '.' ) ), 0, $error );
		}
		return $job->with_state( array( 'backup' => $id ) )
			->with_progress( 'files', 0, null, 0, '' )
			->logged( 'info', sprintf( 'Backing up %s as %s.', $name, $id ) );
	}

	/**
	 * Works on the backup; publishes and prunes when it is complete, which ends the job.
	 *
	 * @param Job   $job     A running backup job.
	 * @param float $seconds Time budget.
	 * @throws JobFailure When the backup stops, saying where and what was kept.
	 */
	public function step( Job $job, float $seconds ): Job {
		$id     = (string) ( $job->state()['backup'] ?? '' );
		$engine = $this->backups->engine();
		try {
			$progress = $engine->step( $id, $seconds );
			// The engine's names are camelCase; read them as an array here.
			$done = $progress->toArray();
			if ( ! $progress->isReady() ) {
				return $job->with_progress( (string) $done['phase'], (int) $done['unitsDone'], null === $done['unitsTotal'] ? null : (int) $done['unitsTotal'], (int) $done['bytesRead'], (string) $done['currentFolder'], BackupCounts::of( $done ) );
			}
			$job    = $job->with_progress( 'publishing', (int) $done['unitsDone'], (int) $done['unitsDone'], (int) $done['bytesRead'], '', BackupCounts::of( $done ) );
			$record = $engine->publish( $id );
		} catch ( Throwable $error ) {
			// The cause stays attached: a database that went away is still told from a failure.
			throw new JobFailure( $this->explain_failure( $job, $error->getMessage() ), 0, $error );
		}
		$meta = $record->meta;
		$job  = $job->with_progress( 'done', (int) $done['unitsDone'], (int) $done['unitsDone'], (int) $done['bytesRead'], '', BackupCounts::of( $done ) )
			->logged( 'info', sprintf( 'Published %s: %d bytes, %d newly stored.', $id, (int) ( $meta['logical_bytes'] ?? 0 ), (int) ( $meta['new_bytes'] ?? 0 ) ) );
		try {
			$forgotten = $this->backups->prune( Plan::current() );
			if ( $forgotten ) {
				$job = $job->logged( 'info', sprintf( 'Removed %d expired backup(s).', count( $forgotten ) ) );
			}
		} catch ( Throwable $error ) {
			// The new backup is safe; a failed prune is retried by the daily one.
			$job = $job->logged( 'warning', 'Expired backups were not removed: ' . $error->getMessage() );
		}
		return $job->succeeded( array( 'backup' => $id ) );
	}

	/**
	 * What the administrator reads when the backup stops: where it was, why, and what was kept.
	 *
	 * @param Job    $job    The backup job.
	 * @param string $reason What went wrong.
	 */
	public function explain_failure( Job $job, string $reason ): string {
		$phase = (string) ( $job->to_array()['progress']['phase'] ?? '' );
		$where = match ( true ) {
			str_starts_with( $phase, 'source:' ) => __( 'while copying the database', 'site-backups' ),
			'publishing' === $phase              => __( 'while saving the finished backup', 'site-backups' ),
			default                              => __( 'while copying the files', 'site-backups' ),
		};
		/* translators: 1: where the backup was, e.g. "while copying the files", 2: what went wrong. */
		return sprintf( __( 'The backup stopped %1$s: %2$s. Nothing was published, and earlier backups are intact.', 'site-backups' ), $where, rtrim( $this->with_disk_space( $reason ), '.' ) );
	}

	/**
	 * Names a full disk for what it is: a failed write says little on its own.
	 *
	 * @param string $reason What went wrong.
	 */
	private function with_disk_space( string $reason ): string {
		$free = $this->backups->store_free_bytes();
		if ( null === $free || $free >= self::FULL_DISK_BYTES ) {
			return $reason;
		}
		/* translators: 1: free space such as "12 KB", 2: what went wrong. */
		return sprintf( __( 'the disk that holds the backups is full (%1$s free): %2$s', 'site-backups' ), size_format( $free ), rtrim( $reason, '.' ) );
	}

	/**
	 * Abandons the engine's backup; nothing is published.
	 *
	 * @param Job $job The backup job.
	 */
	public function discard( Job $job ): void {
		$id = (string) ( $job->state()['backup'] ?? '' );
		if ( '' !== $id ) {
			$this->backups->engine()->cancel( $id );
		}
	}
}
