<?php
/**
 * The pairs built from two site URLs.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Rewrite;

use InvalidArgumentException;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Rewrite\ReplacementPairs;

/**
 * Moving a site: both schemes and the protocol-relative form go to the new site.
 */
final class ReplacementPairsTest extends TestCase {

	/**
	 * Both schemes land on the new site's own scheme.
	 */
	public function testASiteMoveCoversBothSchemesAndProtocolRelativeUrls(): void {
		self::assertSame(
			array(
				'http://old.test'  => 'https://new.test/wp',
				'https://old.test' => 'https://new.test/wp',
				'//old.test'       => '//new.test/wp',
			),
			ReplacementPairs::forSiteMove( ' http://old.test/ ', 'HTTPS://new.test/wp/' )->toMap()
		);
	}

	/**
	 * Home and siteurl together; a moved subfolder keeps its own pairs.
	 */
	public function testHomeAndSiteUrlMovesAreMerged(): void {
		$pairs = ReplacementPairs::forSiteMoves(
			array(
				array( 'http://localhost:8888', 'http://localhost:8889' ),
				array( 'http://localhost:8888/wp', 'http://localhost:8889/wp' ),
			)
		);

		self::assertCount( 6, $pairs->toMap() );
		self::assertSame( 'http://localhost:8889/wp', $pairs->toMap()['https://localhost:8888/wp'] );
	}

	/**
	 * The same search string cannot have two replacements.
	 */
	public function testConflictingMovesAreRefused(): void {
		$this->expectException( InvalidArgumentException::class );

		ReplacementPairs::forSiteMoves(
			array(
				array( 'http://old.test', 'http://a.test' ),
				array( 'http://old.test', 'http://b.test' ),
			)
		);
	}

	/**
	 * Moving a site onto itself changes nothing, not even the other scheme.
	 */
	public function testTheSameUrlGivesNoPairs(): void {
		self::assertTrue( ReplacementPairs::forSiteMove( 'https://same.test', 'https://same.test/' )->isEmpty() );
	}

	/**
	 * Only http(s) site URLs without query or fragment.
	 */
	public function testOtherUrlsAreRefused(): void {
		foreach ( array( 'ftp://old.test', 'old.test', 'http://old.test/?p=1', 'http://' ) as $url ) {
			try {
				ReplacementPairs::forSiteMove( $url, 'http://new.test' );
				self::fail( 'Accepted ' . $url );
			} catch ( InvalidArgumentException $e ) {
				self::assertStringContainsString( 'site URL', $e->getMessage() );
			}
		}
	}

	/**
	 * The fingerprint ties a cursor to its pairs, whatever their order.
	 */
	public function testFingerprintDependsOnThePairsOnly(): void {
		$one = ReplacementPairs::fromMap(
			array(
				'a' => 'b',
				'c' => 'd',
			)
		);
		$two = ReplacementPairs::fromMap(
			array(
				'c' => 'd',
				'a' => 'b',
			)
		);

		self::assertSame( $one->fingerprint(), $two->fingerprint() );
		self::assertNotSame( $one->fingerprint(), ReplacementPairs::fromMap( array( 'a' => 'x' ) )->fingerprint() );
	}
}
