<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Database\SqlLiteral;
use SiteBackups\Engine\Database\ValueKind;

final class SqlLiteralTest extends TestCase {

	public function testStringsEscapeEverythingTheParserCaresAbout(): void {
		self::assertSame( "'a\\'b\\\\c\\0d\\ne\\rf\\Zg\"h😀'", SqlLiteral::string( "a'b\\c\0d\ne\rf\x1ag\"h😀" ) );
	}

	public function testBinaryIsHexAndEmptyBinaryIsAnEmptyString(): void {
		self::assertSame( '0x00ff27', SqlLiteral::binary( "\x00\xff'" ) );
		self::assertSame( "''", SqlLiteral::binary( '' ) );
	}

	public function testValueKindsEncodeNullAndBareNumbers(): void {
		self::assertSame( 'NULL', ValueKind::Text->encode( null ) );
		self::assertSame( '-12.5000', ValueKind::Number->encode( '-12.5000' ) );
		self::assertSame( "'12'", ValueKind::Text->encode( '12' ) );
		self::assertSame( ValueKind::Binary, ValueKind::forDataType( 'longblob' ) );
		self::assertSame( ValueKind::Number, ValueKind::forDataType( 'bit' ) );
		self::assertSame( ValueKind::Text, ValueKind::forDataType( 'json' ) );
	}

	public function testIsLiteralAcceptsOnlyOneLiteral(): void {
		foreach ( array( '42', '-7', '1.5e-300', '0x00ff', "''", "'it\\'s'", "'a\\\\'" ) as $literal ) {
			self::assertTrue( SqlLiteral::isLiteral( $literal ), $literal );
		}
		foreach ( array( "'a' OR 1=1", "'a\\'", '1; DROP TABLE x', '0xZZ', "'a'--", '' ) as $notLiteral ) {
			self::assertFalse( SqlLiteral::isLiteral( $notLiteral ), $notLiteral );
		}
	}
}
