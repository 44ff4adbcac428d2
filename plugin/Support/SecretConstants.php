<?php
/**
 * The wp-config.php constants that hold the plugin's secrets.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Support;

/**
 * Named once, down here, for the classes that read them (off-site settings, the recovery key)
 * and for those that keep their values out of backups, which sit below those readers.
 */
final class SecretConstants {

	/** The off-site bucket's settings: an array with the secret and the encryption key. */
	public const OFFSITE = 'SITE_BACKUPS_OFFSITE';

	/** The recovery key that signs what goes to the bucket. */
	public const RECOVERY_KEY = 'SITE_BACKUPS_RECOVERY_KEY';
}
