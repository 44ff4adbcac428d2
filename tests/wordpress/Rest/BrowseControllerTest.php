<?php
/**
 * GET /backups/{id}/files, /tables, /changes, /changes/tables and the refusals of
 * /files/content, dispatched in this process against real backups of the staging site.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Tests\WordPress\BrowseFixture;
use SiteBackups\Tests\WordPress\WordPressSite;

final class BrowseControllerTest extends RestTestCase {

	private const UNKNOWN_ID = '7zzzzzzzzzzzzzzzzzzzzzzzzz';

	private static BrowseFixture $fixture;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$fixture = BrowseFixture::make( true );
	}

	public static function tearDownAfterClass(): void {
		self::$fixture->remove();
		parent::tearDownAfterClass();
	}

	private function get( string $route, array $query = array(), ?int $user = null ): array {
		$response = $this->dispatch( 'GET', $route, $query, $user ?? $this->admin() );
		return array( $response->get_status(), $this->body( $response ), $response );
	}

	public function test_a_folder_of_the_uploads_lists_what_is_on_disk(): void {
		list( $status, $page ) = $this->get( '/backups/' . self::$fixture->older . '/files', array( 'path' => self::$fixture->folder ) );

		$this->assertSame( 200, $status, (string) wp_json_encode( $page ) );
		$this->assertSame( self::$fixture->folder, $page['folder'] );
		$this->assertNull( $page['next'] );
		$names = array_map( static fn ( array $item ): string => $item['name'] ?? (string) base64_decode( $item['name_b64'] ), $page['items'] );
		$this->assertSame( BrowseFixture::NAMES, $names );
		$items = array_combine( $names, $page['items'] );

		$this->assertSame( 'file', $items['blob.bin']['type'] );
		$this->assertSame( filesize( self::$fixture->on_disk( 'blob.bin' ) ), $items['blob.bin']['size'] );
		$this->assertSame( filemtime( self::$fixture->on_disk( 'blob.bin' ) ), $items['blob.bin']['mtime'] );
		$this->assertSame( sprintf( '%04o', fileperms( self::$fixture->on_disk( 'a.txt' ) ) & 07777 ), $items['a.txt']['mode'] );
		$this->assertSame( self::$fixture->folder . '/a.txt', $items['a.txt']['path'] );
		$this->assertSame( 'dir', $items['sub']['type'] );
		$this->assertSame( 'symlink', $items['link']['type'] );
		$this->assertSame( '../../..', $items['link']['target'] );
		$this->assertTrue( $items['a.txt']['backed_up'] );
		$this->assertNull( $items['a.txt']['reason'] );
		$this->assertArrayNotHasKey( 'name', $items[ BrowseFixture::LATIN1 ], 'A name that is not UTF-8 travels base64-encoded' );
		$this->assertSame( base64_encode( BrowseFixture::LATIN1 ), $items[ BrowseFixture::LATIN1 ]['name_b64'] );

		list( $status, $top ) = $this->get( '/backups/' . self::$fixture->older . '/files' );
		$this->assertSame( 200, $status );
		$this->assertSame( '', $top['folder'] );
		$this->assertContains( 'wp-content', array_column( $top['items'], 'name' ) );
		$this->assertContains( 'wp-config.php', array_column( $top['items'], 'name' ) );
	}

	public function test_per_page_walks_a_folder_with_next_and_every_cursor_travels_as_a_string(): void {
		foreach ( array( 2, 1 ) as $per_page ) {
			$names = array();
			$after = null;
			$pages = 0;
			do {
				$query                  = array(
					'path'     => self::$fixture->folder,
					'per_page' => $per_page,
				) + ( null === $after ? array() : array( 'after' => $after ) );
				list( $status, $page ) = $this->get( '/backups/' . self::$fixture->older . '/files', $query );
				$this->assertSame( 200, $status, (string) wp_json_encode( $page ) );
				$this->assertLessThanOrEqual( $per_page, count( $page['items'] ) );
				$this->assertArrayNotHasKey( 'next_b64', $page );
				foreach ( $page['items'] as $item ) {
					$names[] = $item['name'] ?? (string) base64_decode( $item['name_b64'] );
				}
				$after = $page['next'];
				++$pages;
			} while ( null !== $after && $pages < 20 );
			$this->assertSame( BrowseFixture::NAMES, $names, "per_page=$per_page" );
			$this->assertSame( (int) ceil( count( BrowseFixture::NAMES ) / $per_page ), $pages );
		}
	}

	public function test_the_tables_of_a_backup(): void {
		list( $status, $page ) = $this->get( '/backups/' . self::$fixture->older . '/tables' );

		$this->assertSame( 200, $status, (string) wp_json_encode( $page ) );
		$this->assertTrue( $page['has_database'] );
		$this->assertNull( $page['next'] );
		$this->assertIsBool( $page['row_counts'] );
		$names = array_column( $page['items'], 'name' );
		$this->assertContains( 'wp_options', $names );
		$this->assertContains( 'wp_posts', $names );
		$sorted = $names;
		sort( $sorted, SORT_STRING );
		$this->assertSame( $sorted, $names );
		$options = $page['items'][ array_search( 'wp_options', $names, true ) ];
		$this->assertGreaterThan( 0, $options['bytes'] );
		$this->assertGreaterThanOrEqual( 1, $options['ranges'] );

		list( , $first ) = $this->get( '/backups/' . self::$fixture->older . '/tables', array( 'per_page' => 2 ) );
		$this->assertSame( array_slice( $names, 0, 2 ), array_column( $first['items'], 'name' ) );
		$this->assertSame( $names[1], $first['next'] );
		list( , $second ) = $this->get(
			'/backups/' . self::$fixture->older . '/tables',
			array(
				'per_page' => 2,
				'after'    => $first['next'],
			)
		);
		$this->assertSame( array_slice( $names, 2, 2 ), array_column( $second['items'], 'name' ) );
	}

	public function test_the_changes_since_the_backup_before_are_the_planted_file_and_the_option(): void {
		list( $status, $changes ) = $this->get( '/backups/' . self::$fixture->newer . '/changes' );

		$this->assertSame( 200, $status, (string) wp_json_encode( $changes ) );
		$this->assertSame( self::$fixture->newer, $changes['backup'] );
		$this->assertSame( self::$fixture->older, $changes['since'], 'By default, the backup before of the same environment' );
		$this->assertNull( $changes['next'] );
		$files   = array_values( array_filter( $changes['files'], static fn ( array $c ): bool => 'dir' !== $c['type_after'] ) );
		$folders = array_values( array_filter( $changes['files'], static fn ( array $c ): bool => 'dir' === $c['type_after'] ) );
		$this->assertCount( 1, $files, (string) wp_json_encode( $changes['files'] ) );
		$this->assertSame( BrowseFixture::EVIL, $files[0]['path'] );
		$this->assertSame( 'added', $files[0]['kind'] );
		$this->assertTrue( $files[0]['php_in_uploads'] );
		$this->assertSame( 'wp-content/uploads', $files[0]['area'] );
		$this->assertSame( filesize( WordPressSite::root( 'staging' ) . '/' . BrowseFixture::EVIL ), $files[0]['size_after'] );
		$this->assertNull( $files[0]['size_before'] );
		// The folders made for it are new too (an existing folder whose time moved is not a change).
		$this->assertSame( self::$fixture->made, array_column( $folders, 'path' ) );
		$this->assertSame( array_fill( 0, count( $folders ), 'added' ), array_column( $folders, 'kind' ) );

		$summary = $changes['summary'];
		$this->assertSame( 1, $summary['added'] );
		$this->assertSame( 0, $summary['changed'] );
		$this->assertSame( 0, $summary['removed'] );
		$this->assertSame( 1, $summary['php_in_uploads']['count'] );
		$this->assertSame( array( array( 'path' => BrowseFixture::EVIL ) ), $summary['php_in_uploads']['paths'] );
		$this->assertSame(
			array(
				'added'   => 0,
				'changed' => 1,
				'removed' => 0,
			),
			$summary['tables']
		);

		list( $status, $tables ) = $this->get( '/backups/' . self::$fixture->newer . '/changes/tables' );
		$this->assertSame( 200, $status, (string) wp_json_encode( $tables ) );
		$this->assertSame( self::$fixture->older, $tables['since'] );
		// Nothing else writes to staging's database while the tests hold the stack: the option is the one change.
		$this->assertSame( array( 'wp_options' ), array_column( $tables['items'], 'name' ) );
		$this->assertSame( 'changed', $tables['items'][0]['kind'] );
		$this->assertFalse( $tables['items'][0]['schema_changed'] );
		$this->assertGreaterThanOrEqual( 1, $tables['items'][0]['ranges_differing'] );
		$this->assertNull( $tables['next'] );
	}

	public function test_since_can_be_named_and_the_summary_comes_with_the_first_page_only(): void {
		list( $status, $reverse ) = $this->get( '/backups/' . self::$fixture->older . '/changes', array( 'since' => self::$fixture->newer ) );
		$this->assertSame( 200, $status, (string) wp_json_encode( $reverse ) );
		$this->assertSame( self::$fixture->newer, $reverse['since'] );
		$removed = array_values( array_filter( $reverse['files'], static fn ( array $c ): bool => BrowseFixture::EVIL === $c['path'] ) );
		$this->assertSame( 'removed', $removed[0]['kind'] ?? null );
		$this->assertFalse( $removed[0]['php_in_uploads'], 'Only a PHP file that appeared is flagged' );

		list( , $first ) = $this->get( '/backups/' . self::$fixture->newer . '/changes', array( 'per_page' => 1 ) );
		$this->assertIsArray( $first['summary'] );
		$this->assertCount( 1, $first['files'] );
		$this->assertIsString( $first['next'] );
		list( $status, $second ) = $this->get(
			'/backups/' . self::$fixture->newer . '/changes',
			array(
				'per_page' => 1,
				'after'    => $first['next'],
			)
		);
		$this->assertSame( 200, $status );
		$this->assertNull( $second['summary'] );
		$this->assertNotSame( $first['files'][0]['path'], $second['files'][0]['path'] ?? null );

		$same = $this->get( '/backups/' . self::$fixture->newer . '/changes', array( 'since' => self::$fixture->newer ) )[1];
		$this->assertSame( array(), $same['files'] );
	}

	public function test_the_oldest_backup_of_an_environment_has_nothing_to_compare_with(): void {
		$ids = array_column( $this->plugin()->backups()->engine()->list( $this->plugin()->backups()->environments()->get( 'staging' ) ), 'id' );
		sort( $ids, SORT_STRING );
		foreach ( array( '/changes', '/changes/tables' ) as $route ) {
			$response = $this->dispatch( 'GET', '/backups/' . $ids[0] . $route, array(), $this->admin() );
			$this->assertError( $response, 404, 'site_backups_no_earlier_backup' );
		}
	}

	public function test_hostile_paths_are_refused_before_anything_is_read(): void {
		$admin = $this->admin();
		foreach ( array( '..', '../wp-config.php', '/etc/passwd', 'a/../../x', "wp-config.php\0.txt", 'wp-content//uploads', 'wp-content\\..\\x' ) as $path ) {
			foreach ( array( '/files', '/files/content' ) as $route ) {
				$response = $this->dispatch( 'GET', '/backups/' . self::$fixture->older . $route, array( 'path' => $path ), $admin );
				$this->assertError( $response, 400, 'site_backups_invalid_path' );
			}
		}
		// A link is never followed: a path through one is refused, whatever it points to.
		$through = self::$fixture->folder . '/link/wp-config.php';
		foreach ( array( '/files', '/files/content' ) as $route ) {
			$response = $this->dispatch( 'GET', '/backups/' . self::$fixture->older . $route, array( 'path' => $through ), $admin );
			$this->assertError( $response, 400, 'site_backups_invalid_path' );
			$this->assertStringContainsString( 'symbolic link', $this->body( $response )['message'] );
		}
	}

	public function test_what_is_not_a_file_or_not_there_is_refused(): void {
		$admin  = $this->admin();
		$backup = '/backups/' . self::$fixture->older;
		$this->assertError( $this->dispatch( 'GET', $backup . '/files/content', array( 'path' => self::$fixture->folder . '/sub' ), $admin ), 409, 'site_backups_not_a_file' );
		$this->assertError( $this->dispatch( 'GET', $backup . '/files/content', array( 'path' => self::$fixture->folder . '/link' ), $admin ), 409, 'site_backups_not_a_file' );
		$this->assertError( $this->dispatch( 'GET', $backup . '/files/content', array( 'path' => self::$fixture->folder . '/nothing.txt' ), $admin ), 404, 'site_backups_path_not_found' );
		$this->assertError( $this->dispatch( 'GET', $backup . '/files', array( 'path' => self::$fixture->folder . '/nothing' ), $admin ), 404, 'site_backups_path_not_found' );
		$this->assertError( $this->dispatch( 'GET', $backup . '/files', array( 'path' => self::$fixture->folder . '/a.txt' ), $admin ), 404, 'site_backups_path_not_found' );
		$this->assertError( $this->dispatch( 'GET', $backup . '/files/content', array(), $admin ), 400, 'rest_missing_callback_param' );
		// A file is there, but its bytes go over HTTP only (this request is dispatched inside PHP).
		$this->assertError( $this->dispatch( 'GET', $backup . '/files/content', array( 'path' => self::$fixture->folder . '/a.txt' ), $admin ), 400, 'site_backups_file_needs_http' );
	}

	public function test_unknown_and_malformed_ids_cursors_and_page_sizes(): void {
		$admin = $this->admin();
		foreach ( array( '/files', '/tables', '/changes', '/changes/tables' ) as $route ) {
			$this->assertError( $this->dispatch( 'GET', '/backups/' . self::UNKNOWN_ID . $route, array(), $admin ), 404, 'site_backups_backup_not_found' );
			$this->assertError( $this->dispatch( 'GET', '/backups/ABC' . $route, array(), $admin ), 400, 'site_backups_invalid_backup_id' );
			$this->assertError( $this->dispatch( 'GET', '/backups/' . self::$fixture->older . $route, array( 'per_page' => 0 ), $admin ), 400, 'rest_invalid_param' );
			$this->assertError( $this->dispatch( 'GET', '/backups/' . self::$fixture->older . $route, array( 'per_page' => 1001 ), $admin ), 400, 'rest_invalid_param' );
		}
		$this->assertError( $this->dispatch( 'GET', '/backups/' . self::UNKNOWN_ID . '/files/content', array( 'path' => 'index.php' ), $admin ), 404, 'site_backups_backup_not_found' );
		foreach ( array( '/changes', '/changes/tables' ) as $route ) {
			$this->assertError( $this->dispatch( 'GET', '/backups/' . self::$fixture->newer . $route, array( 'since' => '../x' ), $admin ), 400, 'site_backups_invalid_backup_id' );
			$this->assertError( $this->dispatch( 'GET', '/backups/' . self::$fixture->newer . $route, array( 'since' => self::UNKNOWN_ID ), $admin ), 404, 'site_backups_backup_not_found' );
		}
		$files = '/backups/' . self::$fixture->older . '/files';
		$this->assertError( $this->dispatch( 'GET', $files, array( 'after' => '../x' ), $admin ), 400, 'site_backups_invalid_path' );
		$this->assertError( $this->dispatch( 'GET', $files, array( 'after' => '/not base64!' ), $admin ), 400, 'site_backups_invalid_page' );
	}

	public function test_only_administrators_may_look_inside(): void {
		$backup = '/backups/' . self::$fixture->older;
		foreach ( array( '/files', '/tables', '/changes', '/changes/tables', '/files/content' ) as $route ) {
			$query = array( 'path' => self::$fixture->folder . '/a.txt' );
			$this->assertError( $this->dispatch( 'GET', $backup . $route, $query, 0 ), 401, 'rest_forbidden' );
			foreach ( array( 'subscriber', 'editor' ) as $role ) {
				$this->assertError( $this->dispatch( 'GET', $backup . $route, $query, $this->create_user( $role ) ), 403, 'rest_forbidden' );
			}
		}
	}

	public function test_every_route_publishes_a_titled_schema(): void {
		$titles = array(
			'/files'          => 'site-backups-folder-page',
			'/tables'         => 'site-backups-tables-page',
			'/changes'        => 'site-backups-changes',
			'/changes/tables' => 'site-backups-table-changes',
			'/files/content'  => 'site-backups-backup-file',
		);
		$routes = rest_get_server()->get_routes( 'site-backups/v1' );
		foreach ( $titles as $route => $title ) {
			$key = '/site-backups/v1/backups/(?P<id>[^/]+)' . $route;
			$this->assertArrayHasKey( $key, $routes );
			$options = $this->dispatch( 'OPTIONS', '/backups/' . self::$fixture->older . $route );
			$this->assertSame( $title, $options->get_data()['schema']['title'] ?? null, $route );
		}
	}
}
