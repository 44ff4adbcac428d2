<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\TableChangedException;
use SiteBackups\Engine\Database\TableDumper;
use SiteBackups\Engine\Database\TableNotFoundException;

final class TableDumperTest extends DatabaseTestCase {

	public function testStrategiesFollowTheKeys(): void {
		HardCasesFixture::create( $this->db );
		$dumper = new TableDumper( $this->db );

		self::assertSame(
			array(
				'strategy' => 'range',
				'key'      => array( 'id' ),
				'width'    => 1,
			),
			$dumper->start( 'wp_hard' )->hint()
		);
		self::assertSame( 'keyset', $dumper->start( 'wp_composite' )->hint()['strategy'] );
		self::assertSame( array( 'site', 'item' ), $dumper->start( 'wp_composite' )->hint()['key'] );
		// No primary key: the unique NOT NULL key, not the nullable one.
		self::assertSame( array( 'code' ), $dumper->start( 'wp_uniq' )->hint()['key'] );
		self::assertSame(
			array(
				'strategy' => 'scan',
				'key'      => array(),
			),
			$dumper->start( 'wp_nokey' )->hint()
		);
	}

	public function testRangeWidthIsAPowerOfTwoNearTheTargetAndAHintIsKept(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 4000 );
		$dumper = new TableDumper( $this->db, new DumpOptions( targetChunkBytes: 64 * 1024, maxChunkBytes: 1024 * 1024 ) );

		$width = $dumper->start( 'wp_posts' )->width;
		self::assertSame( 0, $width & ( $width - 1 ), 'A power of two.' );
		self::assertGreaterThanOrEqual( 128, $width );
		self::assertLessThanOrEqual( 1024, $width );

		$kept = $dumper->start(
			'wp_posts',
			array(
				'strategy' => 'range',
				'key'      => array( 'id' ),
				'width'    => $width * 4,
			)
		)->width;
		self::assertSame( $width * 4, $kept );
		$ignoredOtherKey = $dumper->start(
			'wp_posts',
			array(
				'strategy' => 'range',
				'key'      => array( 'other' ),
				'width'    => 3,
			)
		)->width;
		self::assertSame( $width, $ignoredOtherKey );
		$droppedFarOff = $dumper->start(
			'wp_posts',
			array(
				'strategy' => 'range',
				'key'      => array( 'id' ),
				'width'    => 1,
			)
		)->width;
		self::assertSame( $width, $droppedFarOff, 'A hint 64 times off is re-estimated.' );
	}

	public function testSparseIdsSkipEmptyRanges(): void {
		$this->db->execute( 'CREATE TABLE wp_sparse (id bigint NOT NULL PRIMARY KEY, v int NOT NULL)' );
		$this->db->execute( 'INSERT INTO wp_sparse VALUES (-5000, 1), (3, 2), (4, 3), (1000000, 4), (5000000000000, 5)' );
		$dumper = new TableDumper( $this->db );
		$cursor = $dumper->start( 'wp_sparse' );
		self::assertSame( 1 << 40, $cursor->width, 'Few rows over a wide span: the widest range.' );

		$starts = array();
		$chunks = array();
		while ( $cursor !== null ) {
			$starts[] = $cursor->rangeStart;
			$chunks[] = self::chunkText( $dumper, $cursor, $cursor );
		}

		// Schema + one chunk per occupied range; the three empty ranges before 5e12 are skipped.
		self::assertSame( array( null, -( 1 << 40 ), 0, 4 * ( 1 << 40 ) ), $starts );
		self::assertSame( "INSERT INTO `wp_sparse` (`id`,`v`) VALUES\n(3,2),\n(4,3),\n(1000000,4);\n", $chunks[2] );
	}

	public function testIdsBeyondPhpIntegersFallBackToKeysetPaging(): void {
		$this->db->execute( 'CREATE TABLE wp_huge (id bigint unsigned NOT NULL PRIMARY KEY)' );
		$this->db->execute( 'INSERT INTO wp_huge VALUES (1), (18446744073709551615)' );
		[ $chunks, $hint ] = $this->dumpChunks( $this->db, 'wp_huge', new DumpOptions() );

		self::assertSame( 'keyset', $hint['strategy'] );
		self::assertStringContainsString( "(1),\n(18446744073709551615);", implode( '', $chunks ) );
	}

	public function testADenseRangeIsSplitByTheHardCap(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 200, 4096 );
		$options         = new DumpOptions( maxStatementBytes: 8192, targetChunkBytes: 16384, maxChunkBytes: 16384 );
		[ $chunks ] = $this->dumpChunks(
			$this->db,
			'wp_posts',
			$options,
			array(
				'strategy' => 'range',
				'key'      => array( 'id' ),
				'width'    => 256,
			)
		);

		self::assertGreaterThan( 30, count( $chunks ) );
		foreach ( array_slice( $chunks, 1 ) as $chunk ) {
			self::assertLessThan( 16384 + 8192, strlen( $chunk ) );
		}
	}

	public function testATableDroppedBeforeItsChunkIsReported(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 10 );
		$dumper = new TableDumper( $this->db );
		$cursor = $dumper->start( 'wp_posts' );
		$this->db->execute( 'DROP TABLE wp_posts' );

		try {
			$dumper->writeNextChunk( $cursor, self::memoryStream() );
			self::fail( 'A dropped table must be reported.' );
		} catch ( TableNotFoundException $e ) {
			self::assertSame( 'wp_posts', $e->table );
			self::assertSame( 'Table `wp_posts` no longer exists.', $e->getMessage() );
		}
		$this->expectException( TableNotFoundException::class );
		$dumper->start( 'wp_posts' );
	}

	public function testAnAlteredTableIsReportedInsteadOfMixingShapes(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 10 );
		$dumper = new TableDumper( $this->db );
		$cursor = $dumper->start( 'wp_posts' );
		$next   = null;
		self::chunkText( $dumper, $cursor, $next );
		$this->db->execute( 'ALTER TABLE wp_posts ADD COLUMN extra int' );

		$this->expectException( TableChangedException::class );
		$dumper->writeNextChunk( $next, self::memoryStream() );
	}
}
