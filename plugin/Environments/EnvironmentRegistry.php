<?php
/**
 * The environments this site can back up: itself (production) and the
 * staging copy the host declared in wp-config.php.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Environments;

use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Support\MainSite;

/**
 * Translates WordPress's configuration into engine environments. Staging is
 * declared with the SITE_BACKUPS_STAGING constant: an array with path, url,
 * db_name, db_user, db_password, db_host and table_prefix, and where its parts
 * live outside path, if they do (SiteFolders::STAGING_KEYS).
 */
final class EnvironmentRegistry {

	public const STAGING_CONSTANT        = 'SITE_BACKUPS_STAGING';
	public const FOREIGN_TABLES_CONSTANT = 'SITE_BACKUPS_FOREIGN_TABLES';

	/**
	 * Tables of the site's database that are not the site's (another tool's, an install the
	 * automatic rule does not spot): names, or prefixes ending in `_` or `*`. They are never backed
	 * up, renamed or dropped. From SITE_BACKUPS_FOREIGN_TABLES and the site_backups_foreign_tables filter.
	 *
	 * @param string $environment production or staging.
	 * @return list<string>
	 */
	public static function foreign_tables( string $environment ): array {
		$listed = defined( self::FOREIGN_TABLES_CONSTANT ) ? constant( self::FOREIGN_TABLES_CONSTANT ) : array();
		$listed = is_string( $listed ) ? array( $listed ) : ( is_array( $listed ) ? array_values( $listed ) : array() );
		/**
		 * Filters the tables of an environment's database that belong to something else than the site.
		 *
		 * @param list<string> $listed      Table names, or prefixes ending in `_` or `*`.
		 * @param string       $environment production or staging.
		 */
		$listed = apply_filters( 'site_backups_foreign_tables', $listed, $environment );
		return is_array( $listed ) ? array_values( array_filter( $listed, static fn ( $table ): bool => is_string( $table ) && '' !== trim( $table ) ) ) : array();
	}

	/**
	 * The environment names the plugin knows, configured or not.
	 *
	 * @return list<string>
	 */
	public static function names(): array {
		return array( Environment::PRODUCTION, Environment::STAGING );
	}

	/**
	 * An environment by name; null when it is unknown or not configured.
	 *
	 * @param string $name production or staging.
	 */
	public function get( string $name ): ?Environment {
		return match ( $name ) {
			Environment::PRODUCTION => $this->production(),
			Environment::STAGING    => $this->staging(),
			default                 => null,
		};
	}

	/**
	 * Every configured environment.
	 *
	 * @return list<Environment>
	 */
	public function all(): array {
		return array_values( array_filter( array( $this->production(), $this->staging() ) ) );
	}

	/**
	 * The site the plugin runs on (on a network: the whole network, at its main site's address).
	 */
	public function production(): Environment {
		global $wpdb;
		$folders = SiteFolders::production();
		return new Environment(
			Environment::PRODUCTION,
			untrailingslashit( ABSPATH ),
			MainSite::run( 'home_url' ),
			DatabaseConfig::fromWordPressHost( DB_HOST, DB_USER, DB_PASSWORD, DB_NAME, $wpdb->base_prefix )->withForeignTables( self::foreign_tables( Environment::PRODUCTION ) ),
			ConfigSecrets::for_site( SiteTree::withFolders( ABSPATH, $folders ), $this->roots() ),
			$folders
		);
	}

	/**
	 * The staging copy, when the host declared a complete one.
	 */
	public function staging(): ?Environment {
		$config = $this->staging_config();
		if ( null === $config ) {
			return null;
		}
		return new Environment(
			Environment::STAGING,
			untrailingslashit( $config['path'] ),
			$config['url'],
			DatabaseConfig::fromWordPressHost( $config['db_host'], $config['db_user'], $config['db_password'], $config['db_name'], $config['table_prefix'] )->withForeignTables( self::foreign_tables( Environment::STAGING ) ),
			ConfigSecrets::for_site( SiteTree::withFolders( $config['path'], $config['folders'] ), $this->roots() ),
			$config['folders']
		);
	}

	/**
	 * The folders of the sites known here: a backup of one leaves out the secrets of any
	 * wp-config.php of theirs it holds.
	 *
	 * @return list<string>
	 */
	private function roots(): array {
		$staging = $this->staging_config();
		return null === $staging ? array( ABSPATH ) : array( ABSPATH, $staging['path'] );
	}

	/**
	 * Why staging is not available, for the screen; '' when it is.
	 */
	public function staging_problem(): string {
		if ( ! defined( self::STAGING_CONSTANT ) ) {
			return __( 'No staging site is configured. Your host can declare one with SITE_BACKUPS_STAGING in wp-config.php.', 'site-backups' );
		}
		if ( null === $this->staging_config() ) {
			return __( 'The staging site declared in wp-config.php (SITE_BACKUPS_STAGING) is incomplete: it needs path, url, db_name, db_user, db_password and db_host.', 'site-backups' );
		}
		return '';
	}

	/**
	 * The declared staging settings, validated; null when missing or incomplete.
	 *
	 * @return array{path: string, url: string, db_name: string, db_user: string, db_password: string, db_host: string, table_prefix: string, folders: array<string, string>}|null
	 */
	private function staging_config(): ?array {
		$raw = defined( self::STAGING_CONSTANT ) ? constant( self::STAGING_CONSTANT ) : null;
		if ( ! is_array( $raw ) ) {
			return null;
		}
		$config = array();
		foreach ( array( 'path', 'url', 'db_name', 'db_user', 'db_password', 'db_host' ) as $key ) {
			if ( ! isset( $raw[ $key ] ) || ! is_string( $raw[ $key ] ) || ( 'db_password' !== $key && '' === $raw[ $key ] ) ) {
				return null;
			}
			$config[ $key ] = $raw[ $key ];
		}
		$prefix = $raw['table_prefix'] ?? 'wp_';
		return array(
			'path'         => $config['path'],
			'url'          => $config['url'],
			'db_name'      => $config['db_name'],
			'db_user'      => $config['db_user'],
			'db_password'  => $config['db_password'],
			'db_host'      => $config['db_host'],
			'table_prefix' => is_string( $prefix ) && 1 === preg_match( '/\A\w+\z/', $prefix ) ? $prefix : 'wp_',
			'folders'      => SiteFolders::staging( $raw ),
		);
	}
}
