<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\DumpOptions;

/** Unchanged rows must give unchanged chunks, so that they deduplicate. */
final class DeterminismTest extends DatabaseTestCase {

	private DumpOptions $options;

	protected function setUp(): void {
		parent::setUp();
		// Small chunks, so that 10,000 rows make many of them.
		$this->options = new DumpOptions( maxStatementBytes: 4096, targetChunkBytes: 16384, maxChunkBytes: 65536 );
	}

	public function testDumpingTwiceGivesIdenticalChunks(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 3000 );
		BigTables::compositeKeyed( $this->db, 'wp_meta', 3000 );
		HardCasesFixture::create( $this->db );

		foreach ( array( 'wp_posts', 'wp_meta', 'wp_hard', 'wp_nokey', 'wp_composite', 'wp_uniq' ) as $table ) {
			[ $first, $hint ] = $this->dumpChunks( $this->db, $table, $this->options );
			[ $second ]       = $this->dumpChunks( $this->db, $table, $this->options );
			[ $third ]        = $this->dumpChunks( $this->db, $table, $this->options, $hint );
			self::assertSame( $first, $second, $table );
			self::assertSame( $first, $third, $table );
		}
	}

	public function testUpdatingOneRowChangesOnlyItsRangeChunk(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 10000 );
		[ $before, $hint ] = $this->dumpChunks( $this->db, 'wp_posts', $this->options );
		self::assertSame( 'range', $hint['strategy'] );
		self::assertGreaterThan( 20, count( $before ) );

		$this->db->execute( "UPDATE wp_posts SET body = 'edited' WHERE id = 5000" );
		// A new day: tables statistics may have moved, the hint keeps the boundaries.
		[ $after, $hintAfter ] = $this->dumpChunks( $this->db, 'wp_posts', $this->options, $hint );

		self::assertSame( $hint, $hintAfter );
		self::assertCount( count( $before ), $after );
		$changed = array_keys( array_diff_assoc( $before, $after ) );
		self::assertCount( 1, $changed );
		self::assertStringContainsString( "(5000,'title 5000','edited')", $after[ $changed[0] ] );
	}

	public function testDeletingRowsChangesOnlyTheirRanges(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 10000 );
		[ $before, $hint ] = $this->dumpChunks( $this->db, 'wp_posts', $this->options );

		$this->db->execute( 'DELETE FROM wp_posts WHERE id IN (17, 18, 9000)' );
		[ $after ] = $this->dumpChunks( $this->db, 'wp_posts', $this->options, $hint );

		self::assertCount( count( $before ), $after );
		self::assertCount( 2, array_diff_assoc( $before, $after ) );
	}

	public function testInsertingIntoACompositeKeyTableChangesOneOrTwoChunks(): void {
		BigTables::compositeKeyed( $this->db, 'wp_meta', 5000 );
		[ $before, $hint ] = $this->dumpChunks( $this->db, 'wp_meta', $this->options );
		self::assertSame( 'keyset', $hint['strategy'] );
		self::assertGreaterThan( 20, count( $before ) );

		$this->db->execute( "INSERT INTO wp_meta VALUES ('group-025', 2500000, 'inserted in the middle')" );
		[ $after ] = $this->dumpChunks( $this->db, 'wp_meta', $this->options, $hint );

		$new  = array_diff( $after, $before );
		$gone = array_diff( $before, $after );
		self::assertGreaterThanOrEqual( 1, count( $new ) );
		self::assertLessThanOrEqual( 2, count( $new ), 'An insert may split its chunk in two, nothing more.' );
		self::assertCount( 1, $gone );
		self::assertStringContainsString( 'inserted in the middle', implode( '', $new ) );
	}

	public function testEveryChunkIsAWholeNumberOfStatementsUnderTheCap(): void {
		BigTables::compositeKeyed( $this->db, 'wp_meta', 2000 );
		[ $chunks ] = $this->dumpChunks( $this->db, 'wp_meta', $this->options );
		foreach ( array_slice( $chunks, 1 ) as $chunk ) {
			self::assertStringStartsWith( 'INSERT INTO `wp_meta`', $chunk );
			self::assertStringEndsWith( ");\n", $chunk );
			foreach ( explode( ";\nINSERT", $chunk ) as $statement ) {
				self::assertLessThanOrEqual( 4096, strlen( $statement ) + 8 );
			}
		}
	}
}
