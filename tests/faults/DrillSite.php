<?php
/**
 * The production site as the fault drill sees it: a payload of a few hundred MB that changes a
 * little before every run, one fingerprint of its files and tables, and what a job must never
 * leave behind.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Faults;

use mysqli;
use SiteBackups\Tests\WordPress\WordPressSite;

final class DrillSite {

	/** What a restore leaves alone, and what the stack itself changes on every request. */
	private const UNTOUCHED = array( 'wp-config.php', 'wp-content/plugins/site-backups', 'wp-content/cache', 'wp-content/upgrade' );

	private const FILE_BYTES = 1048576;

	/** Rows like post meta, a third of the payload. */
	private const TABLE = 'wp_fault_drill_meta';

	/** MB of files rewritten before each run: work for the backup that follows. */
	public const CHANGED_MB_PER_RUN = 48;

	private string $payload;

	/** @var array<string, array<string, string>> Each state fingerprinted, by its fingerprint. */
	private array $seen = array();

	public function __construct( private readonly string $root, private readonly int $megabytes ) {
		$this->payload = $root . '/wp-content/uploads/fault-drill';
	}

	/**
	 * Writes the payload: two thirds in incompressible files, as photos are, a third in a table
	 * of rows like post meta.
	 */
	public function grow(): void {
		wp_mkdir_p( $this->payload );
		for ( $i = 0; $i < $this->files(); $i++ ) {
			file_put_contents( $this->file( $i ), random_bytes( self::FILE_BYTES ) );
		}
		$db = $this->database();
		$db->query( 'DROP TABLE IF EXISTS ' . self::TABLE );
		$db->query( 'CREATE TABLE ' . self::TABLE . ' (meta_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, post_id BIGINT UNSIGNED NOT NULL, meta_key VARCHAR(255), meta_value LONGTEXT, KEY post_id (post_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' );
		$db->query( 'INSERT INTO ' . self::TABLE . " (post_id, meta_key, meta_value) VALUES (1, '_drill', SHA2(RAND(), 512))" );
		$rows = ( $this->megabytes - $this->files() ) * 1048576 / 300;
		while ( (int) $db->query( 'SELECT COUNT(*) FROM ' . self::TABLE )->fetch_row()[0] < $rows ) {
			$db->query( 'INSERT INTO ' . self::TABLE . ' (post_id, meta_key, meta_value) SELECT FLOOR(RAND() * 100000), CONCAT(\'_key_\', meta_id % 50), CONCAT(SHA2(RAND(), 512), SHA2(RAND(), 512)) FROM ' . self::TABLE );
		}
		$db->close();
	}

	/** A day's changes: some files rewritten, one added, a post published. */
	public function change( int $run ): void {
		for ( $i = 0; $i < self::CHANGED_MB_PER_RUN; $i++ ) {
			file_put_contents( $this->file( random_int( 0, $this->files() - 1 ) ), random_bytes( self::FILE_BYTES ) );
		}
		file_put_contents( $this->payload . "/run-$run.txt", "Written before run $run\n" );
		$db = $this->database();
		// Rows changed all over the table, as a busy day leaves them.
		$db->query( 'UPDATE ' . self::TABLE . ' SET meta_value = SHA2(RAND(), 256) WHERE meta_id % 211 = ' . ( $run % 211 ) );
		$db->query( "INSERT INTO wp_posts (post_title, post_name, post_content, post_status, post_type, post_date, post_date_gmt, post_modified, post_modified_gmt, to_ping, pinged, post_content_filtered, post_excerpt) VALUES ('Fault drill run $run', 'fault-drill-$run', '" . str_repeat( 'x', 4096 ) . "', 'publish', 'post', NOW(), NOW(), NOW(), NOW(), '', '', '', '')" );
		$db->close();
	}

	/**
	 * One hash of every file and table of the site.
	 */
	public function fingerprint(): string {
		$db     = $this->database();
		// A server killed in the middle may come back with other AUTO_INCREMENT counters: not content.
		$tables = preg_replace( '/ AUTO_INCREMENT=\d+/', '', WordPressSite::database_state( $db ) );
		$db->close();
		clearstatcache();
		$state                        = $tables + WordPressSite::file_state( $this->root, self::UNTOUCHED );
		$fingerprint                  = md5( (string) wp_json_encode( $state ) );
		$this->seen[ $fingerprint ] = $state;
		return $fingerprint;
	}

	/** What differs between two fingerprinted states: the tables and files, by name. */
	public function difference( string $expected, string $actual ): string {
		$a = $this->seen[ $expected ] ?? array();
		$b = $this->seen[ $actual ] ?? array();
		$keys = array_keys( array_diff_assoc( $a, $b ) + array_diff_assoc( $b, $a ) );
		return 'Differs in: ' . implode( ', ', array_slice( $keys, 0, 20 ) ) . ( count( $keys ) > 20 ? ' and ' . ( count( $keys ) - 20 ) . ' more' : '' );
	}

	/**
	 * What a job that has ended must not leave: temporary tables, staging folders, the
	 * maintenance file, pending backups or temporary objects in the store.
	 *
	 * @return list<string>
	 */
	public function leftovers( string $store ): array {
		$db     = $this->database();
		$tables = array_column( $db->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')" )->fetch_all(), 0 );
		$db->close();
		$paths = array_merge(
			glob( dirname( $this->root ) . '/' . basename( $this->root ) . '-.site-backups-restore-*' ) ?: array(),
			glob( $this->root . '/.site-backups-restore-*' ) ?: array(),
			glob( $this->root . '/.maintenance' ) ?: array(),
			glob( $store . '/pending/*' ) ?: array(),
			glob( $store . '/tmp/*' ) ?: array()
		);
		return array_merge( array_map( static fn ( $t ) => "table $t", $tables ), array_map( static fn ( $p ) => "path $p", $paths ) );
	}

	/** Takes the payload and the drill's posts away. */
	public function clean(): void {
		exec( 'rm -rf ' . escapeshellarg( $this->payload ) );
		$db = $this->database();
		$db->query( "DELETE FROM wp_posts WHERE post_name LIKE 'fault-drill-%'" );
		$db->query( 'DROP TABLE IF EXISTS ' . self::TABLE );
		$db->close();
	}

	/** A new connection: the server may have been killed since the last one. */
	public function database(): mysqli {
		return WordPressSite::database( 'production' );
	}

	/** How many files of a MB the payload has. */
	private function files(): int {
		return intdiv( 2 * $this->megabytes, 3 );
	}

	private function file( int $i ): string {
		return sprintf( '%s/photo-%04d.bin', $this->payload, $i );
	}
}
