<?php
/**
 * Where a restore finds a backup kept only off-site.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Restore;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Offsite\TransferProgress;
use SiteBackups\Engine\Restore\OffsiteBackups;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Jobs\JobFailure;
use SiteBackups\Offsite\OffsiteService;

/**
 * The bucket as the plugin set it up, for the engine's restore: its records (checked against their
 * signatures) and the fetch of a backup into the local store.
 */
final class OffsiteFetch implements OffsiteBackups {

	/**
	 * Sets up the source.
	 *
	 * @param BackupService       $backups The engine and its store.
	 * @param OffsiteService|null $offsite The bucket, null when this site has none.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly ?OffsiteService $offsite
	) {
	}

	/**
	 * The backup's record, from the bucket (or the local store, when there is no bucket: it then
	 * says the backup is not there).
	 *
	 * @param string $id A backup id.
	 */
	public function record( string $id ): SnapshotRecord {
		return null === $this->offsite ? $this->backups->engine()->snapshot( $id ) : $this->offsite->record( $id );
	}

	/**
	 * One slice of bringing the backup into the local store, each object checked.
	 *
	 * @param string $id      A backup id.
	 * @param int    $done    References already fetched.
	 * @param float  $seconds Budget.
	 * @throws JobFailure When off-site copies are not set up.
	 */
	public function fetch( string $id, int $done, float $seconds ): TransferProgress {
		if ( null === $this->offsite ) {
			throw new JobFailure( __( 'This backup is kept off-site, and off-site copies are not set up.', 'site-backups' ) );
		}
		return $this->offsite->fetcher( $this->backups->engine()->store() )->step( $id, $done, $seconds );
	}

	/**
	 * The backup is in the local store: it counts as copied from now on.
	 *
	 * @param string $id A backup id.
	 */
	public function fetched( string $id ): void {
		$this->offsite?->fetched( $this->backups->engine()->store(), $id );
	}
}
