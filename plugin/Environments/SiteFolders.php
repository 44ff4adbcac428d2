<?php
/**
 * The folders a WordPress site's files live in, wherever its wp-config.php puts them.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Environments;

use SiteBackups\Engine\Store\OpenBasedir;
use SiteBackups\Engine\Store\StoreLocation;

/**
 * WordPress may keep wp-content (WP_CONTENT_DIR), plugins (WP_PLUGIN_DIR, WPMU_PLUGIN_DIR) and
 * uploads (UPLOADS, upload_path) outside its own folder, as Bedrock does, and serve the site from
 * the folder above it ("WordPress in its own directory"). Backups hold the WordPress folder.
 */
final class SiteFolders {

	/**
	 * The site's folders that lie outside the WordPress folder, each named once (the outermost).
	 *
	 * @return list<string>
	 */
	public static function outside_wordpress_folder(): array {
		$root    = self::real( ABSPATH );
		$uploads = wp_upload_dir( null, false );
		$folders = array( WP_CONTENT_DIR, WP_PLUGIN_DIR, WPMU_PLUGIN_DIR, (string) ( $uploads['basedir'] ?? '' ), self::home_folder() );
		$outside = array();
		foreach ( array_unique( array_filter( array_map( array( self::class, 'real' ), array_filter( $folders ) ) ) ) as $folder ) {
			if ( ! StoreLocation::isInside( $folder, $root ) ) {
				$outside[] = $folder;
			}
		}
		// The outermost only: uploads inside an outside wp-content is named by wp-content.
		return array_values(
			array_filter(
				$outside,
				static function ( string $folder ) use ( $outside ): bool {
					foreach ( $outside as $other ) {
						if ( $other !== $folder && StoreLocation::isInside( $folder, $other ) ) {
							return false;
						}
					}
					return true;
				}
			)
		);
	}

	/**
	 * The folder the home URL is served from, when it is not the WordPress folder.
	 */
	private static function home_folder(): string {
		$home = (string) wp_parse_url( home_url(), PHP_URL_PATH );
		$site = (string) wp_parse_url( site_url(), PHP_URL_PATH );
		$home = trim( $home, '/' );
		$site = trim( $site, '/' );
		if ( $home === $site || '' === $site || ( '' !== $home && ! str_starts_with( $site, $home . '/' ) ) ) {
			return '';
		}
		// WordPress at /wp with the site at /: the home folder is as many levels above as /wp is deep.
		$depth = substr_count( $site, '/' ) + 1 - ( '' === $home ? 0 : substr_count( $home, '/' ) + 1 );
		return $depth > 0 ? dirname( untrailingslashit( ABSPATH ), $depth ) : '';
	}

	/**
	 * A folder's real path, or the path as given when it does not exist; no trailing slash.
	 *
	 * @param string $folder A path.
	 */
	private static function real( string $folder ): string {
		$real = '' === $folder || ! OpenBasedir::allows( $folder ) ? false : realpath( $folder );
		return untrailingslashit( false === $real ? $folder : $real );
	}
}
