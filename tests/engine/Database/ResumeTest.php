<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\DumpCursor;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\TableDumper;

/** A dump interrupted between chunks continues, in a new process, exactly where it stopped. */
final class ResumeTest extends DatabaseTestCase {

	/** @return iterable<string, array{string}> */
	public static function tables(): iterable {
		yield 'integer key (ranges)' => array( 'wp_posts' );
		yield 'composite key (keyset)' => array( 'wp_meta' );
	}

	#[\PHPUnit\Framework\Attributes\DataProvider( 'tables' )]
	public function testResumingFromAJsonCursorGivesTheUninterruptedDump( string $table ): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 4000 );
		BigTables::compositeKeyed( $this->db, 'wp_meta', 4000 );
		$options                = new DumpOptions( maxStatementBytes: 4096, targetChunkBytes: 16384, maxChunkBytes: 65536 );
		[ $uninterrupted ] = $this->dumpChunks( $this->db, $table, $options );

		$dumper = new TableDumper( $this->db, $options );
		$cursor = $dumper->start( $table );
		$text   = '';
		for ( $i = 0; $i < 4; ++$i ) {
			$text .= self::chunkText( $dumper, $cursor, $cursor );
		}
		$saved = json_encode( $cursor?->toArray(), JSON_THROW_ON_ERROR );

		// "Next request": new connection, new dumper, cursor from JSON.
		$resumedDumper = new TableDumper( $this->connect( $this->config ), $options );
		$cursor        = DumpCursor::fromArray( json_decode( $saved, true, 512, JSON_THROW_ON_ERROR ) );
		while ( $cursor !== null ) {
			$text .= self::chunkText( $resumedDumper, $cursor, $cursor );
		}

		self::assertSameText( implode( '', $uninterrupted ), $text );
	}

	#[\PHPUnit\Framework\Attributes\DataProvider( 'tables' )]
	public function testRepeatingAChunkFromTheSameCursorIsIdempotent( string $table ): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 2000 );
		BigTables::compositeKeyed( $this->db, 'wp_meta', 2000 );
		$dumper = new TableDumper( $this->db, new DumpOptions( maxStatementBytes: 4096, targetChunkBytes: 16384, maxChunkBytes: 65536 ) );
		$cursor = $dumper->start( $table );
		self::chunkText( $dumper, $cursor, $cursor );
		self::chunkText( $dumper, $cursor, $cursor );

		$first = self::chunkText( $dumper, $cursor, $nextA );
		$again = self::chunkText( $dumper, $cursor, $nextB );

		self::assertSame( $first, $again );
		self::assertEquals( $nextA, $nextB );
		self::assertNotSame( '', $first );
	}

	public function testAKeysetCursorCarriesStringKeysSafelyThroughJson(): void {
		$this->db->execute(
			'CREATE TABLE wp_strings (k varbinary(20) NOT NULL PRIMARY KEY, t varchar(20) NOT NULL, v int NOT NULL,'
			. ' UNIQUE KEY t (t)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4'
		);
		$this->db->execute( "INSERT INTO wp_strings VALUES (0x00ff27, 'it''s', 1), (0x5c, '😀\\\\', 2), (0x61, 'a', 3), ('', 'empty', 4)" );
		$options                       = new DumpOptions( maxStatementBytes: 4096, targetChunkBytes: 1024, maxChunkBytes: 1024 );
		$everyRow                      = array(
			'strategy' => 'keyset',
			'key'      => array( 'k' ),
			'modulus'  => 1,
		);
		[ $uninterrupted, $hint ] = $this->dumpChunks( $this->db, 'wp_strings', $options, $everyRow );
		self::assertSame( $everyRow, $hint );

		$dumper = new TableDumper( $this->db, $options );
		$cursor = $dumper->start( 'wp_strings', $everyRow );
		$chunks = array();
		while ( $cursor !== null ) {
			$chunks[] = self::chunkText( $dumper, $cursor, $cursor );
			if ( $cursor !== null ) {
				$cursor = DumpCursor::fromArray( json_decode( json_encode( $cursor->toArray(), JSON_THROW_ON_ERROR ), true ) );
			}
		}
		// Modulus 1 cuts after every row: schema + 4 single-row chunks.
		self::assertCount( 5, $chunks );
		self::assertSame( $uninterrupted, $chunks );
	}

	public function testATamperedCursorIsRejected(): void {
		BigTables::compositeKeyed( $this->db, 'wp_meta', 10 );
		$cursor          = ( new TableDumper( $this->db ) )->start( 'wp_meta' )->toArray();
		$cursor['phase'] = 'data';
		$cursor['after'] = array( "'x' OR 1=1 --", '1' );

		$this->expectException( \InvalidArgumentException::class );
		DumpCursor::fromArray( $cursor );
	}
}
