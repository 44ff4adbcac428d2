<?php
/**
 * Checks a backup's stored data against its hashes, here or in the bucket.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Verify\VerifyReport;
use SiteBackups\Offsite\OffsiteService;

/**
 * Every piece is read again (or a random sample of them); the bucket's copy is downloaded
 * piece by piece into a scratch folder and dropped again.
 */
final class VerifyBackup {

	/**
	 * Sets up the check.
	 *
	 * @param BackupService  $backups The local store.
	 * @param OffsiteService $offsite The bucket.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite
	) {
	}

	/**
	 * Checks the copy on this server.
	 *
	 * @param string   $id     A valid backup id.
	 * @param int|null $sample How many pieces to check at random; null for all.
	 * @throws Refused When this server does not hold the backup.
	 */
	public function here( string $id, ?int $sample ): VerifyReport {
		$engine = $this->backups->engine();
		if ( ! $engine->store()->snapshots()->has( $id ) ) {
			throw Refused::no_backup();
		}
		return $engine->verify( $id, $sample );
	}

	/**
	 * Checks the copy in the off-site bucket.
	 *
	 * @param string $id A valid backup id.
	 * @throws Refused When copies do not go off-site, or the bucket does not hold the backup.
	 */
	public function offsite( string $id ): VerifyReport {
		$store = $this->backups->engine()->store();
		if ( ! $this->offsite->enabled() ) {
			throw new Refused( 'site_backups_offsite_disabled', __( 'Off-site copies are not set up.', 'site-backups' ), Refused::CONFLICT );
		}
		if ( ! $this->offsite->has( $id ) ) {
			throw Refused::no_backup();
		}
		return $this->offsite->verifier( $store )->verify( $id );
	}
}
