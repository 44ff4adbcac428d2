<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\TestCase;
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
}
