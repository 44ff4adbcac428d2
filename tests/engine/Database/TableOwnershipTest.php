<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Database\TableOwnership;

/** A prefix match is not ownership: which tables of `wp_` are the site's. */
final class TableOwnershipTest extends TestCase {

	private const TABLES = array(
		'wp_options', 'wp_users', 'wp_posts',
		'wp_shop_options', 'wp_shop_users', 'wp_shop_posts',
		'wp_stg_options', 'wp_stg_users',
		'wp_halfway_options', 'wp_halfway_meta',
		'wp_2_options', 'wp_2_users', 'wp_2_posts',
	);

	public function testALongerPrefixWithItsOwnOptionsAndUsersIsAnotherInstall(): void {
		$ownership = new TableOwnership( 'wp_', TableOwnership::installsAmong( 'wp_', self::TABLES ) );

		self::assertTrue( $ownership->owns( 'wp_posts' ) );
		self::assertSame( 'another install (wp_shop_)', $ownership->whyForeign( 'wp_shop_posts' ) );
		self::assertSame( 'another install (wp_stg_)', $ownership->whyForeign( 'wp_stg_users' ) );
		self::assertTrue( $ownership->owns( 'wp_halfway_options' ), 'options without users is a plugin table' );
		self::assertSame( 'another install (wp_2_)', $ownership->whyForeign( 'wp_2_posts' ), 'not a network: wp_2_ is another install' );
		self::assertFalse( $ownership->owns( 'other_options' ), 'outside the prefix' );
		self::assertNull( $ownership->whyForeign( 'other_options' ) );
	}

	public function testANetworksOwnSitesAreTheSitesOwn(): void {
		$tables    = array_merge( self::TABLES, array( 'wp_blogs', 'wp_12_options', 'wp_12_users', 'wp_2x_options', 'wp_2x_users' ) );
		$ownership = new TableOwnership( 'wp_', TableOwnership::installsAmong( 'wp_', $tables ) );

		self::assertTrue( $ownership->owns( 'wp_2_posts' ) );
		self::assertTrue( $ownership->owns( 'wp_12_users' ) );
		self::assertSame( 'another install (wp_2x_)', $ownership->whyForeign( 'wp_2x_options' ), 'only digits are a blog id' );
		self::assertSame( 'another install (wp_shop_)', $ownership->whyForeign( 'wp_shop_options' ) );
	}

	public function testTheLongestInstallPrefixIsNamedAndNestedInstallsAreForeign(): void {
		$ownership = new TableOwnership( 'wp_', TableOwnership::installsAmong( 'wp_', array( 'wp_a_options', 'wp_a_users', 'wp_a_b_options', 'wp_a_b_users' ) ) );

		self::assertSame( 'another install (wp_a_b_)', $ownership->whyForeign( 'wp_a_b_posts' ) );
		self::assertSame( 'another install (wp_a_)', $ownership->whyForeign( 'wp_a_posts' ) );
	}

	public function testTheAdministratorsListNamesTablesAndPrefixesButNeverTheWholeSite(): void {
		$ownership = new TableOwnership( 'wp_', array(), array( 'wp_legacy_log', 'wp_ext_*', 'wp_crm_', 'wp_', 'w*', '*', ' ' ) );

		self::assertSame( 'listed as foreign', $ownership->whyForeign( 'wp_legacy_log' ) );
		self::assertTrue( $ownership->owns( 'wp_legacy_log2' ), 'a name is exact' );
		self::assertSame( 'listed as foreign', $ownership->whyForeign( 'wp_ext_data' ) );
		self::assertSame( 'listed as foreign', $ownership->whyForeign( 'wp_crm_contacts' ) );
		self::assertTrue( $ownership->owns( 'wp_posts' ), 'a listed prefix covering the site is ignored' );
	}

	public function testTheInstallIsReadBackFromItsReason(): void {
		self::assertSame( 'wp_shop_', TableOwnership::installIn( 'another install (wp_shop_)' ) );
		self::assertSame( 'wp_(x)_', TableOwnership::installIn( 'another install (wp_(x)_)' ) );
		self::assertNull( TableOwnership::installIn( 'listed as foreign' ) );
		self::assertNull( TableOwnership::installIn( 'another install ()' ) );
	}
}
