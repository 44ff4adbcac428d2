<?php
/**
 * Replacement inside PHP serialized data, without unserialize().
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// The data under test is serialize() and json_encode() output, written by PHP itself.
// phpcs:disable WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize, WordPress.WP.AlternativeFunctions.json_encode_json_encode

namespace SiteBackups\Tests\Engine\Rewrite;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Rewrite\ReplacedValue;
use SiteBackups\Engine\Rewrite\ValueReplacer;
use stdClass;

/**
 * Serialized values come out as serialize() would have written the rewritten data.
 */
final class ValueReplacerTest extends TestCase {

	private const OLD = 'http://localhost:8888';
	private const NEW = 'http://localhost:8889';

	/**
	 * Data shapes, each given once with the old URL and once with the new.
	 *
	 * @return iterable<string, array{mixed, mixed}>
	 */
	public static function shapes(): iterable {
		foreach ( array( 'http://a.test', self::NEW, 'https://staging.example.org/sub/dir' ) as $new ) {
			yield 'flat array to ' . $new => array( self::flat( self::OLD ), self::flat( $new ), $new );
		}
		yield 'string alone' => array( self::OLD . '/a', self::NEW . '/a', self::NEW );
		yield 'multibyte around' => array(
			array( 'caption' => 'Café «' . self::OLD . '/été.jpg» 日本語 😀' ),
			array( 'caption' => 'Café «' . self::NEW . '/été.jpg» 日本語 😀' ),
			self::NEW,
		);
		yield 'nested serialized string (widget holding a serialized array)' => array(
			self::widget( self::OLD ),
			self::widget( self::NEW ),
			self::NEW,
		);
		yield 'JSON inside a serialized string' => array(
			array( 'settings' => json_encode( array( 'logo' => self::OLD . '/logo.png' ) ) ),
			array( 'settings' => json_encode( array( 'logo' => self::NEW . '/logo.png' ) ) ),
			self::NEW,
		);
		yield 'special doubles' => array(
			array( INF, -INF, 1.0E+25, -0.0, 0.1, self::OLD ),
			array( INF, -INF, 1.0E+25, -0.0, 0.1, self::NEW ),
			self::NEW,
		);
	}

	/**
	 * The rewritten bytes equal serialize() of the rewritten data.
	 *
	 * @param mixed  $before Data holding the old URL.
	 * @param mixed  $after  The same data holding the new URL.
	 * @param string $new    The new URL.
	 */
	#[DataProvider( 'shapes' )]
	public function testSerializedDataComesOutAsSerializeWouldWriteIt( mixed $before, mixed $after, string $new ): void {
		$result = ValueReplacer::forSiteMove( self::OLD, $new )->replace( serialize( $before ) );

		self::assertSame( serialize( $after ), $result->value );
		self::assertTrue( $result->changed );
		self::assertSame( 0, $result->malformed );
	}

	/**
	 * Objects keep their class (loaded or not), property names and visibility.
	 */
	public function testObjectsKeepTheirClassAndPropertyNames(): void {
		$logo        = new stdClass();
		$logo->url   = self::OLD . '/h.jpg';
		$logo->width = 1200;
		$before      = serialize( array( 'header_image_data' => $logo ) );
		$logo->url   = self::NEW . '/h.jpg';
		$after       = serialize( array( 'header_image_data' => $logo ) );
		$members     = ':2:{s:6:"' . "\0*\0" . 'url";s:25:"%s/set";s:11:"' . "\0Vendor\0" . 'key";i:3;}';
		$unloaded    = 'O:22:"Vendor\\Plugin\\Settings"' . sprintf( $members, self::OLD );

		self::assertSame( $after, self::replacer()->replace( $before )->value );
		self::assertSame( 'O:22:"Vendor\\Plugin\\Settings"' . sprintf( $members, self::NEW ), self::replacer()->replace( $unloaded )->value );
	}

	/**
	 * References point at value positions, which do not move.
	 */
	public function testReferencesAreCopied(): void {
		$before = self::referencing( self::OLD );
		$after  = self::referencing( self::NEW );

		$result = self::replacer()->replace( serialize( $before ) );

		self::assertStringContainsString( 'R:2;', $result->value );
		self::assertStringContainsString( 'r:3;', $result->value );
		self::assertSame( serialize( $after ), $result->value );
	}

	/**
	 * Enums, legacy S: strings and integer keys are copied byte for byte.
	 */
	public function testEnumsEscapedStringsAndKeysAreCopied(): void {
		$before = 'a:4:{i:0;E:11:"Suit:Hearts";s:21:"' . self::OLD . '";s:21:"' . self::OLD . '";i:-7;S:2:"\\41b";s:1:"u";s:22:"' . self::OLD . '/";}';
		$after  = 'a:4:{i:0;E:11:"Suit:Hearts";s:21:"' . self::OLD . '";s:21:"' . self::NEW . '";i:-7;S:2:"\\41b";s:1:"u";s:22:"' . self::NEW . '/";}';

		self::assertSame( $after, self::replacer()->replace( $before )->value );
	}

	/**
	 * A C: payload that is itself serialize() output is rewritten with its new length.
	 */
	public function testCustomSerializedPayloadThatIsSerializedDataIsRewritten(): void {
		$payload       = serialize( array( 'u' => self::OLD . '/x' ) );
		$payload_after = serialize( array( 'u' => 'https://staging.example.org/x' ) );
		$before        = 'a:1:{i:0;C:6:"MyList":' . strlen( $payload ) . ':{' . $payload . '}}';

		$result = ValueReplacer::forSiteMove( self::OLD, 'https://staging.example.org' )->replace( $before );

		self::assertSame( 'a:1:{i:0;C:6:"MyList":' . strlen( $payload_after ) . ':{' . $payload_after . '}}', $result->value );
		self::assertSame( 0, $result->opaque );
	}

	/**
	 * Any other C: payload is the class's own format: left alone and reported.
	 */
	public function testCustomSerializedPayloadInAnUnknownFormatIsLeftAlone(): void {
		$payload = 'x:i:0;a:1:{i:0;s:21:"' . self::OLD . '";};m:a:0:{}';
		$before  = 'a:2:{i:0;C:11:"ArrayObject":' . strlen( $payload ) . ':{' . $payload . '}i:1;s:21:"' . self::OLD . '";}';

		$result = self::replacer()->replace( $before );

		self::assertSame( 'a:2:{i:0;C:11:"ArrayObject":' . strlen( $payload ) . ':{' . $payload . '}i:1;s:21:"' . self::NEW . '";}', $result->value );
		self::assertSame( 1, $result->opaque );
	}

	/**
	 * Broken serialized data (a length already wrong, cut short, extra bytes, unknown type).
	 *
	 * @return iterable<string, array{string}>
	 */
	public static function malformed(): iterable {
		yield 'wrong length' => array( 'a:1:{s:3:"url";s:99:"' . self::OLD . '/";}' );
		yield 'length one short' => array( 's:21:"' . self::OLD . '/";' );
		yield 'cut short' => array( 'a:2:{s:3:"url";s:22:"' . self::OLD . '/";}' );
		yield 'bytes after' => array( 's:21:"' . self::OLD . '";s:0:"";' );
		yield 'unknown type' => array( 'a:1:{i:0;x:21:"' . self::OLD . '";}' );
		yield 'bad key' => array( 'a:1:{d:0.5;s:21:"' . self::OLD . '";}' );
		yield 'object without count' => array( 'O:8:"stdClass":{s:1:"u";s:21:"' . self::OLD . '";}' );
		yield 'nested too deeply' => array( str_repeat( 'a:1:{i:0;', 600 ) . 's:21:"' . self::OLD . '";' . str_repeat( '}', 600 ) );
	}

	/**
	 * Malformed serialized data is left byte for byte unchanged and counted.
	 *
	 * @param string $value Broken serialized data holding the old URL.
	 */
	#[DataProvider( 'malformed' )]
	public function testMalformedSerializedDataIsLeftUnchanged( string $value ): void {
		$result = self::replacer()->replace( $value );

		self::assertSame( $value, $result->value );
		self::assertFalse( $result->changed );
		self::assertSame( 1, $result->malformed );
	}

	/**
	 * A broken string inside sound data is left alone; the rest is rewritten.
	 */
	public function testMalformedNestedStringIsLeftWhileTheRestIsRewritten(): void {
		$inner  = 'a:1:{i:0;s:99:"' . self::OLD . '";}';
		$before = serialize( array( $inner, self::OLD ) );

		$result = self::replacer()->replace( $before );

		self::assertSame( serialize( array( $inner, self::NEW ) ), $result->value );
		self::assertSame( 1, $result->malformed );
	}

	/**
	 * Text that only starts like serialized data is text.
	 */
	public function testTextStartingLikeSerializedDataIsReplacedAsText(): void {
		self::assertSame( 's: see ' . self::NEW . '/;', self::replacer()->replace( 's: see ' . self::OLD . '/;' )->value );
		self::assertSame( 'a:1:{' . self::NEW, self::replacer()->replace( 'a:1:{' . self::OLD )->value );
	}

	/**
	 * A value without the URL is returned untouched and unreported.
	 */
	public function testValuesWithoutTheUrlAreUntouched(): void {
		$broken = 'a:1:{s:3:"url";s:99:"http://elsewhere.test/";}';

		self::assertEquals( new ReplacedValue( $broken, false, 0, 0 ), self::replacer()->replace( $broken ) );
	}

	/**
	 * Serialized data stays stable when the new URL contains the old one.
	 */
	public function testASecondRunOfSerializedDataChangesNothing(): void {
		$replacer = ValueReplacer::forSiteMove( 'http://example.com', 'http://example.com/staging' );
		$before   = serialize( array( 'http://example.com/x', serialize( array( '//example.com' ) ) ) );

		$once = $replacer->replace( $before )->value;

		self::assertSame( serialize( array( 'http://example.com/staging/x', serialize( array( '//example.com/staging' ) ) ) ), $once );
		self::assertFalse( $replacer->replace( $once )->changed );
	}

	/**
	 * Scalars of every type around the URL.
	 *
	 * @param string $url The site URL.
	 * @return array<string, mixed>
	 */
	private static function flat( string $url ): array {
		return array(
			'url'  => $url . '/x',
			'n'    => 5,
			'f'    => 1.5,
			'yes'  => true,
			'none' => null,
			'list' => array( $url, 'plain' ),
		);
	}

	/**
	 * A widget option whose content is itself serialized, twice over.
	 *
	 * @param string $url The site URL.
	 * @return array<int|string, mixed>
	 */
	private static function widget( string $url ): array {
		$inner = array(
			'href'   => $url . '/about',
			'deeper' => serialize( array( $url ) ),
		);

		return array(
			2              => array( 'content' => serialize( $inner ) ),
			'_multiwidget' => 1,
		);
	}

	/**
	 * An array with a PHP reference (R:) and a second use of one object (r:).
	 *
	 * @param string $url The site URL.
	 * @return array<string, mixed>
	 */
	private static function referencing( string $url ): array {
		$data         = array(
			'a' => $url,
			'o' => new stdClass(),
		);
		$data['b']    = &$data['a'];
		$data['same'] = $data['o'];

		return $data;
	}

	/**
	 * Production to staging on the development sites.
	 */
	private static function replacer(): ValueReplacer {
		return ValueReplacer::forSiteMove( self::OLD, self::NEW );
	}
}
