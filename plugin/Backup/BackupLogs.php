<?php
/**
 * The log of the job that made a backup, kept as long as the backup.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Backup;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\StartedBy;
use SiteBackups\Support\Redactor;

/**
 * One option per backup (not autoloaded), written when the job ends and
 * deleted when the backup is.
 */
final class BackupLogs {

	private const PREFIX = 'site_backups_log_';

	/**
	 * Hooks the saving of logs to the end of backup jobs.
	 */
	public function register(): void {
		add_action( 'site_backups_job_finished', array( $this, 'keep_log_of' ) );
	}

	/**
	 * Keeps the log of a finished backup job with its backup.
	 *
	 * @param Job $job The job that ended.
	 */
	public function keep_log_of( Job $job ): void {
		$backup = (string) ( $job->to_array()['result']['backup'] ?? '' );
		if ( 'backup' === $job->kind() && Job::DONE === $job->status() && '' !== $backup ) {
			update_option( self::PREFIX . $backup, self::redacted( (array) ( $job->to_array()['log'] ?? array() ) ), false );
		}
		$this->keep_safety_log_of( $job );
	}

	/**
	 * A restore's safety backup has no job of its own: its log says what started it, then the
	 * restore's lines that name it. Kept whatever became of the restore, once the backup is published.
	 *
	 * @param Job $job A restore job that ended.
	 */
	private function keep_safety_log_of( Job $job ): void {
		$state  = $job->state();
		$safety = is_string( $state['safety'] ?? null ) ? $state['safety'] : '';
		if ( 'restore' !== $job->kind() || '' === $safety || empty( $state['safety_done'] ) ) {
			return;
		}
		$raw   = $job->to_array();
		$lines = array(
			array(
				'time'    => (int) ( $raw['created'] ?? 0 ),
				'level'   => 'info',
				'message' => ( new StartedBy( 0, StartedBy::RESTORE ) )->in_words(),
			),
		);
		foreach ( (array) ( $raw['log'] ?? array() ) as $line ) {
			if ( is_array( $line ) && str_contains( (string) ( $line['message'] ?? '' ), $safety ) ) {
				$lines[] = $line;
			}
		}
		update_option( self::PREFIX . $safety, self::redacted( $lines ), false );
	}

	/**
	 * A backup's log lines: time, level, message.
	 *
	 * @param string $backup Backup id.
	 * @return list<array{time: int, level: string, message: string}>
	 */
	public function get( string $backup ): array {
		$log = get_option( self::PREFIX . $backup, array() );
		return is_array( $log ) ? self::redacted( $log ) : array();
	}

	/**
	 * Log lines with their messages redacted (logs kept before redaction are cleaned on the way out).
	 *
	 * @param array<mixed> $log Log lines.
	 * @return list<array{time: int, level: string, message: string}>
	 */
	private static function redacted( array $log ): array {
		$lines = array();
		foreach ( $log as $line ) {
			if ( is_array( $line ) ) {
				$lines[] = array(
					'time'    => (int) ( $line['time'] ?? 0 ),
					'level'   => (string) ( $line['level'] ?? 'info' ),
					'message' => Redactor::redact( (string) ( $line['message'] ?? '' ) ),
				);
			}
		}
		return $lines;
	}

	/**
	 * Deletes the logs of backups that are gone.
	 *
	 * @param string[] $backups Backup ids.
	 */
	public function forget( array $backups ): void {
		foreach ( $backups as $backup ) {
			delete_option( self::PREFIX . $backup );
		}
	}
}
