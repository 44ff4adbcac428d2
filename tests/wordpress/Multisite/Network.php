<?php
/**
 * The test stack's multisite network (tests/stack/sites.sh, provision_network_site): a main site
 * and two more in subdirectories (/two/, /three/), the plugin network-activated, WP-CLI only.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Multisite;

use mysqli;
use PHPUnit\Framework\Assert;
use SiteBackups\Tests\WordPress\WordPressSite;

final class Network {

	/** The sites besides the main one: blog id => path below the network's. */
	public const SITES = array(
		2 => 'two',
		3 => 'three',
	);

	/** The network's folder and main address, once provisioned. */
	private static string $root = '';
	private static string $url  = '';

	/**
	 * Builds the network afresh (tests/stack/network-site.sh).
	 */
	public static function provision(): void {
		$repository = dirname( __DIR__, 3 );
		exec( 'bash ' . escapeshellarg( $repository . '/tests/stack/network-site.sh' ) . ' ' . escapeshellarg( self::stack() ) . ' 2>&1', $output, $status );
		Assert::assertSame( 0, $status, implode( "\n", $output ) );
		self::$url  = (string) array_pop( $output );
		self::$root = (string) array_pop( $output );
		Assert::assertFileExists( self::$root . '/wp-config.php' );
	}

	/** The network's WordPress folder. */
	public static function root(): string {
		return self::$root;
	}

	/**
	 * A site's address: the main site's, or another's by its path.
	 *
	 * @param string $site '' for the main site, else a path of SITES.
	 */
	public static function url( string $site = '' ): string {
		return self::$url . '/' . ( '' === $site ? '' : $site . '/' );
	}

	/**
	 * Runs WP-CLI on a site of the network.
	 *
	 * @param list<string> $args Arguments.
	 * @param string       $site '' for the main site, else a path of SITES.
	 * @return array{status: int, out: string, err: string}
	 */
	public static function wp( array $args, string $site = '' ): array {
		return WordPressSite::wp( 'network', array_merge( $args, array( '--url=' . self::url( $site ) ) ) );
	}

	/**
	 * Runs WP-CLI on a site of the network and asserts it succeeded; returns what it printed.
	 *
	 * @param list<string> $args Arguments.
	 * @param string       $site '' for the main site, else a path of SITES.
	 */
	public static function wp_ok( array $args, string $site = '' ): string {
		$run = self::wp( $args, $site );
		Assert::assertSame( 0, $run['status'], 'wp ' . implode( ' ', $args ) . ': ' . $run['err'] . $run['out'] );
		return $run['out'];
	}

	/**
	 * Runs PHP in a site of the network and returns what it printed as JSON, decoded.
	 *
	 * @param string $code PHP without the opening tag.
	 * @param string $site '' for the main site, else a path of SITES.
	 * @return array<string, mixed>
	 */
	public static function evaluate( string $code, string $site = '' ): array {
		$out  = self::wp_ok( array( 'eval', $code ), $site );
		$data = json_decode( $out, true );
		Assert::assertIsArray( $data, $out );
		return $data;
	}

	/**
	 * A connection to the network's database, or its staging site's.
	 *
	 * @param bool $staging Whether to connect to the staging site's.
	 */
	public static function database( bool $staging = false ): mysqli {
		[ , $socket ] = explode( ':', DB_HOST, 2 );
		return new mysqli( 'localhost', DB_USER, DB_PASSWORD, 'sb_' . self::stack() . '_network' . ( $staging ? '_staging' : '' ), 0, $socket );
	}

	/**
	 * A table's rows as the result of a query, all columns as strings.
	 *
	 * @return list<list<string|null>>
	 */
	public static function rows( mysqli $db, string $sql ): array {
		$result = $db->query( $sql );
		Assert::assertInstanceOf( \mysqli_result::class, $result, $sql . ': ' . $db->error );
		return $result->fetch_all();
	}

	/**
	 * Every table of the network (less another install's, wp_shop_): definition and checksum,
	 * with each site's options and the network's options compared row by row, without what the
	 * plugin and WordPress rewrite on every request (the plugin's rows, WP-Cron, transients).
	 *
	 * @return array<string, string>
	 */
	public static function database_state( mysqli $db ): array {
		$state = array();
		foreach ( array_column( self::rows( $db, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE 'wp\\_%' AND TABLE_NAME NOT LIKE 'wp\\_shop\\_%' ORDER BY 1" ), 0 ) as $table ) {
			$create = (string) self::rows( $db, "SHOW CREATE TABLE `$table`" )[0][1];
			if ( 1 === preg_match( '/\Awp_(\d+_)?options\z/', (string) $table ) ) {
				$state[ $table . ' create' ] = (string) preg_replace( '/ AUTO_INCREMENT=\d+/', '', $create );
				$state[ $table ]             = md5( (string) wp_json_encode( self::rows( $db, "SELECT option_name, MD5(option_value), autoload FROM `$table` WHERE option_name NOT LIKE 'site\\_backups\\_%' AND option_name NOT IN ('cron', 'recovery_keys') AND option_name NOT LIKE '\\_transient%' AND option_name NOT LIKE '\\_site\\_transient%' ORDER BY option_name" ) ) );
				continue;
			}
			if ( 'wp_sitemeta' === $table ) {
				$state[ $table . ' create' ] = (string) preg_replace( '/ AUTO_INCREMENT=\d+/', '', $create );
				$state[ $table ]             = md5( (string) wp_json_encode( self::rows( $db, "SELECT site_id, meta_key, MD5(meta_value) FROM wp_sitemeta WHERE meta_key NOT LIKE '\\_site\\_transient%' ORDER BY site_id, meta_key" ) ) );
				continue;
			}
			$state[ $table . ' create' ] = $create;
			$state[ $table ]             = (string) self::rows( $db, "CHECKSUM TABLE `$table` EXTENDED" )[0][1];
		}
		return $state;
	}

	/**
	 * The entries of the network's PHP error log (WP_DEBUG_LOG, which WP-CLI writes to) that name
	 * a file of the plugin or are fatal errors: the suite's rule (tests/stack/php-error-log.mjs).
	 *
	 * @return list<string>
	 */
	public static function plugin_errors(): array {
		$log        = dirname( self::$root, 2 ) . '/logs/wp-network-debug.log';
		$repository = dirname( __DIR__, 3 );
		$entries    = is_file( $log ) ? explode( "\n", (string) file_get_contents( $log ) ) : array();
		return array_values(
			array_filter(
				$entries,
				static function ( string $entry ) use ( $repository ): bool {
					foreach ( array( $repository . '/plugin/', $repository . '/php/', $repository . '/site-backups.php', '/plugins/site-backups/', 'Fatal error' ) as $forbidden ) {
						if ( str_contains( $entry, $forbidden ) ) {
							return true;
						}
					}
					return false;
				}
			)
		);
	}

	/** The test stack's name. */
	private static function stack(): string {
		$stack = getenv( 'SITE_BACKUPS_TEST_STACK' );
		return is_string( $stack ) && '' !== $stack ? $stack : 'test';
	}
}
