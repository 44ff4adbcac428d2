<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\InventoryReader;

final class InventoryReaderTest extends DatabaseTestCase {

	public function testListsTablesViewsAndTriggersOfThePrefixOnly(): void {
		HardCasesFixture::create( $this->db );

		$inventory = ( new InventoryReader( $this->db ) )->read( 'wp_' );

		self::assertSame( HardCasesFixture::TABLES, $inventory->tables );
		self::assertSame( array( 'wp_z_view', 'wp_a_view' ), $inventory->views, 'A view comes after the view it reads.' );
		self::assertSame(
			array( array( 'wp_composite_bi', 'wp_composite' ), array( 'wp_composite_bi2', 'wp_composite' ), array( 'wp_sparse_bu', 'wp_sparse' ) ),
			array_map( static fn ( $t) => array( $t->name, $t->table ), $inventory->triggers ),
		);
	}

	public function testUnderscoreAndPercentInThePrefixAreLiteral(): void {
		foreach ( array( 'a_b_c', 'aXb_c', 'a_bXc', 'a%b_c', 'a%bXc', 'A_B_x' ) as $table ) {
			$this->db->execute( "CREATE TABLE `{$table}` (id int)" );
		}

		self::assertSame( array( 'a_b_c' ), ( new InventoryReader( $this->db ) )->read( 'a_b_' )->tables );
		self::assertSame( array( 'a%b_c' ), ( new InventoryReader( $this->db ) )->read( 'a%b_' )->tables );
		self::assertSame( 'a\\_b\\%\\\\%', InventoryReader::likePattern( 'a_b%\\' ) );
	}
}
