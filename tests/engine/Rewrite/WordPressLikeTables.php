<?php
/**
 * Restored tables of a WordPress site, as a restore leaves them before the swap.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// The fixture stores serialize() and json_encode() output, as WordPress and its plugins do.
// phpcs:disable WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize, WordPress.WP.AlternativeFunctions.json_encode_json_encode

namespace SiteBackups\Tests\Engine\Rewrite;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\SqlLiteral;
use stdClass;

/**
 * The production site's tables (URL http://localhost:8888) loaded under the
 * restore's temporary names. Values that hold the URL are built by functions
 * of the URL, so a test can compute what they must read after a rewrite.
 */
final class WordPressLikeTables {

	public const OLD = 'http://localhost:8888';

	/** Generated rows of the keyless table: every other one with the URL, the others with a longer port. */
	public const KEYLESS_GENERATED = 60;

	/**
	 * Every name the restore would pass, including a view.
	 *
	 * @return list<string>
	 */
	public static function names(): array {
		return array(
			'sbtmp_wp_options',
			'sbtmp_wp_option_view',
			'sbtmp_wp_posts',
			'sbtmp_wp_postmeta',
			'sbtmp_wp_link_log',
			'sbtmp_wp_translations',
			'sbtmp_wp_redirects',
			'sbtmp_wp_sessions',
			'sbtmp_wp_short',
		);
	}

	/**
	 * The base tables among names().
	 *
	 * @return list<string>
	 */
	public static function base_tables(): array {
		return array_values( array_diff( self::names(), array( 'sbtmp_wp_option_view' ) ) );
	}

	/**
	 * Creates and fills every table.
	 *
	 * @param Connection $db            An empty database.
	 * @param int        $postmeta_rows Rows of the big table.
	 */
	public static function create( Connection $db, int $postmeta_rows = 20000 ): void {
		$db->execute( 'SET SESSION max_recursive_iterations = 100000000' );
		self::options( $db );
		self::posts( $db );
		self::postmeta( $db, $postmeta_rows );
		self::link_log( $db );
		self::translations( $db );
		self::others( $db );
	}

	/**
	 * A text widget whose content is a serialized array holding the URL, twice nested.
	 *
	 * @param string $url The site URL.
	 */
	public static function widgets( string $url ): string {
		$inner = array(
			'href'  => $url . '/about',
			'links' => serialize( array( $url . '/contact', 'Café' ) ),
		);

		return serialize(
			array(
				2              => array(
					'title'   => 'Links',
					'text'    => '<a href="' . $url . '/about">About — à propos</a>',
					'content' => serialize( $inner ),
				),
				'_multiwidget' => 1,
			)
		);
	}

	/**
	 * Theme modifications with an object, as WordPress stores header_image_data.
	 *
	 * @param string $url The site URL.
	 */
	public static function theme_mods( string $url ): string {
		$image                = new stdClass();
		$image->url           = $url . '/wp-content/uploads/header.jpg';
		$image->thumbnail_url = $url . '/wp-content/uploads/header-150x150.jpg';
		$image->width         = 1200;

		return serialize(
			array(
				'custom_css_post_id' => -1,
				'header_image'       => $url . '/wp-content/uploads/header.jpg',
				'header_image_data'  => $image,
				'nav_menu_locations' => array( 'primary' => 3 ),
			)
		);
	}

	/**
	 * Block editor content: JSON-escaped URLs in block comments, plain ones in HTML.
	 *
	 * @param string $url      The site URL.
	 * @param string $link_url What the https link reads: the https form of the old URL, the new URL after a move.
	 */
	public static function block_content( string $url, string $link_url ): string {
		$attributes = json_encode(
			array(
				'id'  => 7,
				'url' => $url . '/wp-content/uploads/a.jpg',
			)
		);

		return '<!-- wp:image ' . $attributes . " -->\n"
			. '<figure><img src="' . $url . '/wp-content/uploads/a.jpg" alt="Café"/></figure>' . "\n<!-- /wp:image -->\n"
			. '<p>Link: <a href="' . $link_url . '/about/">about</a> — 日本語</p>';
	}

	/**
	 * A URL-encoded URL in a query argument.
	 *
	 * @param string $url The site URL.
	 */
	public static function login_redirect( string $url ): string {
		return 'wp-login.php?redirect_to=' . rawurlencode( $url . '/wp-admin/' ) . '&reauth=1';
	}

	/**
	 * The value of postmeta row $n, as an SQL expression over a column `n`.
	 *
	 * @param string $url The site URL.
	 */
	public static function meta_value_sql( string $url ): string {
		$plain   = "CONCAT('{$url}/wp-content/uploads/', n, '.jpg')";
		$linked  = "CONCAT('{$url}/p/', n)";
		$escaped = str_replace( '/', '\\\\/', $url );

		return 'CASE n % 5'
			. " WHEN 0 THEN {$plain}"
			. " WHEN 1 THEN CONCAT('a:2:{s:3:\"url\";s:', LENGTH({$linked}), ':\"', {$linked}, '\";s:1:\"n\";i:', n, ';}')"
			. " WHEN 2 THEN 'a value without a link'"
			. " WHEN 3 THEN CONCAT('{\"src\":\"{$escaped}\\\\/p\\\\/', n, '\"}')"
			. " ELSE CONCAT('http://localhost:88881/p/', n) END";
	}

	/**
	 * The keyless table's rows, in insertion order, for a site URL.
	 *
	 * @param string $url The site URL.
	 * @return list<array{string|null, string|null, string|null, string|null, string|null, string|null}>
	 */
	public static function link_log_rows( string $url ): array {
		$rows = array(
			array( $url . '/a', 'first', '1', 'ab', '2020-01-01 00:00:00', null ),
			array( $url . '/a', 'first', '1', 'ab', '2020-01-01 00:00:00', null ),
			array( $url . '/A', 'first', '1', 'ab', '2020-01-01 00:00:00', null ),
			array( 'http://localhost:88881/x', 'another port', '2', 'cd', null, null ),
			array( null, 'see ' . substr( $url, 5 ) . '/n', null, null, null, serialize( array( $url ) ) ),
			array( null, 'bytes', '3', null, null, "\xff\x00" . self::OLD . "\x00" ),
			array( $url . '/long', str_repeat( 'é', 200 ) . ' ' . $url . '/x', '4', 'long', null, serialize( array( str_repeat( 'x', 300 ), $url ) ) ),
		);
		for ( $i = 0; $i < self::KEYLESS_GENERATED; ++$i ) {
			$rows[] = 0 === $i % 2
				? array( $url . '/g/' . intdiv( $i, 4 ), 'generated', (string) $i, 'gen', null, null )
				: array( 'http://localhost:88881/g/' . $i, 'generated', (string) $i, 'gen', null, null );
		}

		return $rows;
	}

	/**
	 * Options: serialized widgets and theme mods, a broken value, a longer port, a URL in the unique name.
	 *
	 * @param Connection $db The database.
	 */
	private static function options( Connection $db ): void {
		$db->execute(
			'CREATE TABLE sbtmp_wp_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL,'
			. " option_value longtext NOT NULL, autoload varchar(20) NOT NULL DEFAULT 'yes', PRIMARY KEY (option_id),"
			. ' UNIQUE KEY option_name (option_name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$transient = '_transient_' . self::OLD;
		$values    = array(
			'siteurl'                     => self::OLD,
			'home'                        => self::OLD,
			'widget_text'                 => self::widgets( self::OLD ),
			'theme_mods_twentytwentyfour' => self::theme_mods( self::OLD ),
			'broken_option'               => 'a:1:{s:3:"url";s:99:"' . self::OLD . '/";}',
			'other_site'                  => 'http://localhost:88881/',
			'login_redirect'              => self::login_redirect( self::OLD ),
			$transient                    => 'x',
			'blogname'                    => 'Site',
		);
		foreach ( $values as $name => $value ) {
			$db->execute( 'INSERT INTO sbtmp_wp_options (option_name, option_value) VALUES (' . SqlLiteral::string( $name ) . ', ' . SqlLiteral::string( $value ) . ')' );
		}
		$db->execute( 'CREATE VIEW sbtmp_wp_option_view AS SELECT option_name, option_value FROM sbtmp_wp_options' );
	}

	/**
	 * Posts: block content, a post naming another port only, a post without URL.
	 *
	 * @param Connection $db The database.
	 */
	private static function posts( Connection $db ): void {
		$db->execute(
			'CREATE TABLE sbtmp_wp_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT, post_title text NOT NULL, post_content longtext NOT NULL,'
			. " guid varchar(255) NOT NULL DEFAULT '', post_modified datetime NOT NULL DEFAULT '0000-00-00 00:00:00', PRIMARY KEY (ID))"
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$rows = array(
			array( 'Hello', self::block_content( self::OLD, 'https://localhost:8888' ), self::OLD . '/?p=1' ),
			array( 'Elsewhere', '<a href="http://localhost:88881/">another site</a>', 'http://localhost:88881/?p=2' ),
			array( 'Plain', 'No link here.', '' ),
		);
		foreach ( $rows as $row ) {
			$db->execute( 'INSERT INTO sbtmp_wp_posts (post_title, post_content, guid) VALUES (' . implode( ', ', array_map( array( SqlLiteral::class, 'string' ), $row ) ) . ')' );
		}
	}

	/**
	 * Post meta: plain, serialized and JSON values with the URL, values without, another port.
	 *
	 * @param Connection $db   The database.
	 * @param int        $rows How many.
	 */
	private static function postmeta( Connection $db, int $rows ): void {
		$db->execute(
			'CREATE TABLE sbtmp_wp_postmeta (meta_id bigint unsigned NOT NULL AUTO_INCREMENT, post_id bigint unsigned NOT NULL DEFAULT 0,'
			. ' meta_key varchar(255) DEFAULT NULL, meta_value longtext, PRIMARY KEY (meta_id), KEY post_id (post_id),'
			. ' KEY meta_key (meta_key(191))) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"INSERT INTO sbtmp_wp_postmeta (meta_id, post_id, meta_key, meta_value) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {$rows})"
			. " SELECT n, n DIV 10, CONCAT('_key_', n % 7), " . self::meta_value_sql( self::OLD ) . ' FROM s'
		);
	}

	/**
	 * A table without any key: duplicates, rows equal under the collation, a float, a CHAR, a BLOB.
	 *
	 * @param Connection $db The database.
	 */
	private static function link_log( Connection $db ): void {
		$db->execute(
			'CREATE TABLE sbtmp_wp_link_log (url varchar(255), note text, hits int, code char(10), seen datetime, payload blob,'
			. ' ratio float, KEY hits (hits)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
		);
		foreach ( self::link_log_rows( self::OLD ) as $row ) {
			$literals   = array_map( static fn ( ?string $value ): string => null === $value ? 'NULL' : SqlLiteral::string( $value ), array_slice( $row, 0, 5 ) );
			$literals[] = null === $row[5] ? 'NULL' : SqlLiteral::binary( $row[5] );
			$literals[] = '0.1';
			$db->execute( 'INSERT INTO sbtmp_wp_link_log VALUES (' . implode( ', ', $literals ) . ')' );
		}
	}

	/**
	 * A composite text primary key, across several windows.
	 *
	 * @param Connection $db The database.
	 */
	private static function translations( Connection $db ): void {
		$db->execute(
			'CREATE TABLE sbtmp_wp_translations (context varchar(64) NOT NULL, name varchar(64) NOT NULL, value text NOT NULL,'
			. ' PRIMARY KEY (context, name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
		);
		$db->execute(
			'INSERT INTO sbtmp_wp_translations WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 300)'
			. " SELECT CONCAT('ctx-', n % 7), CONCAT('Name-', n), IF(n % 2 = 0, CONCAT('" . self::OLD . "/t/', n), 'none') FROM s"
		);
	}

	/**
	 * A unique URL column, BLOBs with text and with bytes, an auto-updated timestamp, a short column.
	 *
	 * @param Connection $db The database.
	 */
	private static function others( Connection $db ): void {
		$old = self::OLD;
		$db->execute( 'CREATE TABLE sbtmp_wp_redirects (id int NOT NULL PRIMARY KEY, source varchar(191) NOT NULL UNIQUE, target varchar(255) NOT NULL) DEFAULT CHARSET=utf8mb4' );
		$db->execute( "INSERT INTO sbtmp_wp_redirects VALUES (1, '{$old}/old-page', '{$old}/new-page')" );
		$db->execute(
			'CREATE TABLE sbtmp_wp_sessions (id int NOT NULL PRIMARY KEY, data longblob,'
			. ' touched timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP) DEFAULT CHARSET=utf8mb4'
		);
		$db->execute(
			'INSERT INTO sbtmp_wp_sessions VALUES (1, ' . SqlLiteral::binary( serialize( array( 'cart' => $old . '/cart' ) ) ) . ", '2001-02-03 04:05:06'),"
			. ' (2, ' . SqlLiteral::binary( "\x89PNG\xff" . $old . "\x00" ) . ", '2001-02-03 04:05:06')"
		);
		$db->execute( 'CREATE TABLE sbtmp_wp_short (id int NOT NULL PRIMARY KEY, url varchar(25) NOT NULL) DEFAULT CHARSET=utf8mb4' );
		$db->execute( "INSERT INTO sbtmp_wp_short VALUES (1, '{$old}/abc')" );
	}
}
