<?php
/**
 * Where this site's backups are kept.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Backups;

use SiteBackups\Engine\Store\StoreLocation;

/**
 * The host may name the folder with SITE_BACKUPS_STORE_DIR. Otherwise the
 * store goes beside the WordPress folder, outside the web root, when that is
 * writable, and else into an unguessable folder under wp-content. The choice
 * is remembered so that every request finds the same store.
 */
final class StoreDirectory {

	public const CONSTANT = 'SITE_BACKUPS_STORE_DIR';
	public const OPTION   = 'site_backups_store_dir';

	/**
	 * The store's folder (it may not exist yet).
	 */
	public function path(): string {
		if ( defined( self::CONSTANT ) && is_string( constant( self::CONSTANT ) ) && '' !== constant( self::CONSTANT ) ) {
			return untrailingslashit( (string) constant( self::CONSTANT ) );
		}
		$remembered = get_option( self::OPTION );
		if ( is_string( $remembered ) && '' !== $remembered ) {
			return $remembered;
		}
		$chosen = StoreLocation::choose( array( dirname( untrailingslashit( ABSPATH ) ) ), WP_CONTENT_DIR, ABSPATH );
		update_option( self::OPTION, $chosen, false );
		return $chosen;
	}

	/**
	 * Whether the store lies outside the web root, where no URL can reach it.
	 */
	public function is_outside_web_root(): bool {
		$root = realpath( ABSPATH );
		return ! StoreLocation::isInside( $this->path(), false === $root ? untrailingslashit( ABSPATH ) : $root );
	}
}
