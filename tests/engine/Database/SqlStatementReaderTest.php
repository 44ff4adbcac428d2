<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Database\SqlStatementReader;

/** Splitting SQL into statements, whatever the read block boundaries (no database needed). */
final class SqlStatementReaderTest extends TestCase {

	/** @return iterable<string, array{int}> */
	public static function blockSizes(): iterable {
		foreach ( array( 1, 2, 3, 5, 7, 64, 65536 ) as $size ) {
			yield "{$size}-byte reads" => array( $size );
		}
	}

	#[DataProvider( 'blockSizes' )]
	public function testSemicolonsInsideQuotesAndCommentsDoNotSplit( int $blockSize ): void {
		$sql = "-- leading comment; with semicolon\n"
			. "# hash comment;\n"
			. "/* block; comment */\n"
			. "INSERT INTO `t` VALUES ('a;b', 'it\\'s; fine', 'doubled '';' , \"dq;\\\"\", 'back\\\\', 'x');\n"
			. "SELECT `odd;``name` FROM t -- trailing; comment\n WHERE a = '--;' ;\n"
			. "SELECT 1--1;\n"
			. "SELECT 1 -- a comment;\n 2;\n"
			. "SELECT '/*;*/' /* inline; */ ;\n"
			. "\n\n  ;  \n"
			. "SELECT 2 # end\n;"
			. 'SELECT 3';

		self::assertSame(
			array(
				"INSERT INTO `t` VALUES ('a;b', 'it\\'s; fine', 'doubled '';' , \"dq;\\\"\", 'back\\\\', 'x')",
				"SELECT `odd;``name` FROM t -- trailing; comment\n WHERE a = '--;'",
				'SELECT 1--1',
				"SELECT 1 -- a comment;\n 2",
				"SELECT '/*;*/' /* inline; */",
				'SELECT 2 # end',
				'SELECT 3',
			),
			$this->split( $sql, $blockSize )
		);
	}

	#[DataProvider( 'blockSizes' )]
	public function testDelimiterBlocksKeepTriggerBodiesWhole( int $blockSize ): void {
		$trigger = "CREATE TRIGGER `t` BEFORE INSERT ON `x` FOR EACH ROW BEGIN\n  SET NEW.a = ';';\n  SET NEW.b = 1;\nEND";
		$sql     = "SET @a = 1;\nDELIMITER ;;\n{$trigger};;\ndelimiter $$\nSELECT ';;' $$\nDELIMITER ;\nSELECT 2;\n";

		self::assertSame( array( 'SET @a = 1', $trigger, "SELECT ';;'", 'SELECT 2' ), $this->split( $sql, $blockSize ) );
	}

	#[DataProvider( 'blockSizes' )]
	public function testExecutableCommentsAreStatements( int $blockSize ): void {
		$sql = "/*!40101 SET NAMES utf8mb4 */;\n/*M!100100 SET x = 1 */;\n/* plain */ SELECT 1;";

		self::assertSame( array( '/*!40101 SET NAMES utf8mb4 */', '/*M!100100 SET x = 1 */', 'SELECT 1' ), $this->split( $sql, $blockSize ) );
	}

	public function testBinaryAndMultibyteDataPassesThroughUnchanged(): void {
		$value = "'\\0\\n\\r\\Z\\\\\\'😀 𝄞 中文'";
		$sql   = "INSERT INTO t VALUES ({$value}, 0x00ff);\nINSERT INTO t VALUES ('');";

		self::assertSame( array( "INSERT INTO t VALUES ({$value}, 0x00ff)", "INSERT INTO t VALUES ('')" ), $this->split( $sql, 3 ) );
	}

	public function testALargeStatementIsReturnedWhole(): void {
		$big = "INSERT INTO t VALUES ('" . str_repeat( "a;b\\'c", 400000 ) . "')";
		$sql = $big . ";\nSELECT 1;";

		self::assertSame( array( $big, 'SELECT 1' ), $this->split( $sql, 8192 ) );
	}

	public function testEmptyAndCommentOnlyInputsGiveNoStatements(): void {
		self::assertSame( array(), $this->split( '', 10 ) );
		self::assertSame( array(), $this->split( "-- only a comment\n/* and this */\n;;\n", 10 ) );
		// Without a final delimiter the rest is one statement (the server ignores a trailing comment).
		self::assertSame( array( "SELECT 1\n-- trailing comment" ), $this->split( "SELECT 1\n-- trailing comment", 4 ) );
	}

	/** @return list<string> */
	private function split( string $sql, int $blockSize ): array {
		$stream = fopen( 'php://temp', 'w+b' );
		self::assertIsResource( $stream );
		fwrite( $stream, $sql );
		rewind( $stream );

		return iterator_to_array( ( new SqlStatementReader( $stream, $blockSize ) )->statements(), false );
	}
}
