<?php
/**
 * A real multisite network of its own, made for one test class and removed afterwards.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Support;

use mysqli;
use PHPUnit\Framework\Assert;
use SiteBackups\Tests\WordPress\WordPressSite;

/**
 * The test stack's WordPress copied into a temporary folder, with a database of its own on the
 * stack's MariaDB and the plugin linked in as on production. It is installed as a single site,
 * where the plugin is activated, then turned into a network the way `wp core multisite-convert`
 * does (install_network(), populate_network() and the constants in wp-config.php): the
 * registry reachable here serves no `core` command to WP-CLI, and the stand-in for it installs
 * single sites only.
 */
final class ThrowawayNetwork {

	public const URL    = 'http://network.site-backups.test';
	public const DOMAIN = 'network.site-backups.test';
	public const PLUGIN = 'site-backups/site-backups.php';

	private function __construct( public readonly string $root, public readonly string $database ) {
	}

	/**
	 * Builds it: a single site with the plugin active, then converted into a network.
	 */
	public static function create(): self {
		$network = new self( sys_get_temp_dir() . '/sb-network-' . bin2hex( random_bytes( 6 ) ), 'sb_test_network_' . bin2hex( random_bytes( 6 ) ) );
		$network->copy_wordpress();
		self::on_server( "CREATE DATABASE `{$network->database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" );
		$network->write_config( false );
		$network->wp_ok( array( 'core', 'install', '--title=Throwaway network', '--admin_user=admin', '--admin_password=password', '--admin_email=admin@example.test' ) );
		$network->wp_ok( array( 'plugin', 'activate', 'site-backups' ) );
		$network->wp_ok(
			array(
				'eval',
				'require_once ABSPATH . "wp-admin/includes/upgrade.php";
				global $wpdb;
				foreach ( $wpdb->tables( "ms_global" ) as $table => $prefixed ) {
					$wpdb->$table = $prefixed;
				}
				install_network();
				$result = populate_network( 1, ' . var_export( self::DOMAIN, true ) . ', "admin@example.test", "Throwaway network", "/", false );
				if ( true !== $result ) {
					WP_CLI::error( is_wp_error( $result ) ? $result->get_error_message() : "populate_network() failed" );
				}',
			)
		);
		$network->write_config( true );
		return $network;
	}

	/**
	 * Removes the folder and the database.
	 */
	public function destroy(): void {
		self::on_server( "DROP DATABASE IF EXISTS `{$this->database}`" );
		exec( 'rm -rf ' . escapeshellarg( $this->root ) );
	}

	/**
	 * Runs WP-CLI on the network's main site in a new process.
	 *
	 * @param list<string> $args Arguments.
	 * @return array{status: int, out: string, err: string}
	 */
	public function wp( array $args ): array {
		$repo    = dirname( __DIR__, 3 );
		$command = array_merge(
			array( PHP_BINARY, $repo . '/vendor/wp-cli/wp-cli/php/boot-fs.php', '--path=' . $this->root, '--url=' . self::URL, '--require=' . $repo . '/tests/stack/wp-cli/dev-commands.php' ),
			$args
		);
		$env = array_merge( getenv(), array( 'WP_CLI_ALLOW_ROOT' => '1', 'WP_CLI_CACHE_DIR' => $repo . '/.dev/cache/wp-cli' ) );
		return WordPressSite::run( $command, $this->root, $env );
	}

	/**
	 * Runs PHP in the network's WordPress and returns what it printed as JSON, decoded.
	 *
	 * @return array<string, mixed>
	 */
	public function evaluate( string $code ): array {
		$run = $this->wp_ok( array( 'eval', $code ) );
		$out = json_decode( $run['out'], true );
		Assert::assertIsArray( $out, $run['out'] . $run['err'] );
		return $out;
	}

	/**
	 * Runs WP-CLI and asserts it succeeded.
	 *
	 * @param list<string> $args Arguments.
	 * @return array{status: int, out: string, err: string}
	 */
	public function wp_ok( array $args ): array {
		$run = $this->wp( $args );
		Assert::assertSame( 0, $run['status'], 'wp ' . $args[0] . ': ' . $run['err'] . $run['out'] );
		return $run;
	}

	/**
	 * What the network's PHP error log holds (WP_DEBUG_LOG, which WP-CLI writes to as well).
	 */
	public function error_log(): string {
		return is_file( $this->root . '/debug.log' ) ? (string) file_get_contents( $this->root . '/debug.log' ) : '';
	}

	/**
	 * WordPress's own files and themes from the test site, and the plugin's folder of links as on
	 * production.
	 */
	private function copy_wordpress(): void {
		$source = untrailingslashit( ABSPATH );
		mkdir( $this->root . '/wp-content/plugins/site-backups', 0700, true );
		foreach ( (array) scandir( $source ) as $entry ) {
			if ( ! in_array( $entry, array( '.', '..', 'wp-config.php', 'wp-content', '.htaccess', '.maintenance' ), true ) ) {
				exec( 'cp -r ' . escapeshellarg( $source . '/' . $entry ) . ' ' . escapeshellarg( $this->root . '/' ), $output, $status );
				Assert::assertSame( 0, $status, "copying $entry" );
			}
		}
		exec( 'cp -r ' . escapeshellarg( $source . '/wp-content/themes' ) . ' ' . escapeshellarg( $this->root . '/wp-content/' ), $output, $status );
		Assert::assertSame( 0, $status, 'copying the themes' );
		$links = $source . '/wp-content/plugins/site-backups';
		foreach ( (array) scandir( $links ) as $entry ) {
			if ( is_link( $links . '/' . $entry ) ) {
				symlink( (string) readlink( $links . '/' . $entry ), $this->root . '/wp-content/plugins/site-backups/' . $entry );
			}
		}
		Assert::assertFileExists( $this->root . '/wp-content/plugins/' . self::PLUGIN );
	}

	/**
	 * Writes wp-config.php, as a single site or as the network.
	 */
	private function write_config( bool $network ): void {
		$constants = array(
			'DB_NAME'          => $this->database,
			'DB_USER'          => DB_USER,
			'DB_PASSWORD'      => DB_PASSWORD,
			'DB_HOST'          => DB_HOST,
			'DB_CHARSET'       => 'utf8mb4',
			'DB_COLLATE'       => '',
			'WP_DEBUG'         => true,
			'WP_DEBUG_LOG'     => $this->root . '/debug.log',
			'WP_DEBUG_DISPLAY' => false,
			'AUTH_KEY'         => 'throwaway-network-auth-key',
			'SECURE_AUTH_KEY'  => 'throwaway-network-secure-auth-key',
			'LOGGED_IN_KEY'    => 'throwaway-network-logged-in-key',
			'NONCE_KEY'        => 'throwaway-network-nonce-key',
		);
		if ( $network ) {
			$constants += array(
				'WP_ALLOW_MULTISITE'   => true,
				'MULTISITE'            => true,
				'SUBDOMAIN_INSTALL'    => false,
				'DOMAIN_CURRENT_SITE'  => self::DOMAIN,
				'PATH_CURRENT_SITE'    => '/',
				'SITE_ID_CURRENT_SITE' => 1,
				'BLOG_ID_CURRENT_SITE' => 1,
			);
		}
		$config = "<?php\n";
		foreach ( $constants as $name => $value ) {
			$config .= sprintf( "define( %s, %s );\n", var_export( $name, true ), var_export( $value, true ) );
		}
		$config .= "\$table_prefix = 'wp_';\ndefine( 'ABSPATH', __DIR__ . '/' );\nrequire_once ABSPATH . 'wp-settings.php';\n";
		file_put_contents( $this->root . '/wp-config.php', $config );
	}

	/**
	 * Runs a statement on the stack's database server.
	 */
	private static function on_server( string $sql ): void {
		[ , $socket ] = explode( ':', DB_HOST, 2 );
		$server       = new mysqli( 'localhost', DB_USER, DB_PASSWORD, '', 0, $socket );
		try {
			Assert::assertTrue( $server->query( $sql ), $sql );
		} finally {
			$server->close();
		}
	}
}
