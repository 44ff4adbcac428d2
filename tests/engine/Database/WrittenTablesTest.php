<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Database\JournalReading;
use SiteBackups\Engine\Database\WrittenTables;

/** The tables a statement may write, as the write journal notes them before WordPress sends it. */
final class WrittenTablesTest extends TestCase {

	public function testReadsWriteNothing(): void {
		foreach ( array(
			'SELECT * FROM wp_posts',
			"  /* a comment */ select option_value from `wp_options` where option_name = 'siteurl'",
			'(SELECT 1 FROM wp_posts) UNION (SELECT 2 FROM wp_users)',
			'SHOW TABLES LIKE \'wp_%\'',
			'SET NAMES utf8mb4',
			'START TRANSACTION',
			'COMMIT',
			"DESCRIBE wp_posts",
			"-- note\nSELECT 1",
		) as $read ) {
			self::assertSame( array(), WrittenTables::of( $read, 'wp_' ), $read );
		}
	}

	public function testWritesNameTheirTablesBeforeTheirValues(): void {
		self::assertSame( array( 'wp_options' ), WrittenTables::of( "UPDATE `wp_options` SET `option_value` = 'wp_users' WHERE `option_name` = 'x'", 'wp_' ) );
		self::assertSame( array( 'wp_postmeta' ), WrittenTables::of( "INSERT INTO `wp_postmeta` (`post_id`, `meta_key`) VALUES (1, 'wp_posts')", 'wp_' ) );
		self::assertSame( array( 'wp_posts' ), WrittenTables::of( 'DELETE FROM wp_posts WHERE ID IN (SELECT post_id FROM wp_postmeta)', 'wp_' ) );
		self::assertSame( array( 'wp_a', 'wp_b' ), WrittenTables::of( 'UPDATE wp_a a JOIN wp_b b ON a.id = b.id SET a.x = b.x', 'wp_' ) );
		self::assertSame( array( 'wp_new' ), WrittenTables::of( 'INSERT INTO wp_new (id) SELECT id FROM wp_old', 'wp_' ) );
		self::assertSame( array( 'wp_x' ), WrittenTables::of( 'TRUNCATE TABLE wp_x', 'wp_' ) );
		self::assertSame( array( 'wp_old', 'wp_new' ), WrittenTables::of( 'RENAME TABLE wp_old TO wp_new', 'wp_' ) );
		self::assertSame( array( 'WP_Posts' ), WrittenTables::of( 'replace into WP_Posts values (1)', 'wp_' ) );
		self::assertSame( array( 'wp_odd name`s' ), WrittenTables::of( 'ALTER TABLE `wp_odd name``s` ADD COLUMN z int', 'wp_' ) );
		self::assertSame( array( 'wp_shop_orders' ), WrittenTables::of( 'UPDATE mydb.wp_shop_orders SET a = 1', 'wp_' ) );
	}

	public function testATableNamedOnlyAfterAQuoteIsFoundInTheWholeStatement(): void {
		self::assertSame( array( 'wp_import' ), WrittenTables::of( "LOAD DATA INFILE '/tmp/x.csv' INTO TABLE wp_import", 'wp_' ) );
	}

	public function testAWriteToAnotherPrefixNamesNothing(): void {
		self::assertSame( array(), WrittenTables::of( 'UPDATE other_options SET a = 1', 'wp_' ) );
	}

	public function testStatementsWhoseEffectCannotBeToldWriteAnything(): void {
		foreach ( array( 'CALL wp_refresh()', 'EXECUTE stmt', 'DO wp_f()', 'HANDLER wp_x READ FIRST', '/*!40101 UPDATE wp_x SET a = 1 */', 'XYZZY', '/* unterminated' ) as $statement ) {
			self::assertSame( array( JournalReading::ANY ), WrittenTables::of( $statement, 'wp_' ), $statement );
		}
	}
}
