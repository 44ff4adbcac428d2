<?php
/**
 * Two more installs share production's database (`wp_shop_` and `wp_stg_`, each with its own
 * options and users): a backup of the site leaves them out and says so in its REST item, and a
 * restore in place leaves them exactly as they were.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use mysqli;
use SiteBackups\Engine\Environment;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class ForeignTablesRestoreTest extends TestCase {

	private const FOREIGN = array( 'wp_shop_options', 'wp_shop_posts', 'wp_shop_users', 'wp_stg_options', 'wp_stg_users' );

	private mysqli $production;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// Other processes rename tables here: this one must hold no transaction or lock.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->production = WordPressSite::database( 'production' );
		$this->drop_foreign();
	}

	protected function tearDown(): void {
		$this->drop_foreign();
		$this->production->query( "DELETE FROM wp_options WHERE option_name = 'foreign_tables_marker'" );
		$this->production->close();
		remove_all_filters( 'site_backups_foreign_tables' );
		parent::tearDown();
	}

	public function test_a_backup_and_a_restore_in_place_leave_another_installs_tables_alone(): void {
		foreach (
			array(
				'CREATE TABLE wp_shop_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, option_name varchar(191) NOT NULL, option_value longtext NOT NULL)',
				"INSERT INTO wp_shop_options (option_name, option_value) VALUES ('siteurl', 'https://shop.example.test'), ('blogname', 'The shop')",
				'CREATE TABLE wp_shop_users (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, user_login varchar(60) NOT NULL)',
				"INSERT INTO wp_shop_users (user_login) VALUES ('shopkeeper')",
				'CREATE TABLE wp_shop_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, post_title text NOT NULL)',
				"INSERT INTO wp_shop_posts (post_title) VALUES ('A shop post')",
				'CREATE TABLE wp_stg_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, option_name varchar(191) NOT NULL)',
				"INSERT INTO wp_stg_options (option_name) VALUES ('siteurl')",
				'CREATE TABLE wp_stg_users (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY)',
				"INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('foreign_tables_marker', 'at backup time', 'no')",
			) as $sql
		) {
			$this->assertTrue( $this->production->query( $sql ), $this->production->error );
		}

		$backup = WordPressSite::create_backup( 'production', 'Beside other installs' );

		$session = new HttpSession( WordPressSite::url( 'production' ) );
		try {
			$this->assertSame( 302, $session->login() );
			$item = $session->api( 'GET', '/backups/' . $backup, $session->nonce() );
		} finally {
			$session->close();
		}
		$this->assertSame( 200, $item['status'], $item['raw'] );
		$left = array();
		foreach ( (array) ( $item['body']['left_out'] ?? array() ) as $entry ) {
			$left[ $entry['table'] ] = array( $entry['kind'], $entry['prefix'], $entry['reason'] );
		}
		ksort( $left );
		$this->assertSame(
			array(
				'wp_shop_options' => array( 'another_install', 'wp_shop_', 'another install (wp_shop_)' ),
				'wp_shop_posts'   => array( 'another_install', 'wp_shop_', 'another install (wp_shop_)' ),
				'wp_shop_users'   => array( 'another_install', 'wp_shop_', 'another install (wp_shop_)' ),
				'wp_stg_options'  => array( 'another_install', 'wp_stg_', 'another install (wp_stg_)' ),
				'wp_stg_users'    => array( 'another_install', 'wp_stg_', 'another install (wp_stg_)' ),
			),
			$left
		);
		$this->assertSame( 'complete', $item['body']['status'] );

		// The other installs go on living; this site changes too.
		$this->production->query( "INSERT INTO wp_shop_posts (post_title) VALUES ('Written after the backup')" );
		$this->production->query( "UPDATE wp_stg_options SET option_name = 'home'" );
		$this->production->query( "UPDATE wp_options SET option_value = 'changed' WHERE option_name = 'foreign_tables_marker'" );
		$before = $this->foreign_state();

		$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--parts=database', '--no-safety-backup', '--yes', '--user=admin' ) );
		$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );

		$this->assertSame( $before, $this->foreign_state(), 'every other install\'s table as it was' );
		$this->assertSame( 'at backup time', $this->production->query( "SELECT option_value FROM wp_options WHERE option_name = 'foreign_tables_marker'" )->fetch_row()[0] ?? null );
		$this->assertSame( array(), $this->production->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')" )->fetch_all() );
	}

	public function test_the_administrator_lists_foreign_tables_with_a_filter(): void {
		add_filter(
			'site_backups_foreign_tables',
			static fn ( array $listed, string $environment ): array => Environment::PRODUCTION === $environment
				? array_merge( $listed, array( 'wp_legacy_log', 'wp_crm_*', 42, '' ) )
				: $listed,
			10,
			2
		);

		$registry = new EnvironmentRegistry();
		$this->assertSame( array( 'wp_legacy_log', 'wp_crm_*' ), $registry->production()->database->foreignTables );
	}

	/** @return array<string, mixed> each foreign table's existence, checksum and definition */
	private function foreign_state(): array {
		$state = array();
		foreach ( self::FOREIGN as $table ) {
			$checksum = $this->production->query( "CHECKSUM TABLE `$table` EXTENDED" )->fetch_assoc();
			$create   = $this->production->query( "SHOW CREATE TABLE `$table`" )->fetch_assoc();
			$this->assertNotNull( $checksum['Checksum'] ?? null, "$table is gone" );
			$state[ $table ] = array( $checksum['Checksum'], $create['Create Table'] ?? null );
		}
		return $state;
	}

	private function drop_foreign(): void {
		$this->production->query( 'DROP TABLE IF EXISTS `' . implode( '`, `', self::FOREIGN ) . '`' );
	}
}
