<?php
/**
 * A job that brings a backup kept only off-site back to this server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Offsite;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Offsite\RecordNotVerified;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobHandler;

/**
 * Fetches slice by slice, each object checked against its hash; the backup is listed on this
 * server only once every object is here. Then it downloads at once, and restores without a fetch.
 */
final class FetchJobHandler implements JobHandler {

	/**
	 * Sets up the handler.
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
	 * Starts with the first object.
	 *
	 * @param Job $job A queued job.
	 */
	public function begin( Job $job ): Job {
		return $job->with_state( array( 'fetched' => 0 ) )
			->with_progress( 'fetching', 0, null, 0, '' )
			->logged( 'info', sprintf( 'Fetching backup %s from off-site storage.', (string) $job->param( 'backup' ) ) );
	}

	/**
	 * Fetches for about $seconds.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget.
	 * @throws BackupNotVerified When the record is not signed with this site's recovery key: nothing of it is written.
	 */
	public function step( Job $job, float $seconds ): Job {
		$id    = (string) $job->param( 'backup' );
		$state = $job->state();
		try {
			$progress = $this->offsite->fetcher( $this->backups->engine()->store() )->step( $id, (int) ( $state['fetched'] ?? 0 ), $seconds );
		} catch ( RecordNotVerified $refused ) {
			// The record or the key changed since the fetch was asked for: the job fails, saying why.
			throw new BackupNotVerified( $refused->reason );
		}
		$bytes = (int) ( $state['bytes'] ?? 0 ) + $progress->bytesMoved;
		$state = array(
			'fetched' => $progress->done,
			'bytes'   => $bytes,
		);
		$job   = $job->with_state( $state )->with_progress( 'fetching', $progress->done, null, $bytes, '' );
		if ( ! $progress->complete ) {
			return $job;
		}
		$this->offsite->fetched( $this->backups->engine()->store(), $id );
		return $job
			->logged( 'info', sprintf( 'Fetched backup %s from off-site storage: %d bytes.', $id, $bytes ) )
			->succeeded( array( 'backup' => $id ) );
	}

	/**
	 * Nothing to undo: objects fetched so far are not listed, and the store's next sweep drops them.
	 *
	 * @param Job $job The job.
	 */
	public function discard( Job $job ): void {
	}

	/**
	 * The fetch stopped; the site and its backups were not touched.
	 *
	 * @param Job    $job    The job.
	 * @param string $reason What went wrong.
	 */
	public function explain_failure( Job $job, string $reason ): string {
		/* translators: %s: what went wrong. */
		return sprintf( __( 'Fetching the backup from off-site storage stopped: %s. Nothing was changed on this site, and its backups are intact.', 'site-backups' ), rtrim( $reason, '.' ) );
	}
}
