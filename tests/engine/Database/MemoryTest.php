<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Tests\Engine\Support\DatabaseDumper;
use SiteBackups\Tests\Engine\Support\SqlLoader;
use SiteBackups\Engine\Database\TableDumper;

/** Shared hosts give PHP 128 MB: memory must not grow with the table. */
final class MemoryTest extends DatabaseTestCase {

	private const TABLE_BYTES = 50 * 1024 * 1024;
	private const MAX_GROWTH  = 16 * 1024 * 1024;

	public function testDumpingA50MegabyteTableStaysUnder16MegabytesOfMemory(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 500, intdiv( self::TABLE_BYTES, 500 ) );
		$out = tmpfile();
		self::assertIsResource( $out );
		$dumper = new TableDumper( $this->db );

		self::resetPeakMemory();
		$before = memory_get_usage();
		$cursor = $dumper->start( 'wp_posts' );
		$chunks = 0;
		while ( $cursor !== null ) {
			$cursor = $dumper->writeNextChunk( $cursor, $out );
			++$chunks;
		}
		$growth = memory_get_peak_usage() - $before;

		self::assertGreaterThan( self::TABLE_BYTES, ftell( $out ) );
		self::assertGreaterThan( 40, $chunks, 'About 1 MB per chunk.' );
		self::assertLessThan( self::MAX_GROWTH, $growth, sprintf( 'Peak memory grew by %.1f MB.', $growth / 1048576 ) );
		fclose( $out );
	}

	public function testDumpingAndLoadingAWholeDatabaseStreams(): void {
		BigTables::integerKeyed( $this->db, 'wp_posts', 500, intdiv( self::TABLE_BYTES, 500 ) );
		$file = tmpfile();
		self::assertIsResource( $file );
		$target = $this->connect( $this->createDatabase() );

		self::resetPeakMemory();
		$before = memory_get_usage();
		( new DatabaseDumper( $this->db ) )->dump( 'wp_', $file );
		rewind( $file );
		( new SqlLoader( $target ) )->load( $file );
		$growth = memory_get_peak_usage() - $before;

		self::assertSame( self::checksums( $this->db, array( 'wp_posts' ) ), self::checksums( $target, array( 'wp_posts' ) ) );
		self::assertLessThan( self::MAX_GROWTH, $growth, sprintf( 'Peak memory grew by %.1f MB.', $growth / 1048576 ) );
		fclose( $file );
	}

	private static function resetPeakMemory(): void {
		if ( ! function_exists( 'memory_reset_peak_usage' ) ) {
			self::markTestSkipped( 'Measuring peak memory needs PHP 8.2 (memory_reset_peak_usage).' );
		}
		gc_collect_cycles();
		memory_reset_peak_usage();
	}
}
