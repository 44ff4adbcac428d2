<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Engine\Database\SqlLoader;
use SiteBackups\Engine\Database\TableNameMap;

final class SqlLoaderTest extends DatabaseTestCase {

	public function testStatementsWithSemicolonsAndQuotesInStrings(): void {
		$sql = "CREATE TABLE `t` (a varchar(100), b text);\n"
			. "INSERT INTO `t` VALUES ('semi;colon', 'it\\'s'), ('doubled '' quote', 'back\\\\slash;');\n"
			. "-- a comment; between statements\n"
			. "INSERT INTO `t` VALUES (\"double;quoted\", '-- not a comment');\n";

		$count = ( new SqlLoader( $this->db ) )->load( self::streamOf( $sql ) );

		self::assertSame( 3, $count );
		self::assertSame(
			array(
				array(
					'a' => 'semi;colon',
					'b' => "it's",
				),
				array(
					'a' => "doubled ' quote",
					'b' => 'back\\slash;',
				),
				array(
					'a' => 'double;quoted',
					'b' => '-- not a comment',
				),
			),
			$this->db->fetchAll( 'SELECT a, b FROM t' )
		);
	}

	public function testTableNameMapLoadsADumpIntoRenamedTablesBesideTheLiveOnes(): void {
		HardCasesFixture::create( $this->db );
		$dump = $this->dumpDatabase( $this->db );
		$live = self::checksums( $this->db, HardCasesFixture::TABLES );
		$this->db->execute( 'DROP TRIGGER wp_composite_bi' );
		$this->db->execute( 'DROP TRIGGER wp_composite_bi2' );
		$this->db->execute( 'DROP TRIGGER wp_sparse_bu' );
		$names = array_merge( HardCasesFixture::TABLES, HardCasesFixture::VIEWS );
		$map   = TableNameMap::withPrefix( 'tmp_', $names );

		( new SqlLoader( $this->db, $map ) )->load( self::streamOf( $dump ) );

		$loaded = ( new InventoryReader( $this->db ) )->read( 'tmp_wp_' );
		self::assertSame( array_map( static fn ( $t) => 'tmp_' . $t, HardCasesFixture::TABLES ), $loaded->tables );
		self::assertSame( array( 'tmp_wp_a_view', 'tmp_wp_z_view' ), $loaded->views );
		self::assertCount( 3, $loaded->triggers );
		foreach ( HardCasesFixture::TABLES as $table ) {
			self::assertSame( $live[ $table ], self::checksums( $this->db, array( 'tmp_' . $table ) )[ 'tmp_' . $table ], $table );
		}
		// The live tables were not touched.
		self::assertSame( $live, self::checksums( $this->db, HardCasesFixture::TABLES ) );
	}

	public function testAFailingStatementIsReportedByItsKindAndTableWithoutItsValues(): void {
		try {
			( new SqlLoader( $this->db ) )->load( self::streamOf( "SELECT 1;\nINSERT INTO `missing` VALUES ('a-secret-value');\n" ) );
			$this->fail( 'The statement on a missing table loaded' );
		} catch ( DatabaseException $error ) {
			$this->assertStringContainsString( 'INSERT into `missing`', $error->getMessage() );
			$this->assertStringNotContainsString( 'a-secret-value', $error->getMessage() );
		}
	}
}
