<?php
/**
 * S3's URI encoding of keys and query strings.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Remote\S3\UriEncoder;

/**
 * Keys are encoded byte by byte, once, keeping "/" in paths only.
 */
final class UriEncoderTest extends TestCase {

	/**
	 * Key => its encoded path.
	 *
	 * @return array<string, array{string, string}>
	 */
	public static function keys(): array {
		return array(
			'space'                  => array( 'a b', 'a%20b' ),
			'plus is not a space'    => array( 'a+b', 'a%2Bb' ),
			'tilde stays'            => array( 'a~b', 'a~b' ),
			'unreserved stay'        => array( 'A-Z_a.z~0-9', 'A-Z_a.z~0-9' ),
			'slashes kept'           => array( 'backups/2024/x.zip', 'backups/2024/x.zip' ),
			'leading slash kept'     => array( '/x', '/x' ),
			'double slash kept'      => array( 'a//b', 'a//b' ),
			'dots kept'              => array( 'a/../b', 'a/../b' ),
			'unicode as utf-8 bytes' => array( 'café/日本', 'caf%C3%A9/%E6%97%A5%E6%9C%AC' ),
			'percent'                => array( '100%', '100%25' ),
			'already encoded'        => array( 'a%20b', 'a%2520b' ),
			'reserved'               => array( "!'()*\$&=?#:@,;[]", '%21%27%28%29%2A%24%26%3D%3F%23%3A%40%2C%3B%5B%5D' ),
			'control bytes'          => array( "a\nb\x7f", 'a%0Ab%7F' ),
		);
	}

	/**
	 * Object key paths.
	 *
	 * @param string $key      The key.
	 * @param string $expected Its path.
	 */
	#[DataProvider( 'keys' )]
	public function test_key_paths( string $key, string $expected ): void {
		self::assertSame( $expected, UriEncoder::path( $key ) );
	}

	/**
	 * In a query value "/" is encoded too, and hex digits are upper case.
	 */
	public function test_slash_is_encoded_outside_paths(): void {
		self::assertSame( 'a%2Fb', UriEncoder::encode( 'a/b' ) );
		self::assertSame( 'a/b', UriEncoder::encode( 'a/b', false ) );
		self::assertSame( '%C3%BF', UriEncoder::encode( "\xc3\xbf" ) );
	}

	/**
	 * Sorted by byte order of the encoded name, then value; empty values as "name=".
	 */
	public function test_canonical_query(): void {
		self::assertSame(
			'continuation-token=a%2Bb%2Fc%3D%3D&list-type=2&max-keys=1000&prefix=my%20dir%2F&uploads=',
			UriEncoder::query(
				array(
					'uploads'            => '',
					'prefix'             => 'my dir/',
					'max-keys'           => '1000',
					'list-type'          => '2',
					'continuation-token' => 'a+b/c==',
				)
			)
		);
		self::assertSame( '', UriEncoder::query( array() ) );
	}

	/**
	 * Names that look like numbers sort as text, upper case before lower case.
	 */
	public function test_query_sorts_by_bytes_not_numbers(): void {
		self::assertSame(
			'10=a&9=b&Z=c&a=d',
			UriEncoder::query(
				array(
					'a'  => 'd',
					'9'  => 'b',
					'Z'  => 'c',
					'10' => 'a',
				)
			)
		);
	}

	/**
	 * The request path puts the bucket first in path style and the key, encoded, after it.
	 */
	public function test_config_paths_for_both_addressing_styles(): void {
		$path_style = new S3Config( 'http://127.0.0.1:8886', 'us-east-1', 'site-backups', 'key', 'secret' );
		$virtual    = new S3Config( 'https://s3.example.com', 'eu-west-3', 'site-backups', 'key', 'secret', virtualHosted: true );
		$prefixed   = new S3Config( 'https://example.com/storage/', 'us-east-1', 'b-1', 'key', 'secret' );

		self::assertSame( '/site-backups/a%20b/c%2Bd.zip', $path_style->path( 'site-backups', 'a b/c+d.zip' ) );
		self::assertSame( '/site-backups', $path_style->path( 'site-backups' ) );
		self::assertSame( '/', $virtual->path( 'site-backups' ) );
		self::assertSame( '127.0.0.1:8886', $path_style->hostHeader( 'site-backups' ) );
		self::assertSame( '/a%20b/c%2Bd.zip', $virtual->path( 'site-backups', 'a b/c+d.zip' ) );
		self::assertSame( 'site-backups.s3.example.com', $virtual->hostHeader( 'site-backups' ) );
		self::assertSame( '/storage/b-1/k', $prefixed->path( 'b-1', 'k' ) );
		self::assertSame( 'https://example.com/storage', $prefixed->endpoint );
	}

	/**
	 * Default ports are left out of Host, as curl leaves them out; IPv6 keeps its brackets.
	 */
	public function test_host_header_ports(): void {
		self::assertSame( 'example.com', ( new S3Config( 'http://example.com:80', 'r', 'bkt', 'k', 's' ) )->hostHeader( 'bkt' ) );
		self::assertSame( 'example.com', ( new S3Config( 'https://EXAMPLE.com:443/', 'r', 'bkt', 'k', 's' ) )->hostHeader( 'bkt' ) );
		self::assertSame( 'example.com:443', ( new S3Config( 'http://example.com:443', 'r', 'bkt', 'k', 's' ) )->hostHeader( 'bkt' ) );
		self::assertSame( '[::1]:8886', ( new S3Config( 'http://[::1]:8886', 'r', 'bkt', 'k', 's' ) )->hostHeader( 'bkt' ) );
	}
}
