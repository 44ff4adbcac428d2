<?php
/**
 * Site Health's word on where the backups are kept.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Health;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\StoreLocation;

/**
 * Says "outside the web root" only when no folder the web server may serve
 * holds the store; otherwise says how it is protected and how to move it.
 * The store's own name is never shown: inside a served folder it is part of
 * what keeps it from being found.
 */
final class StoreLocationHealth {

	public const TEST = 'site_backups_store_location';

	/**
	 * Sets up the check.
	 *
	 * @param StoreDirectory $store Where the store is.
	 */
	public function __construct( private readonly StoreDirectory $store ) {
	}

	/**
	 * The Site Health result.
	 *
	 * @return array<string, mixed>
	 */
	public function site_health_result(): array {
		$result = array(
			'label'       => __( 'Backups are kept outside the web root', 'site-backups' ),
			'status'      => 'good',
			'badge'       => array(
				'label' => __( 'Security', 'site-backups' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html__( 'The folder that holds the backups lies outside every folder the web server serves, so no web address leads to it.', 'site-backups' ) . '</p>',
			'actions'     => '',
			'test'        => self::TEST,
		);
		if ( $this->store->is_outside_web_root() ) {
			return $result;
		}
		$path                     = $this->store->path();
		$result['label']          = __( 'Backups are kept inside a folder the web server serves', 'site-backups' );
		$result['status']         = 'recommended';
		$result['badge']['color'] = 'orange';
		$result['description']    = '<p>' . esc_html(
			StoreLocation::isUnguessable( $path )
				? __( 'The folder that holds the backups is inside a served folder, protected by an unguessable name and deny rules: every file in it shows an empty page when requested.', 'site-backups' )
				: __( 'The folder that holds the backups is inside a served folder, protected by deny rules: every file in it shows an empty page when requested. Its name can be guessed.', 'site-backups' )
		) . '</p><p>' . esc_html(
			sprintf(
				/* translators: 1: where the folder is, relative to the WordPress folder, 2: the wp-config.php line. */
				__( 'To keep backups where no web address can reach them, move the folder (%1$s) to a folder outside the web root that the site can write to, then name that folder in wp-config.php: %2$s', 'site-backups' ),
				self::where( $path ),
				"define( 'SITE_BACKUPS_STORE_DIR', '/path/outside/the/web/root' );"
			)
		) . '</p>';
		return $result;
	}

	/**
	 * Where the store is, without its unguessable name: its parent folder and how its name begins.
	 *
	 * @param string $path The store's folder.
	 */
	public static function where( string $path ): string {
		$parent = dirname( $path );
		$root   = untrailingslashit( ABSPATH );
		if ( StoreLocation::isInside( $parent, $root ) ) {
			$parent = ltrim( substr( $parent, strlen( $root ) ), '/' );
			$parent = '' === $parent ? '.' : $parent;
		}
		return StoreLocation::isUnguessable( $path )
			/* translators: %s: a folder, relative to the WordPress folder. */
			? sprintf( __( 'in %s, the folder whose name begins with "site-backups-"', 'site-backups' ), $parent )
			: $path;
	}
}
