<?php
/**
 * Restores on the real stack, driven by the real WP-CLI binary in other processes: in place on
 * production, and production into staging.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use mysqli;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class RestoreRoundTripTest extends TestCase {

	/** Paths a restore leaves alone, and what the stack itself changes on every request. */
	private const UNTOUCHED = array( 'wp-config.php', 'wp-content/plugins/site-backups', 'wp-content/cache', 'wp-content/upgrade' );

	private mysqli $production;

	/** @var list<string> */
	private array $cleanup = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// Other processes rename tables here: this one must hold no transaction or lock.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->production = WordPressSite::database( 'production' );
	}

	protected function tearDown(): void {
		foreach ( $this->cleanup as $path ) {
			exec( 'rm -rf ' . escapeshellarg( $path ) );
		}
		$this->production->close();
		parent::tearDown();
	}

	public function test_production_comes_back_as_it_was_in_files_and_database(): void {
		$root    = WordPressSite::root( 'production' );
		$uploads = $root . '/wp-content/uploads/restore-test';
		$this->cleanup[] = $uploads;
		$this->cleanup[] = $root . '/wp-content/plugins/added-later';
		wp_mkdir_p( $uploads );
		file_put_contents( $uploads . '/kept.txt', 'at backup time' );
		file_put_contents( $uploads . '/edited.txt', 'original' );
		$this->production->query( "INSERT INTO wp_posts (post_title, post_content, post_status, post_type, post_date, post_date_gmt, post_modified, post_modified_gmt, to_ping, pinged, post_content_filtered, post_excerpt) VALUES ('Restore marker', 'before', 'publish', 'post', NOW(), NOW(), NOW(), NOW(), '', '', '', '')" );
		$post = (int) $this->production->insert_id;

		$backup = WordPressSite::create_backup( 'production', 'Before the round trip' );
		$files  = WordPressSite::file_state( $root, self::UNTOUCHED );
		$tables = WordPressSite::database_state( $this->production );

		// A day of changes: files, posts, options, users, plugins.
		file_put_contents( $uploads . '/edited.txt', 'changed' );
		unlink( $uploads . '/kept.txt' );
		file_put_contents( $uploads . '/added-later.txt', 'new' );
		wp_mkdir_p( $root . '/wp-content/plugins/added-later' );
		file_put_contents( $root . '/wp-content/plugins/added-later/added-later.php', "<?php\n/* Plugin Name: Added later */\n" );
		$this->production->query( "UPDATE wp_posts SET post_title = 'Changed after the backup' WHERE ID = $post" );
		$this->production->query( "INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('restore_test_added', 'x', 'no')" );
		$this->production->query( "INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name) VALUES ('added-later', 'x', 'added-later', 'added@example.test', NOW(), 'Added later')" );
		$this->production->query( 'CREATE TABLE wp_added_later (id int PRIMARY KEY)' );
		$active = (string) $this->production->query( "SELECT option_value FROM wp_options WHERE option_name = 'active_plugins'" )->fetch_row()[0];
		$this->production->query( "UPDATE wp_options SET option_value = '" . $this->production->real_escape_string( serialize( array_merge( (array) unserialize( $active ), array( 'added-later/added-later.php' ) ) ) ) . "' WHERE option_name = 'active_plugins'" );
		$this->assertNotSame( $tables, WordPressSite::database_state( $this->production ) );

		$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--yes', '--user=admin' ) );
		$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
		$this->assertMatchesRegularExpression( '/Restored production from ' . $backup . '\. To undo, restore the safety backup [0-9a-z]{26}\./', $run['out'] );

		$this->assertSame( $tables, WordPressSite::database_state( $this->production ), 'every table as at backup time' );
		$this->assertSame( $files, WordPressSite::file_state( $root, self::UNTOUCHED ), 'every file as at backup time' );
		$this->assertSame( 'Restore marker', $this->production->query( "SELECT post_title FROM wp_posts WHERE ID = $post" )->fetch_row()[0] ?? null );
		$this->assertSame( array(), $this->production->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')" )->fetch_all() );
		$this->assertSame( array(), glob( dirname( $root ) . '/*.site-backups-restore-*' ) ?: array() );
		$this->assertStringContainsString( 'site-backups/site-backups.php', (string) $this->production->query( "SELECT option_value FROM wp_options WHERE option_name = 'active_plugins'" )->fetch_row()[0] );

		[ $status, $body ] = WordPressSite::get( WordPressSite::url( 'production' ) . '/?p=' . $post );
		$this->assertSame( 200, $status );
		$this->assertStringContainsString( 'Restore marker', $body );

		$list = WordPressSite::wp( 'production', array( 'site-backups', 'list', '--format=json', '--user=admin' ) );
		$safety = array_values( array_filter( (array) json_decode( $list['out'], true ), static fn ( $b ): bool => 'safety' === ( $b['trigger'] ?? '' ) ) );
		$this->assertNotEmpty( $safety, 'a safety backup was listed' );
		$this->production->query( "DELETE FROM wp_posts WHERE ID = $post" );
	}

	public function test_a_production_backup_restored_into_staging_works_at_stagings_address_and_stays_staging(): void {
		$staging     = WordPressSite::database( 'staging' );
		$staging->query( "DELETE FROM wp_posts WHERE post_title = 'Cross marker'" ); // left by an interrupted earlier run
		$production  = WordPressSite::url( 'production' );
		$staging_url = WordPressSite::url( 'staging' );
		$widget      = serialize( array( 2 => array( 'title' => 'Links', 'text' => '<a href="' . $production . '/about/">About</a> ' . $production ), '_multiwidget' => 1 ) );
		$json        = '<!-- wp:image {"url":"' . str_replace( '/', '\\/', $production ) . '\\/wp-content\\/uploads\\/a.jpg"} -->';
		$this->production->query( "INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('widget_restore_test', '" . $this->production->real_escape_string( $widget ) . "', 'no')" );
		$this->production->query( "INSERT INTO wp_posts (post_title, post_content, post_status, post_type, post_date, post_date_gmt, post_modified, post_modified_gmt, to_ping, pinged, post_content_filtered, post_excerpt, guid) VALUES ('Cross marker', '" . $this->production->real_escape_string( $json . ' <a href="' . $production . '/x">x</a>' ) . "', 'publish', 'post', NOW(), NOW(), NOW(), NOW(), '', '', '', '', '" . $production . "/?p=1')" );
		$post = (int) $this->production->insert_id;
		try {
			$backup = WordPressSite::create_backup( 'production', 'For staging' );
			$run    = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--environment=staging', '--parts=database', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
			$this->assertSame( 1, preg_match( '/safety backup ([0-9a-z]{26})/', $run['out'], $m ) );
			$undo = $m[1];

			$host = (string) wp_parse_url( $production, PHP_URL_HOST ) . ':' . (string) wp_parse_url( $production, PHP_URL_PORT );
			foreach ( array( 'wp_posts' => 'post_content', 'wp_options' => 'option_value', 'wp_postmeta' => 'meta_value' ) as $table => $column ) {
				$left = $staging->query( "SELECT COUNT(*) FROM $table WHERE $column LIKE '%" . $staging->real_escape_string( $host ) . "%'" )->fetch_row()[0];
				$this->assertSame( '0', $left, "links to production left in $table" );
			}
			$this->assertSame( $staging_url, $staging->query( "SELECT option_value FROM wp_options WHERE option_name = 'home'" )->fetch_row()[0] );
			$this->assertSame( '0', $staging->query( "SELECT option_value FROM wp_options WHERE option_name = 'blog_public'" )->fetch_row()[0], 'staging stays hidden' );
			$restored = unserialize( (string) $staging->query( "SELECT option_value FROM wp_options WHERE option_name = 'widget_restore_test'" )->fetch_row()[0] );
			$this->assertSame( '<a href="' . $staging_url . '/about/">About</a> ' . $staging_url, $restored[2]['text'] ?? null );
			$content = (string) $staging->query( "SELECT post_content FROM wp_posts WHERE post_title = 'Cross marker'" )->fetch_row()[0];
			$this->assertStringContainsString( str_replace( '/', '\\/', $staging_url ) . '\\/wp-content', $content );

			[ $status, $body ] = WordPressSite::get( $staging_url . '/' );
			$this->assertSame( 200, $status );
			$this->assertStringNotContainsString( $host, $body );
			$this->assertStringContainsString( "noindex", $body, 'staging asks search engines to stay away' );
			[ $status ] = WordPressSite::get( $staging_url . '/wp-admin/' );
			$this->assertSame( 200, $status, 'wp-admin answers (the login page)' );

			$back = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $undo, '--no-safety-backup', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $back['status'], $back['err'] . $back['out'] );
			$this->assertSame( '0', $staging->query( "SELECT COUNT(*) FROM wp_posts WHERE post_title = 'Cross marker'" )->fetch_row()[0], 'the safety backup undid it' );
		} finally {
			$this->production->query( "DELETE FROM wp_posts WHERE ID = $post" );
			$this->production->query( "DELETE FROM wp_options WHERE option_name = 'widget_restore_test'" );
			$staging->close();
		}
	}

	public function test_a_production_backup_with_a_plugins_view_trigger_and_foreign_keys_restores_into_a_staging_without_them(): void {
		$staging = WordPressSite::database( 'staging' );
		$drop    = static function ( mysqli $db ): void {
			$db->query( 'DROP VIEW IF EXISTS wp_sbrt_open' );
			$db->query( 'DROP TABLE IF EXISTS wp_sbrt_lines, wp_sbrt_orders' );
		};
		$drop( $staging ); // Left by an interrupted earlier run: staging has none of the plugin's tables.
		foreach ( array(
			'CREATE TABLE wp_sbrt_orders (id bigint(20) unsigned NOT NULL, status varchar(20) NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB',
			'CREATE TABLE wp_sbrt_lines (order_id bigint(20) unsigned NOT NULL, line int(11) NOT NULL, PRIMARY KEY (order_id, line),'
				. ' CONSTRAINT fk_wp_sbrt_lines_order FOREIGN KEY (order_id) REFERENCES wp_sbrt_orders (id) ON DELETE CASCADE) ENGINE=InnoDB',
			"INSERT INTO wp_sbrt_orders VALUES (1, 'open'), (2, 'done'), (18446744073709551615, 'open')",
			'INSERT INTO wp_sbrt_lines VALUES (1, 1), (1, 2), (2, 1), (18446744073709551615, 1)',
			"CREATE VIEW wp_sbrt_open AS SELECT o.id, COUNT(l.line) AS line_count FROM wp_sbrt_orders o JOIN wp_sbrt_lines l ON l.order_id = o.id WHERE o.status = 'open' GROUP BY o.id",
			'CREATE TRIGGER wp_sbrt_orders_bu BEFORE UPDATE ON wp_sbrt_orders FOR EACH ROW SET NEW.status = LOWER(NEW.status)',
		) as $sql ) {
			$this->production->query( $sql );
		}
		$create = $this->production->query( 'SHOW CREATE TABLE wp_sbrt_lines' )->fetch_row()[1];
		try {
			$backup = WordPressSite::create_backup( 'production', 'A plugin with a view' );
			$run    = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--environment=staging', '--parts=database', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
			$this->assertSame( 1, preg_match( '/safety backup ([0-9a-z]{26})/', $run['out'], $m ) );

			$this->assertSame( array( array( '1', '2' ), array( '18446744073709551615', '1' ) ), $staging->query( 'SELECT id, line_count FROM wp_sbrt_open ORDER BY id' )->fetch_all() );
			$this->assertSame( $create, $staging->query( 'SHOW CREATE TABLE wp_sbrt_lines' )->fetch_row()[1] );
			$staging->query( "UPDATE wp_sbrt_orders SET status = 'DONE' WHERE id = 1" );
			$this->assertSame( 'done', $staging->query( 'SELECT status FROM wp_sbrt_orders WHERE id = 1' )->fetch_row()[0], 'the trigger fires' );
			$staging->query( 'DELETE FROM wp_sbrt_orders WHERE id = 2' );
			$this->assertSame( '0', $staging->query( 'SELECT COUNT(*) FROM wp_sbrt_lines WHERE order_id = 2' )->fetch_row()[0], 'the foreign key cascades' );

			$back = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $m[1], '--no-safety-backup', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $back['status'], $back['err'] . $back['out'] );
			$this->assertSame( '0', $staging->query( "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'wp\\_sbrt\\_%'" )->fetch_row()[0], 'the safety backup undid it' );
		} finally {
			$drop( $this->production );
			$drop( $staging );
			$staging->close();
		}
	}

	public function test_database_only_and_files_only_restores_touch_only_their_part(): void {
		$root            = WordPressSite::root( 'production' );
		$folder          = $root . '/wp-content/uploads/restore-parts-test';
		$this->cleanup[] = $folder;
		wp_mkdir_p( $folder );
		file_put_contents( $folder . '/note.txt', 'at backup time' );
		$this->production->query( "INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('restore_parts_test', 'at backup time', 'no')" );
		try {
			$backup = WordPressSite::create_backup( 'production', 'Parts' );
			$change = function (): void {
				file_put_contents( $this->cleanup[0] . '/note.txt', 'changed' );
				$this->production->query( "UPDATE wp_options SET option_value = 'changed' WHERE option_name = 'restore_parts_test'" );
			};
			$change();
			$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--parts=database', '--no-safety-backup', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
			$this->assertSame( 'at backup time', $this->option( 'restore_parts_test' ) );
			$this->assertSame( 'changed', file_get_contents( $folder . '/note.txt' ), 'a database restore leaves files alone' );

			$change();
			$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--parts=files', '--no-safety-backup', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
			$this->assertSame( 'at backup time', file_get_contents( $folder . '/note.txt' ) );
			$this->assertSame( 'changed', $this->option( 'restore_parts_test' ), 'a files restore leaves the database alone' );
		} finally {
			$this->production->query( "DELETE FROM wp_options WHERE option_name = 'restore_parts_test'" );
		}
	}

	public function test_a_corrupt_stored_part_fails_the_restore_before_anything_changes(): void {
		$root            = WordPressSite::root( 'production' );
		$folder          = $root . '/wp-content/uploads/restore-corrupt-test';
		$this->cleanup[] = $folder;
		wp_mkdir_p( $folder );
		file_put_contents( $folder . '/unique.bin', random_bytes( 5000 ) );
		$backup = WordPressSite::create_backup( 'production', 'To be damaged' );
		file_put_contents( $folder . '/unique.bin', 'changed since' );
		$before = WordPressSite::file_state( $root, self::UNTOUCHED );
		$tables = WordPressSite::database_state( $this->production );

		$store = \SiteBackups\Plugin::instance()->backups()->engine()->store();
		$hash  = '';
		foreach ( ( new \SiteBackups\Engine\Read\SnapshotReader( $store ) )->entries( $backup ) as $entry ) {
			if ( 'wp-content/uploads/restore-corrupt-test/unique.bin' === $entry->path ) {
				$hash = $entry->chunks[0];
			}
		}
		$path  = $store->objects()->pathFor( $hash );
		$bytes = (string) file_get_contents( $path );
		file_put_contents( $path, substr( $bytes, 0, -16 ) . str_repeat( "\xff", 16 ) );
		try {
			$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--no-safety-backup', '--yes', '--user=admin' ) );
		} finally {
			file_put_contents( $path, $bytes );
		}
		$this->assertNotSame( 0, $run['status'] );
		$this->assertStringContainsString( 'Nothing was changed: the site is as it was.', $run['err'] );
		$this->assertSame( $before, WordPressSite::file_state( $root, self::UNTOUCHED ) );
		$this->assertSame( $tables, WordPressSite::database_state( $this->production ) );
		$this->assertSame( array(), $this->production->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'sbtmp%'" )->fetch_all() );
		$this->assertSame( array(), glob( dirname( $root ) . '/*.site-backups-restore-*' ) ?: array() );
	}

	private function option( string $name ): ?string {
		$row = $this->production->query( "SELECT option_value FROM wp_options WHERE option_name = '" . $this->production->real_escape_string( $name ) . "'" )->fetch_row();
		return null === $row ? null : (string) $row[0];
	}
}
