<?php
/**
 * Plain-text URL replacement: boundaries, escaped forms, repeated runs.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Rewrite;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Rewrite\ReplacementPairs;
use SiteBackups\Engine\Rewrite\TextReplacer;

/**
 * The replacement applied to every string, serialized or not.
 */
final class TextReplacerTest extends TestCase {

	/**
	 * Texts where the URL ends and is replaced.
	 *
	 * @return iterable<string, array{string, string}>
	 */
	public static function replacedEndings(): iterable {
		yield 'end of text' => array( 'http://localhost:8888', 'http://localhost:8889' );
		yield 'path' => array( 'http://localhost:8888/wp-admin/', 'http://localhost:8889/wp-admin/' );
		yield 'double quote' => array( '<a href="http://localhost:8888">', '<a href="http://localhost:8889">' );
		yield 'single quote' => array( "url('http://localhost:8888')", "url('http://localhost:8889')" );
		yield 'query' => array( 'http://localhost:8888?p=1', 'http://localhost:8889?p=1' );
		yield 'fragment' => array( 'http://localhost:8888#top', 'http://localhost:8889#top' );
		yield 'whitespace' => array( "http://localhost:8888\tnext", "http://localhost:8889\tnext" );
		yield 'tag' => array( '<p>http://localhost:8888</p>', '<p>http://localhost:8889</p>' );
		yield 'backslash' => array( 'http://localhost:8888\\', 'http://localhost:8889\\' );
		yield 'sentence end' => array( 'Visit http://localhost:8888.', 'Visit http://localhost:8889.' );
		yield 'comma and parenthesis' => array( '(http://localhost:8888, x)', '(http://localhost:8889, x)' );
		yield 'colon without port' => array( 'see http://localhost:8888: it', 'see http://localhost:8889: it' );
		yield 'non-ASCII after' => array( '«http://localhost:8888»', '«http://localhost:8889»' );
		yield 'multibyte around' => array( '日本語http://localhost:8888/ページ', '日本語http://localhost:8889/ページ' );
		yield 'https' => array( 'https://localhost:8888/x', 'http://localhost:8889/x' );
		yield 'protocol-relative' => array( 'src="//localhost:8888/a.js"', 'src="//localhost:8889/a.js"' );
		yield 'every occurrence' => array( 'http://localhost:8888 http://localhost:8888/', 'http://localhost:8889 http://localhost:8889/' );
	}

	/**
	 * The URL is replaced wherever it ends.
	 *
	 * @param string $text     Input.
	 * @param string $expected Output.
	 */
	#[DataProvider( 'replacedEndings' )]
	public function testReplacesTheUrlWhereItEnds( string $text, string $expected ): void {
		self::assertSame( $expected, self::localhost()->replace( $text ) );
	}

	/**
	 * Texts where the URL continues into another host, port or path and is kept.
	 *
	 * @return iterable<string, array{string}>
	 */
	public static function longerUrls(): iterable {
		yield 'longer port' => array( 'http://localhost:88881/' );
		yield 'letter' => array( 'http://localhost:8888a' );
		yield 'hyphen' => array( 'http://localhost:8888-2/' );
		yield 'underscore' => array( 'http://localhost:8888_x' );
		yield 'other domain' => array( 'http://localhost:8888.example.org/' );
		yield 'encoded longer port' => array( 'http%3A%2F%2Flocalhost%3A88881' );
		yield 'escaped longer port' => array( 'http:\\/\\/localhost:88881\\/' );
		yield 'other scheme case' => array( 'HTTP://LOCALHOST:8888/' );
	}

	/**
	 * A URL that only starts like the site's is another site.
	 *
	 * @param string $text Input, expected unchanged.
	 */
	#[DataProvider( 'longerUrls' )]
	public function testLeavesLongerHostsPortsAndPathsAlone( string $text ): void {
		self::assertSame( $text, self::localhost()->replace( $text ) );
	}

	/**
	 * A port is part of the host: old.test:8080 is another site than old.test.
	 */
	public function testAnotherPortOfTheSameHostIsAnotherSite(): void {
		$replacer = new TextReplacer( ReplacementPairs::forSiteMove( 'http://old.test', 'http://new.test' ) );

		self::assertSame( 'http://old.test:8080/ http://new.test/', $replacer->replace( 'http://old.test:8080/ http://old.test/' ) );
	}

	/**
	 * A pair ending in a path only matches the whole path segment.
	 */
	public function testAPathIsMatchedOnlyAsAWholeSegment(): void {
		$replacer = new TextReplacer( ReplacementPairs::fromMap( array( 'http://old.test/blog' => 'http://new.test' ) ) );

		self::assertSame(
			'http://new.test/x http://old.test/blogger http://old.test/blog.html http://new.test',
			$replacer->replace( 'http://old.test/blog/x http://old.test/blogger http://old.test/blog.html http://old.test/blog' )
		);
	}

	/**
	 * A pair ending with a slash needs no boundary after it.
	 */
	public function testAPairEndingInASlashMatchesBeforeAnything(): void {
		$replacer = new TextReplacer( ReplacementPairs::fromMap( array( 'http://old.test/' => 'http://new.test/' ) ) );

		self::assertSame( 'http://new.test/wp-content', $replacer->replace( 'http://old.test/wp-content' ) );
	}

	/**
	 * JSON written by json_encode() escapes slashes.
	 */
	public function testReplacesTheJsonEscapedForm(): void {
		$block = '<!-- wp:image {"id":7,"url":"http:\\/\\/localhost:8888\\/wp-content\\/a.jpg","href":"\\/\\/localhost:8888"} -->';

		self::assertSame(
			'<!-- wp:image {"id":7,"url":"http:\\/\\/localhost:8889\\/wp-content\\/a.jpg","href":"\\/\\/localhost:8889"} -->',
			self::localhost()->replace( $block )
		);
	}

	/**
	 * Query arguments carry URLs percent-encoded.
	 */
	public function testReplacesTheUrlEncodedForm(): void {
		self::assertSame(
			'wp-login.php?redirect_to=http%3A%2F%2Flocalhost%3A8889%2Fwp-admin%2F&u=%2F%2Flocalhost%3A8889',
			self::localhost()->replace( 'wp-login.php?redirect_to=http%3A%2F%2Flocalhost%3A8888%2Fwp-admin%2F&u=%2F%2Flocalhost%3A8888' )
		);
	}

	/**
	 * Running twice equals running once, even when the new URL contains the old one.
	 */
	public function testASecondRunChangesNothingWhenTheNewUrlContainsTheOld(): void {
		$replacer = new TextReplacer( ReplacementPairs::forSiteMove( 'http://example.com', 'http://example.com/staging' ) );
		$text     = 'http://example.com/a //example.com/b https://example.com "http:\\/\\/example.com\\/c" '
			. 'http%3A%2F%2Fexample.com%2Fd http://example.com/stagingX http://example.com';

		$once = $replacer->replace( $text );

		self::assertSame(
			'http://example.com/staging/a //example.com/staging/b http://example.com/staging "http:\\/\\/example.com\\/staging\\/c" '
			. 'http%3A%2F%2Fexample.com%2Fstaging%2Fd http://example.com/staging/stagingX http://example.com/staging',
			$once
		);
		self::assertSame( $once, $replacer->replace( $once ) );
	}

	/**
	 * A new host that extends the old one cannot match again either.
	 */
	public function testANewHostExtendingTheOldIsStableToo(): void {
		$replacer = new TextReplacer( ReplacementPairs::forSiteMove( 'http://example.com', 'http://example.com.staging.host' ) );

		$once = $replacer->replace( 'http://example.com/x' );

		self::assertSame( 'http://example.com.staging.host/x', $once );
		self::assertSame( $once, $replacer->replace( $once ) );
	}

	/**
	 * The needles are what a database filter looks for.
	 */
	public function testNeedlesAreTheShortestFormsOfEachPair(): void {
		$replacer = self::localhost();

		self::assertSame( array( '//localhost:8888', '\\/\\/localhost:8888', '%2F%2Flocalhost%3A8888' ), $replacer->needles() );
		self::assertFalse( $replacer->mightChange( 'http://localhost:8889/' ) );
		self::assertTrue( $replacer->mightChange( 'x%2F%2Flocalhost%3A8888' ) );
	}

	/**
	 * No pairs, no change.
	 */
	public function testNoPairsChangeNothing(): void {
		$replacer = new TextReplacer( ReplacementPairs::forSiteMove( 'http://same.test/', 'http://same.test' ) );

		self::assertSame( array(), $replacer->needles() );
		self::assertSame( 'http://same.test/', $replacer->replace( 'http://same.test/' ) );
	}

	/**
	 * The development sites: production to staging.
	 */
	private static function localhost(): TextReplacer {
		return new TextReplacer( ReplacementPairs::forSiteMove( 'http://localhost:8888', 'http://localhost:8889' ) );
	}
}
