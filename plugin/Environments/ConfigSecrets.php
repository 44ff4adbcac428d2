<?php
/**
 * What a backup leaves out of the sites' wp-config.php files.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Environments;

use SiteBackups\Engine\Files\SecretRedaction;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Support\SecretConstants;

/**
 * The bucket's secret, the encryption key and the recovery key would sit in clear in every
 * backup (and every bucket copy and download) with the wp-config.php that holds them: the
 * stored copy has them replaced by a note to set them again on a new server. Restores never
 * write wp-config.php, so nothing is lost.
 */
final class ConfigSecrets {

	/** Constants (and their array keys, none for the whole value) whose values never leave the server. */
	public const CONSTANTS = array(
		SecretConstants::OFFSITE      => array( 'secret', 'encryption_key' ),
		SecretConstants::RECOVERY_KEY => array(),
	);

	/** When a wp-config.php cannot be parsed, every constant with this prefix loses its values. */
	public const FALLBACK_PREFIX = 'SITE_BACKUPS_';

	/**
	 * The rules for a backup of a site: the wp-config.php of every known site that lies inside it,
	 * where WordPress keeps it or one folder above (WordPress's other place for it), by its path in
	 * the backup.
	 *
	 * @param SiteTree $site  The backed-up site's files.
	 * @param string[] $sites The folders of every site this plugin knows (production, staging).
	 */
	public static function for_site( SiteTree $site, array $sites ): SecretRedaction {
		$paths = array();
		foreach ( $sites as $root ) {
			$root = untrailingslashit( $root );
			foreach ( array( $root . '/wp-config.php', dirname( $root ) . '/wp-config.php' ) as $config ) {
				$path = $site->relativeOf( $config );
				if ( null !== $path && '' !== $path ) {
					$paths[] = $path;
				}
			}
		}
		return new SecretRedaction( $paths, self::CONSTANTS, self::FALLBACK_PREFIX );
	}
}
