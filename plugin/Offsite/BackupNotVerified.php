<?php
/**
 * A backup whose record in the bucket this site's recovery key does not vouch for.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use RuntimeException;
use SiteBackups\Engine\Offsite\RecordVerification;

/**
 * Anyone who can write to the bucket could have made such a record: it is listed, never restored,
 * fetched or downloaded. Its message tells the administrator how to make it usable.
 */
final class BackupNotVerified extends RuntimeException {

	/**
	 * Builds the message.
	 *
	 * @param string $reason One of RecordVerification::REASONS.
	 */
	public function __construct( public readonly string $reason ) {
		parent::__construct(
			sprintf(
				/* translators: 1: why, such as "no signature", 2: the wp-config.php constant. */
				__( 'This backup is not verified (%1$s): its record in the off-site bucket may have been written by someone else, so it cannot be restored, fetched or downloaded. If it was made on another server, set that server\'s recovery key in the off-site settings, with wp site-backups recovery-key set, or as %2$s in wp-config.php.', 'site-backups' ),
				self::reason_label( $reason ),
				RecoveryKeys::CONSTANT
			)
		);
	}

	/**
	 * The reason in the site's language.
	 *
	 * @param string $reason One of RecordVerification::REASONS.
	 */
	public static function reason_label( string $reason ): string {
		return match ( $reason ) {
			RecordVerification::NO_SIGNATURE => __( 'no signature', 'site-backups' ),
			RecordVerification::OTHER_KEY    => __( 'signed with another recovery key', 'site-backups' ),
			RecordVerification::MISMATCH     => __( 'signature does not match', 'site-backups' ),
			default                          => $reason,
		};
	}
}
