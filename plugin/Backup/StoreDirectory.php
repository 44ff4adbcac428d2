<?php
/**
 * Where this site's backups are kept.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Backup;

use SiteBackups\Engine\Store\ServedFolders;
use SiteBackups\Engine\Store\StoreLocation;
use SiteBackups\Environments\EnvironmentRegistry;

/**
 * The host may name the folder with SITE_BACKUPS_STORE_DIR. Otherwise the
 * store goes outside every folder the web server may serve (the document
 * root worked out from the site's URLs and folder, the server's own, a
 * staging site's) when such a place is writable, and else into an
 * unguessable folder under wp-content. The choice is remembered so that every
 * request finds the same store, and a store is never moved.
 */
final class StoreDirectory {

	public const CONSTANT = 'SITE_BACKUPS_STORE_DIR';
	public const OPTION   = 'site_backups_store_dir';

	/**
	 * The store's folder (it may not exist yet).
	 */
	public function path(): string {
		$configured = $this->configured();
		if ( null !== $configured ) {
			return $configured;
		}
		$chosen = StoreLocation::choose( $this->served_folders(), WP_CONTENT_DIR );
		update_option( self::OPTION, $chosen, false );
		return $chosen;
	}

	/**
	 * The folder the host named or the plugin chose earlier; null before the first choice.
	 */
	public function configured(): ?string {
		if ( defined( self::CONSTANT ) && is_string( constant( self::CONSTANT ) ) && '' !== constant( self::CONSTANT ) ) {
			return untrailingslashit( (string) constant( self::CONSTANT ) );
		}
		$remembered = get_option( self::OPTION );
		return is_string( $remembered ) && '' !== $remembered ? $remembered : null;
	}

	/**
	 * Whether the store lies outside every folder the web server may serve, where no URL can reach it.
	 */
	public function is_outside_web_root(): bool {
		return ! $this->served_folders()->serves( $this->path() );
	}

	/**
	 * What this WordPress knows about the folders its web server serves.
	 */
	public function served_folders(): ServedFolders {
		$other   = array();
		$staging = ( new EnvironmentRegistry() )->staging();
		if ( null !== $staging ) {
			$other[ $staging->root ] = array( self::url_path( $staging->url ) );
		}
		return new ServedFolders(
			ABSPATH,
			array( self::url_path( site_url() ), self::url_path( home_url() ) ),
			ServedFolders::documentRootFrom( $_SERVER, PHP_SAPI ),
			$other
		);
	}

	/**
	 * The path part of a URL ('/' when it has none).
	 *
	 * @param string $url A URL.
	 */
	private static function url_path( string $url ): string {
		$path = wp_parse_url( $url, PHP_URL_PATH );
		return is_string( $path ) && '' !== $path ? $path : '/';
	}
}
