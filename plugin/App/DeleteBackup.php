<?php
/**
 * Deletes one backup from this server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Retention\BackupInUse;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Retention\RemovalBusy;
use SiteBackups\Retention\RemovalLock;

/**
 * Forgets the backup, then deletes the data no other backup uses; the bucket forgets its copy
 * too. Refused for a backup only the bucket holds (retention removes it there), one a running
 * restore or fetch reads from (that job could not finish) and one a backup in progress builds on.
 * The look and the deletion are one step under the RemovalLock, which a restore or fetch start
 * holds too, so no such job starts in between.
 */
final class DeleteBackup {

	/** The refusal's code while a job needs the backup. */
	private const IN_USE = 'site_backups_backup_in_use';

	/**
	 * Sets up the deletion.
	 *
	 * @param BackupCatalog  $catalog Where the backup is kept and whether it is in use.
	 * @param BackupService  $backups The local store.
	 * @param OffsiteService $offsite The bucket.
	 * @param RemovalLock    $lock    Serialises removals and the starts of jobs that read a backup.
	 */
	public function __construct(
		private readonly BackupCatalog $catalog,
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite,
		private readonly RemovalLock $lock = new RemovalLock()
	) {
	}

	/**
	 * Deletes the backup.
	 *
	 * @param string $id A valid backup id.
	 * @return array<string, mixed> The backup as the catalog had it before (BackupCatalog's Summary).
	 * @throws Refused When no backup has that id, or it cannot be deleted now.
	 */
	public function delete( string $id ): array {
		try {
			$summary = $this->lock->holding( fn (): array => $this->forget_unused( $id ), RemovalLock::REMOVAL_SECONDS );
		} catch ( RemovalBusy $busy ) {
			throw new Refused(
				self::IN_USE,
				__( 'This backup cannot be deleted right now: other backups are being removed, or a restore or fetch is starting. Try again in a moment.', 'site-backups' ),
				Refused::CONFLICT
			);
		}
		// Outside the lock, which a start waits for only a few seconds: the record is gone, so
		// nothing reads what the sweep deletes.
		$this->backups->sweep();
		return $summary;
	}

	/**
	 * Forgets the backup unless a job needs it, under the lock: no restore or fetch of it can
	 * start between the look and the forgetting.
	 *
	 * @param string $id A valid backup id.
	 * @return array<string, mixed> The backup as the catalog had it before.
	 * @throws Refused When no backup has that id, or it cannot be deleted now.
	 */
	private function forget_unused( string $id ): array {
		$summary = $this->catalog->get( $id );
		if ( ! BackupActions::held_here( $summary['locations'] ) ) {
			throw new Refused(
				'site_backups_offsite_only',
				__( 'This backup is kept only off-site, where retention removes it when it expires. It can be restored or downloaded.', 'site-backups' ),
				Refused::CONFLICT
			);
		}
		if ( $summary['in_use'] ) {
			throw new Refused(
				self::IN_USE,
				__( 'This backup cannot be deleted while a restore or fetch that uses it is running. Try again when it has finished.', 'site-backups' ),
				Refused::CONFLICT
			);
		}
		try {
			$this->backups->forget( $id );
		} catch ( BackupInUse $in_use ) {
			throw new Refused(
				self::IN_USE,
				__( 'This backup cannot be deleted while the backup that builds on it is running. Try again when it has finished.', 'site-backups' ),
				Refused::CONFLICT
			);
		}
		if ( in_array( BackupActions::OFFSITE, $summary['locations'], true ) ) {
			$this->offsite->forget_remote( $id );
		}
		return $summary;
	}
}
