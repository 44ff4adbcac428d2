<?php
/**
 * What can be done with one backup, so the screen is told rather than left to guess.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

/**
 * Decided from where a backup is kept, whether it is verified and whether a running job uses it,
 * as the routes decide: DELETE refuses a backup only the bucket holds (this server deletes its own
 * copies; retention removes the bucket's) and one a running restore or fetch reads from; restore,
 * download and fetch refuse one whose record this site's recovery key does not vouch for; fetch
 * refuses one this server holds already.
 */
final class BackupActions {

	public const LOCAL   = 'local';
	public const OFFSITE = 'offsite';

	/**
	 * The decisions, as the backup's fields.
	 *
	 * @param string[] $locations Where the backup is kept: local, offsite, or both.
	 * @param bool     $verified  Whether it can be trusted.
	 * @param bool     $in_use    Whether a running restore or fetch uses it.
	 * @return array{can_restore: bool, can_delete: bool, can_download: bool, can_fetch: bool}
	 */
	public static function of( array $locations, bool $verified, bool $in_use = false ): array {
		$here = self::held_here( $locations );
		return array(
			'can_restore'  => $verified,
			'can_delete'   => $here && ! $in_use,
			'can_download' => $verified,
			'can_fetch'    => ! $here && $verified,
		);
	}

	/**
	 * Whether this server holds a copy (the only kind DELETE removes).
	 *
	 * @param string[] $locations Where the backup is kept.
	 */
	public static function held_here( array $locations ): bool {
		return in_array( self::LOCAL, $locations, true );
	}
}
