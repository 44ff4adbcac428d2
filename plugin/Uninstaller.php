<?php
/**
 * What deleting the plugin removes: its schedule and settings, and the
 * backups themselves only when the admin asked for that.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\StoreFormat;

/**
 * Backups outlive the plugin by default: a site owner who deletes it to
 * reinstall it, or by mistake, must still find every recovery point.
 */
final class Uninstaller {

	public const DELETE_BACKUPS_OPTION = 'site_backups_delete_on_uninstall';

	/**
	 * Whether the admin chose to delete the backups with the plugin.
	 */
	public static function deletes_backups(): bool {
		return (bool) filter_var( get_option( self::DELETE_BACKUPS_OPTION, '0' ), FILTER_VALIDATE_BOOLEAN );
	}

	/**
	 * Runs when the plugin is deleted.
	 */
	public static function uninstall(): void {
		Plugin::deactivate();
		$store  = ( new StoreDirectory() )->configured();
		$delete = self::deletes_backups();
		// Only a folder that is a store goes, never one an option merely names (uploads, or /).
		if ( $delete && null !== $store && is_dir( $store ) && StoreFormat::isStoreAt( $store ) ) {
			Durable::removeTree( $store );
		}
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one-time cleanup of the plugin's own rows.
		$names = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'site_backups_' ) . '%' ) );
		foreach ( $names as $name ) {
			// The kept store must be found again after a reinstall.
			if ( $delete || StoreDirectory::OPTION !== $name ) {
				delete_option( $name );
			}
		}
	}
}
