<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\InventoryReader;
use SiteBackups\Tests\Engine\Support\SqlLoader;
use SiteBackups\Engine\Database\SqlStatementReader;
use SiteBackups\Engine\Database\TriggerDumper;
use SiteBackups\Engine\Database\ViewDumper;

/** Dump the hard cases, load them elsewhere, and compare everything. */
final class RoundTripTest extends DatabaseTestCase {

	private string $dump;

	protected function setUp(): void {
		parent::setUp();
		HardCasesFixture::create( $this->db );
		$this->dump = $this->dumpDatabase( $this->db );
	}

	public function testSqlLoaderRestoresEveryTableViewAndTriggerIdentically(): void {
		$target = $this->connect( $this->createDatabase() );
		( new SqlLoader( $target ) )->load( self::streamOf( $this->dump ) );

		$this->assertSameDatabase( $this->db, $target );
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

		$this->assertSameDatabase( $this->db, $this->connect( $config ) );
	}

	public function testDumpOfTheRestoredDatabaseIsByteIdentical(): void {
		$target = $this->connect( $this->createDatabase() );
		( new SqlLoader( $target ) )->load( self::streamOf( $this->dump ) );

		self::assertSameText( $this->dump, $this->dumpDatabase( $target ) );
	}

	public function testOtherPrefixesAreLeftOut(): void {
		foreach ( HardCasesFixture::NEIGHBOURS as $table ) {
			self::assertStringNotContainsString( '`' . $table . '`', $this->dump );
		}
		self::assertStringNotContainsString( 'wp2_view', $this->dump );
		self::assertStringNotContainsString( 'wp_named_but_foreign', $this->dump );
	}

	public function testGeneratedColumnsAreNotInsertedAndInvisibleColumnsAre(): void {
		preg_match( '/INSERT INTO `wp_hard` \(([^)]*)\)/', $this->dump, $m );
		self::assertStringNotContainsString( '`gen_v`', $m[1] );
		self::assertStringNotContainsString( '`gen_s`', $m[1] );
		self::assertStringContainsString( '`hidden`', $m[1] );
	}

	public function testViewsAndTriggersHaveNoDefiner(): void {
		self::assertStringNotContainsStringIgnoringCase( 'DEFINER=', $this->dump );
		self::assertStringContainsString( 'SQL SECURITY INVOKER VIEW `wp_z_view`', $this->dump );
		// A view comes after the view it reads, whatever the names' order.
		self::assertLessThan( strpos( $this->dump, 'VIEW `wp_a_view`' ), strpos( $this->dump, 'VIEW `wp_z_view`' ) );
	}

	public function testTheLongRowGetsAStatementOfItsOwnAndOthersStayUnderTheCap(): void {
		$inserts = 0;
		foreach ( ( new SqlStatementReader( self::streamOf( $this->dump ) ) )->statements() as $statement ) {
			if ( ! str_starts_with( $statement, 'INSERT INTO' ) ) {
				continue;
			}
			++$inserts;
			// Raw newlines never occur inside values (they are escaped), so this counts rows exactly.
			$rows = substr_count( $statement, ",\n(" ) + 1;
			if ( strlen( $statement ) > 512 * 1024 ) {
				self::assertSame( 1, $rows, 'An oversized statement must hold a single row.' );
				self::assertGreaterThan( HardCasesFixture::LONG_ROW_BYTES, strlen( $statement ) );
			}
		}
		self::assertGreaterThan( 5, $inserts );
	}

	public function testTriggersStillFireAfterTheRestore(): void {
		$target = $this->connect( $this->createDatabase() );
		( new SqlLoader( $target ) )->load( self::streamOf( $this->dump ) );

		$target->execute( "INSERT INTO wp_composite (site, item) VALUES ('new', 1)" );
		$row = $target->fetchRow( "SELECT payload, counter FROM wp_composite WHERE site = 'new'" );
		self::assertSame(
			array(
				'payload' => 'default; with semicolon',
				'counter' => '10',
			),
			$row
		);
		$target->execute( "UPDATE wp_sparse SET v = 'changed' WHERE id = 1" );
		self::assertSame( 'changed!', $target->fetchValue( 'SELECT v FROM wp_sparse WHERE id = 1' ) );
	}

	private function assertSameDatabase( Connection $source, Connection $target ): void {
		$sourceInventory = ( new InventoryReader( $source ) )->read( 'wp_' );
		$targetInventory = ( new InventoryReader( $target ) )->read( 'wp_' );
		self::assertSame( HardCasesFixture::TABLES, $sourceInventory->tables );
		self::assertSame( $sourceInventory->tables, $targetInventory->tables );
		self::assertSame( $sourceInventory->views, $targetInventory->views );
		self::assertEquals( $sourceInventory->triggers, $targetInventory->triggers );

		self::assertSame( self::checksums( $source, $sourceInventory->tables ), self::checksums( $target, $targetInventory->tables ) );
		self::assertSame( self::createStatements( $source, $sourceInventory->tables ), self::createStatements( $target, $targetInventory->tables ) );
		// Beyond CHECKSUM: compare the hard table value by value, hex for exactness.
		$columns = 'id, HEX(maybe), HEX(txt), HEX(bin), HEX(blb), HEX(fixed), HEX(emoji), zero_dt, zero_d, ts, amount, HEX(f), HEX(d), bits + 0,'
			. ' HEX(doc), en, st, yr, tm, big, gen_v, gen_s, hidden';
		self::assertSame(
			$source->fetchAll( "SELECT {$columns} FROM wp_hard ORDER BY id" ),
			$target->fetchAll( "SELECT {$columns} FROM wp_hard ORDER BY id" ),
		);

		$sourceViews = new ViewDumper( $source );
		$targetViews = new ViewDumper( $target );
		foreach ( HardCasesFixture::VIEWS as $view ) {
			self::assertSame( $sourceViews->dump( $view ), $targetViews->dump( $view ) );
			self::assertSame( $source->fetchAll( "SELECT * FROM `{$view}`" ), $target->fetchAll( "SELECT * FROM `{$view}`" ) );
		}
		$sourceTriggers = new TriggerDumper( $source );
		$targetTriggers = new TriggerDumper( $target );
		foreach ( $sourceInventory->triggers as $trigger ) {
			self::assertSame( $sourceTriggers->dump( $trigger ), $targetTriggers->dump( $trigger ) );
		}
		self::assertSame( array( 'wp_composite_bi', 'wp_composite_bi2', 'wp_sparse_bu' ), array_map( static fn ( $t) => $t->name, $targetInventory->triggers ) );
	}
}
