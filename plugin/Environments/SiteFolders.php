<?php
/**
 * The folders a WordPress site's files live in, wherever its wp-config.php puts them.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Environments;

use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Store\OpenBasedir;
use SiteBackups\Engine\Store\StoreLocation;
use SiteBackups\Support\MainSite;

/**
 * WordPress may keep wp-content (WP_CONTENT_DIR), plugins (WP_PLUGIN_DIR, WPMU_PLUGIN_DIR) and
 * uploads (UPLOADS, upload_path) outside its own folder, as Bedrock does, and serve the site from
 * the folder above it ("WordPress in its own directory"). Backups hold every one of them, each in
 * its place in WordPress's standard layout (see the engine's SiteTree).
 */
final class SiteFolders {

	/** The optional keys of SITE_BACKUPS_STAGING naming its folders, by the part of the site each holds. */
	public const STAGING_KEYS = array(
		'content_dir'   => 'wp-content',
		'plugin_dir'    => 'wp-content/plugins',
		'mu_plugin_dir' => 'wp-content/mu-plugins',
		'uploads_dir'   => 'wp-content/uploads',
		'home_dir'      => SiteTree::HOME,
	);

	/**
	 * This site's folders, by the part of the standard layout each holds. On a network, the main
	 * site's: its uploads folder holds every site's (sites/N), where another site's is sites/N.
	 *
	 * @return array<string, string>
	 */
	public static function production(): array {
		return MainSite::run( static fn (): array => self::current_site() );
	}

	/**
	 * The current site's folders, as production() gives them.
	 *
	 * @return array<string, string>
	 */
	private static function current_site(): array {
		$uploads = wp_upload_dir( null, false );
		return array_filter(
			array(
				'wp-content'            => WP_CONTENT_DIR,
				'wp-content/plugins'    => WP_PLUGIN_DIR,
				'wp-content/mu-plugins' => WPMU_PLUGIN_DIR,
				'wp-content/uploads'    => (string) ( $uploads['basedir'] ?? '' ),
				SiteTree::HOME          => self::home_folder(),
			),
			static fn ( string $folder ): bool => '' !== $folder && str_starts_with( $folder, '/' )
		);
	}

	/**
	 * The staging site's folders, as SITE_BACKUPS_STAGING declares them (content_dir, plugin_dir,
	 * mu_plugin_dir, uploads_dir, home_dir; each optional, absolute).
	 *
	 * @param array<mixed> $config The declared staging settings.
	 * @return array<string, string>
	 */
	public static function staging( array $config ): array {
		$folders = array();
		foreach ( self::STAGING_KEYS as $key => $part ) {
			if ( isset( $config[ $key ] ) && is_string( $config[ $key ] ) && str_starts_with( $config[ $key ], '/' ) ) {
				$folders[ $part ] = $config[ $key ];
			}
		}
		return $folders;
	}

	/**
	 * The site's folders that lie outside the WordPress folder, each named once (the outermost).
	 *
	 * @return list<string>
	 */
	public static function outside_wordpress_folder(): array {
		$root    = self::real( ABSPATH );
		$outside = array();
		foreach ( array_unique( array_map( array( self::class, 'real' ), array_values( self::production() ) ) ) as $folder ) {
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
