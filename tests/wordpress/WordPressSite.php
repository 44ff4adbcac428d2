<?php
/**
 * The test stack's sites seen from outside: WP-CLI, their databases, their files, HTTP.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use mysqli;
use PHPUnit\Framework\Assert;

final class WordPressSite {

	/**
	 * Runs `wp <args>` on a site of the test stack in a new process.
	 *
	 * @param list<string> $args Arguments.
	 * @return array{status: int, out: string, err: string}
	 */
	public static function wp( string $site, array $args, ?string $cwd = null ): array {
		$root = dirname( __DIR__, 2 );
		return self::run( 'bash ' . escapeshellarg( $root . '/tests/stack/wp.sh' ) . ' test ' . escapeshellarg( $site ) . ' ' . implode( ' ', array_map( 'escapeshellarg', $args ) ), $cwd ?? $root );
	}

	/**
	 * Runs a command in a new process, with nothing on its standard input, and waits for it.
	 *
	 * @param string|list<string>        $command A shell line, or a program and its arguments.
	 * @param array<string, string>|null $env     The environment, or null for this process's.
	 * @return array{status: int, out: string, err: string}
	 */
	public static function run( string|array $command, ?string $cwd = null, ?array $env = null ): array {
		$process = proc_open( $command, array( 0 => array( 'file', '/dev/null', 'r' ), 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes, $cwd, $env );
		Assert::assertIsResource( $process );
		$out = (string) stream_get_contents( $pipes[1] );
		$err = (string) stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		return array(
			'status' => proc_close( $process ),
			'out'    => $out,
			'err'    => $err,
		);
	}

	/** A new backup of an environment, made by WP-CLI on production; returns its id. */
	public static function create_backup( string $environment, string $note = '' ): string {
		$run = self::wp( 'production', array( 'site-backups', 'create', '--environment=' . $environment, '--porcelain', '--note=' . $note, '--user=admin' ) );
		Assert::assertSame( 0, $run['status'], $run['err'] . $run['out'] );
		$id = trim( $run['out'] );
		Assert::assertMatchesRegularExpression( '/\A[0-9a-z]{26}\z/', $id );
		return $id;
	}

	/** A connection to a site's database (production's is this WordPress's; staging's from SITE_BACKUPS_STAGING). */
	public static function database( string $site ): mysqli {
		if ( 'production' === $site ) {
			[ , $socket ] = explode( ':', DB_HOST, 2 );
			return new mysqli( 'localhost', DB_USER, DB_PASSWORD, DB_NAME, 0, $socket );
		}
		$config       = constant( 'SITE_BACKUPS_STAGING' );
		[ , $socket ] = explode( ':', $config['db_host'], 2 );
		return new mysqli( 'localhost', $config['db_user'], $config['db_password'], $config['db_name'], 0, $socket );
	}

	/** A site's root folder. */
	public static function root( string $site ): string {
		return 'production' === $site ? untrailingslashit( ABSPATH ) : (string) constant( 'SITE_BACKUPS_STAGING' )['path'];
	}

	/** A site's address. */
	public static function url( string $site ): string {
		return 'production' === $site ? (string) getenv( 'SITE_BACKUPS_WP_URL' ) : (string) constant( 'SITE_BACKUPS_STAGING' )['url'];
	}

	/**
	 * Every table of the wp_ prefix: checksum and definition, with wp_options compared row by
	 * row without what the plugin and WordPress itself rewrite on every request.
	 *
	 * @return array<string, string>
	 */
	public static function database_state( mysqli $db ): array {
		$state  = array();
		$tables = $db->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE 'wp\\_%' ORDER BY 1" )->fetch_all();
		foreach ( array_column( $tables, 0 ) as $table ) {
			$state[ $table . ' create' ] = (string) $db->query( "SHOW CREATE TABLE `$table`" )->fetch_row()[1];
			if ( 'wp_options' === $table ) {
				// Its counter moved on while the backup ran (the job's own rows).
				$state[ $table . ' create' ] = (string) preg_replace( '/ AUTO_INCREMENT=\d+/', '', $state[ $table . ' create' ] );
				$rows = $db->query( "SELECT option_name, MD5(option_value), autoload FROM wp_options WHERE option_name NOT LIKE 'site\\_backups\\_%' AND option_name NOT IN ('cron', 'recovery_keys') AND option_name NOT LIKE '\\_transient%' AND option_name NOT LIKE '\\_site\\_transient%' ORDER BY option_name" )->fetch_all();
				$state[ $table ] = md5( (string) wp_json_encode( $rows ) );
				continue;
			}
			$state[ $table ] = (string) $db->query( "CHECKSUM TABLE `$table` EXTENDED" )->fetch_row()[1];
		}
		return $state;
	}

	/**
	 * Every file, folder and symlink under a root: type, mode, content hash or target.
	 *
	 * @param list<string> $skip Relative paths left out, with what is under them.
	 * @return array<string, string>
	 */
	public static function file_state( string $root, array $skip ): array {
		$state = array();
		$files = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $root, \FilesystemIterator::SKIP_DOTS ), \RecursiveIteratorIterator::SELF_FIRST );
		foreach ( $files as $path => $info ) {
			$relative = substr( (string) $path, strlen( $root ) + 1 );
			foreach ( $skip as $skipped ) {
				if ( $relative === $skipped || str_starts_with( $relative, $skipped . '/' ) ) {
					continue 2;
				}
			}
			if ( $info->isLink() ) {
				$state[ $relative ] = 'link ' . readlink( (string) $path );
			} elseif ( $info->isDir() ) {
				$state[ $relative ] = sprintf( 'dir %o', $info->getPerms() & 07777 );
			} else {
				$state[ $relative ] = sprintf( 'file %o %s', $info->getPerms() & 07777, md5_file( (string) $path ) );
			}
		}
		ksort( $state );
		return $state;
	}

	/**
	 * Status code and body of a GET, following redirects.
	 *
	 * @return array{0: int, 1: string}
	 */
	public static function get( string $url ): array {
		$response = wp_remote_get( $url, array( 'timeout' => 30, 'redirection' => 5 ) );
		Assert::assertIsArray( $response, is_wp_error( $response ) ? $response->get_error_message() : '' );
		return array( (int) wp_remote_retrieve_response_code( $response ), (string) wp_remote_retrieve_body( $response ) );
	}

	/**
	 * Kills every PHP-FPM worker of the test stack (kill -9, as a host's watchdog would); the
	 * master starts new ones. Returns how many were killed.
	 */
	public static function kill_fpm_workers(): int {
		$master   = (int) trim( (string) file_get_contents( dirname( ABSPATH, 2 ) . '/run/php-fpm.pid' ) );
		$children = array_filter( array_map( 'intval', explode( "\n", (string) shell_exec( 'pgrep -P ' . $master ) ) ) );
		foreach ( $children as $pid ) {
			posix_kill( $pid, 9 );
		}
		// Gone before this returns: a child that dies a moment later could still accept the next request.
		$deadline = microtime( true ) + 10;
		while ( array_filter( $children, static fn ( int $pid ): bool => self::is_alive( $pid ) ) && microtime( true ) < $deadline ) {
			usleep( 10000 );
		}
		return count( $children );
	}

	/** Whether a process runs (a zombie its parent has not reaped yet counts as gone). */
	private static function is_alive( int $pid ): bool {
		$stat = @file_get_contents( "/proc/$pid/stat" );
		return is_string( $stat ) && 1 !== preg_match( '/\) Z /', $stat );
	}
}
