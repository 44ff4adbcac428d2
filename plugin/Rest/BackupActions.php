<?php
/**
 * What the routes of one backup accept, so the screen is told rather than left to guess.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

/**
 * Decided from where a backup is kept and whether it is verified, as the routes decide:
 * DELETE refuses a backup only the bucket holds (this server deletes its own copies; retention
 * removes the bucket's); restore, download and fetch refuse one whose record this site's
 * recovery key does not vouch for; fetch refuses one this server holds already.
 */
final class BackupActions {

	public const LOCAL   = 'local';
	public const OFFSITE = 'offsite';

	/**
	 * The decisions, as the backup's fields.
	 *
	 * @param string[] $locations Where the backup is kept: local, offsite, or both.
	 * @param bool     $verified  Whether it can be trusted.
	 * @return array{can_restore: bool, can_delete: bool, can_download: bool, can_fetch: bool}
	 */
	public static function of( array $locations, bool $verified ): array {
		$local = self::deletable( $locations );
		return array(
			'can_restore'  => $verified,
			'can_delete'   => $local,
			'can_download' => $verified,
			'can_fetch'    => ! $local && $verified,
		);
	}

	/**
	 * Whether DELETE /backups/{id} may delete it: this server holds a copy.
	 *
	 * @param string[] $locations Where the backup is kept.
	 */
	public static function deletable( array $locations ): bool {
		return in_array( self::LOCAL, $locations, true );
	}
}
