<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Tests\Engine\Support\SqlLoader;

/** Dump the plugins' tables, load them elsewhere (our loader and the mariadb client), compare byte for byte. */
final class PluginTablesRoundTripTest extends DatabaseTestCase {

	private string $dump;

	protected function setUp(): void {
		parent::setUp();
		PluginTablesFixture::create( $this->db );
		$this->dump = $this->dumpDatabase( $this->db );
	}

	public function testSqlLoaderRestoresEveryTableIdentically(): void {
		$target = $this->connect( $this->createDatabase() );
		( new SqlLoader( $target ) )->load( self::streamOf( $this->dump ) );

		$this->assertSameTables( $this->db, $target );
	}

	public function testMariadbClientImportsTheSameDump(): void {
		$file = tempnam( sys_get_temp_dir(), 'sbdump' );
		file_put_contents( $file, $this->dump );
		$config = $this->createDatabase();
		try {
			$this->importWithClient( $config, $file );
		} finally {
			unlink( $file );
		}

		$this->assertSameTables( $this->db, $this->connect( $config ) );
	}

	public function testDumpOfTheRestoredDatabaseIsByteIdentical(): void {
		$target = $this->connect( $this->createDatabase() );
		( new SqlLoader( $target ) )->load( self::streamOf( $this->dump ) );

		self::assertSameText( $this->dump, $this->dumpDatabase( $target ) );
	}

	public function testTheFixtureHoldsWhatItPromises(): void {
		self::assertSame( (string) PluginTablesFixture::LOG_ROWS, $this->db->fetchValue( 'SELECT COUNT(*) FROM wp_actionscheduler_logs' ) );
		self::assertSame( '18446744073709551615', $this->db->fetchValue( 'SELECT MAX(id) FROM wp_wc_orders' ) );
		self::assertGreaterThanOrEqual( PluginTablesFixture::LARGE_ARGS_BYTES, (int) $this->db->fetchValue( 'SELECT MAX(LENGTH(extended_args)) FROM wp_actionscheduler_actions' ) );
		self::assertGreaterThan( 200 * 1024, (int) $this->db->fetchValue( 'SELECT MAX(LENGTH(schedule)) FROM wp_actionscheduler_actions' ) );
		$engines = $this->db->fetchAll( "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND ENGINE <> 'InnoDB' ORDER BY 1" );
		self::assertSame(
			array(
				array(
					'TABLE_NAME' => 'wp_aria_cache',
					'ENGINE'     => 'Aria',
				),
				array(
					'TABLE_NAME' => 'wp_myisam_log',
					'ENGINE'     => 'MyISAM',
				),
			),
			$engines
		);
		// Collation order is not byte order: a dump that paged by one and compared by the other would lose rows.
		$byCollation = array_column( $this->db->fetchAll( 'SELECT name FROM wp_wfconfig ORDER BY name' ), 'name' );
		$byBytes     = array_column( $this->db->fetchAll( 'SELECT name FROM wp_wfconfig ORDER BY CAST(name AS BINARY)' ), 'name' );
		self::assertNotSame( $byCollation, $byBytes );
	}

	private function assertSameTables( Connection $source, Connection $target ): void {
		$tables = PluginTablesFixture::tables();
		self::assertSame( $tables, ( new InventoryReader( $source ) )->read( 'wp_' )->tables );
		self::assertSame( $tables, ( new InventoryReader( $target ) )->read( 'wp_' )->tables );
		self::assertSame( self::createStatements( $source, $tables ), self::createStatements( $target, $tables ) );
		self::assertSame( self::checksums( $source, $tables ), self::checksums( $target, $tables ) );
		// Generated and spatial columns are not in CHECKSUM's reach the same way: compare them as values too.
		$columns = 'product_id, color, price_rounded, HEX(price), HEX(attrs)';
		self::assertSame( $source->fetchAll( "SELECT {$columns} FROM wp_product_lookup ORDER BY product_id" ), $target->fetchAll( "SELECT {$columns} FROM wp_product_lookup ORDER BY product_id" ) );
		$geo = 'id, ST_AsText(pt), ST_SRID(pt), ST_AsText(area), HEX(pt)';
		self::assertSame( $source->fetchAll( "SELECT {$geo} FROM wp_geo_places ORDER BY id" ), $target->fetchAll( "SELECT {$geo} FROM wp_geo_places ORDER BY id" ) );
		self::assertSame( array( array( 'id' => '2' ) ), $target->fetchAll( "SELECT id FROM wp_search_index WHERE MATCH (title, body) AGAINST ('brûlée')" ) );
	}
}
