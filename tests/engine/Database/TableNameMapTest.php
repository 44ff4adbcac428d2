<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Database\SqlTokens;
use SiteBackups\Engine\Database\TableNameMap;

final class TableNameMapTest extends TestCase {

	public function testRenamesOnlyTheLeadingNameOfDumperStatements(): void {
		$map = new TableNameMap(
			array(
				'wp_posts' => 'tmp_wp_posts',
				'wp_v'     => 'tmp_wp_v',
				'odd`name' => 'tmp_odd`name',
			)
		);

		self::assertSame( 'DROP TABLE IF EXISTS `tmp_wp_posts`', $map->apply( 'DROP TABLE IF EXISTS `wp_posts`' ) );
		self::assertSame( "CREATE TABLE `tmp_wp_posts` (\n  `wp_posts` int\n)", $map->apply( "CREATE TABLE `wp_posts` (\n  `wp_posts` int\n)" ) );
		self::assertSame( "INSERT INTO `tmp_wp_posts` (`a`) VALUES\n('INSERT INTO `wp_posts`')", $map->apply( "INSERT INTO `wp_posts` (`a`) VALUES\n('INSERT INTO `wp_posts`')" ) );
		self::assertSame(
			'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `tmp_wp_v` AS select 1 from `wp_posts`',
			$map->apply( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_v` AS select 1 from `wp_posts`' ),
		);
		self::assertSame(
			'CREATE TRIGGER `trg` BEFORE INSERT ON `tmp_wp_posts` FOR EACH ROW SET NEW.a = 1',
			$map->apply( 'CREATE TRIGGER `trg` BEFORE INSERT ON `wp_posts` FOR EACH ROW SET NEW.a = 1' ),
		);
		self::assertSame( 'CREATE TABLE `tmp_odd``name` (a int)', $map->apply( 'CREATE TABLE `odd``name` (a int)' ) );
		// Anything the dumper does not write is left alone.
		self::assertSame( 'UPDATE `wp_posts` SET a = 1', $map->apply( 'UPDATE `wp_posts` SET a = 1' ) );
		self::assertSame( 'INSERT INTO `wp_other` VALUES (1)', $map->apply( 'INSERT INTO `wp_other` VALUES (1)' ) );
	}

	public function testWithPrefix(): void {
		self::assertSame( 'tmp_wp_a', TableNameMap::withPrefix( 'tmp_', array( 'wp_a' ) )->map( 'wp_a' ) );
		self::assertSame( 'wp_b', TableNameMap::withPrefix( 'tmp_', array( 'wp_a' ) )->map( 'wp_b' ) );
	}

	public function testRetargetMovesEveryNameOfOnePrefix(): void {
		$map = TableNameMap::retarget( 'wp_', 'sbtmp_site_' );

		self::assertSame( 'sbtmp_site_posts', $map->map( 'wp_posts' ) );
		self::assertSame( 'other_posts', $map->map( 'other_posts' ) );
		self::assertSame( 'CREATE TABLE `sbtmp_site_new` (a int)', $map->apply( 'CREATE TABLE `wp_new` (a int)' ) );
		self::assertSame( 'SET NAMES utf8mb4', $map->apply( 'SET NAMES utf8mb4' ) );
		self::assertSame( 'INSERT INTO `wp_posts` VALUES (1)', TableNameMap::retarget( 'wp_', 'wp_' )->apply( 'INSERT INTO `wp_posts` VALUES (1)' ) );
	}

	public function testABodyMovesTheNamesOfTablesOnly(): void {
		$map  = new TableNameMap(
			array(
				'wp_y'   => 'stg_y',
				'wp_log' => 'stg_log',
			)
		);
		$head = 'CREATE TRIGGER `wp_t` AFTER INSERT ON `wp_y` FOR EACH ROW ';
		$body = "INSERT INTO wp_log (what) SELECT CONCAT('`wp_y` wp_log', wp_y.title, NEW.wp_log) AS wp_y FROM `wp_y` -- wp_y\n";

		self::assertSame(
			$head . "INSERT INTO stg_log (what) SELECT CONCAT('`wp_y` wp_log', stg_y.title, NEW.wp_log) AS wp_y FROM `stg_y` -- wp_y\n",
			$map->applyToBody( $head . $body, SqlTokens::of( $body ), strlen( $head ) )
		);
		// Under ANSI_QUOTES a double-quoted name is a name, and keeps its quotes.
		$ansi = 'SET NEW."v" = (SELECT COUNT(*) FROM "wp_log" WHERE "wp_log"."what" = \'x\')';
		self::assertSame(
			$head . 'SET NEW."v" = (SELECT COUNT(*) FROM "stg_log" WHERE "stg_log"."what" = \'x\')',
			$map->applyToBody( $head . $ansi, SqlTokens::of( $ansi, true ), strlen( $head ) )
		);
	}

	public function testForeignKeysMoveTheirReferencesAndTheirNames(): void {
		$map    = new TableNameMap( array( 'wp_a' => 'sbtmp_wp_a' ) );
		$head   = 'CREATE TABLE `wp_b` ';
		$body   = "(\n  `a` int(11) DEFAULT NULL,\n  KEY `a` (`a`),\n  CONSTRAINT `fk_wp_b` FOREIGN KEY (`a`) REFERENCES `wp_a` (`id`) ON DELETE CASCADE,\n"
			. "  CONSTRAINT `wp_b_ibfk_1` FOREIGN KEY (`a`) REFERENCES `wp_other` (`id`),\n  CONSTRAINT `chk` CHECK (`a` > 0)\n) ENGINE=InnoDB COMMENT='REFERENCES `wp_a`'";
		$staged = static fn ( string $name ): string => 'sbtmp_' . $name;

		self::assertSame(
			$head . "(\n  `a` int(11) DEFAULT NULL,\n  KEY `a` (`a`),\n  CONSTRAINT `sbtmp_fk_wp_b` FOREIGN KEY (`a`) REFERENCES `sbtmp_wp_a` (`id`) ON DELETE CASCADE,\n"
			. "  CONSTRAINT `sbtmp_wp_b_ibfk_1` FOREIGN KEY (`a`) REFERENCES `wp_other` (`id`),\n  CONSTRAINT `chk` CHECK (`a` > 0)\n) ENGINE=InnoDB COMMENT='REFERENCES `wp_a`'",
			$map->applyToForeignKeys( $head . $body, SqlTokens::of( $body ), strlen( $head ), $staged )
		);
	}
}
