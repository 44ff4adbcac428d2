<?php
/**
 * wp site-backups files, cat, diff and tables through the real WP-CLI binary, against real
 * backups of the staging site.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Cli;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\WordPress\BrowseFixture;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class BrowseCommandsTest extends TestCase {

	/** More than one page of the routes (1000). */
	private const MANY = 1003;

	private static BrowseFixture $fixture;

	private static string $many = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$many = 'wp-content/uploads/sb-browse-many-' . strtolower( wp_generate_password( 8, false ) );
		mkdir( WordPressSite::root( 'staging' ) . '/' . self::$many );
		for ( $i = 0; $i < self::MANY; $i++ ) {
			touch( sprintf( '%s/%s/file-%04d.txt', WordPressSite::root( 'staging' ), self::$many, $i ) );
		}
		self::$fixture = BrowseFixture::make( true );
	}

	public static function tearDownAfterClass(): void {
		self::$fixture->remove();
		Durable::removeTree( WordPressSite::root( 'staging' ) . '/' . self::$many );
		parent::tearDownAfterClass();
	}

	/**
	 * Runs `wp site-backups ...` in a new process.
	 *
	 * @param list<string> $args Arguments after "site-backups".
	 * @return array{status: int, out: string, err: string}
	 */
	private function wp( array $args ): array {
		return WordPressSite::wp( 'production', array_merge( array( 'site-backups' ), $args ) );
	}

	public function test_files_lists_a_folder_as_a_table_json_csv_and_count(): void {
		$older = self::$fixture->older;
		$table = $this->wp( array( 'files', $older, self::$fixture->folder, '--user=admin' ) );
		$this->assertSame( 0, $table['status'], $table['err'] );
		$lines = explode( "\n", trim( $table['out'] ) );
		$this->assertSame( "name\ttype\tsize\tmode\tmodified\ttarget\tbacked_up", $lines[0] );
		$this->assertCount( 1 + count( BrowseFixture::NAMES ), $lines );
		$this->assertStringStartsWith( "blob.bin\tfile\t" . filesize( self::$fixture->on_disk( 'blob.bin' ) ) . "\t", $lines[3] );
		$this->assertStringStartsWith( "link\tsymlink\t0\t", $lines[7] );
		$this->assertStringContainsString( "\t../../..\tyes", $lines[7] );
		$this->assertStringStartsWith( "sub/\tdir\t", $lines[9] );
		$this->assertStringStartsWith( BrowseFixture::LATIN1 . "\tfile\t", $lines[5], 'A name that is not UTF-8 is printed as it is' );

		$json = $this->wp( array( 'files', $older, self::$fixture->folder, '--format=json', '--user=admin' ) );
		$this->assertSame( 0, $json['status'], $json['err'] );
		$items = json_decode( $json['out'], true );
		$this->assertIsArray( $items, $json['out'] );
		$this->assertSame( BrowseFixture::NAMES, array_map( static fn ( array $i ): string => $i['name'] ?? (string) base64_decode( $i['name_b64'] ), $items ) );
		$this->assertSame( self::$fixture->folder . '/a.txt', $items[0]['path'] );
		$this->assertSame( '../../..', $items[6]['target'] );

		$count = $this->wp( array( 'files', $older, self::$fixture->folder, '--format=count', '--user=admin' ) );
		$this->assertSame( (string) count( BrowseFixture::NAMES ), trim( $count['out'] ) );

		$top = $this->wp( array( 'files', $older, '--format=json', '--user=admin' ) );
		$this->assertContains( 'wp-config.php', array_column( (array) json_decode( $top['out'], true ), 'name' ) );
	}

	public function test_all_follows_next_to_the_end_of_a_large_folder(): void {
		$older = self::$fixture->older;
		$first = $this->wp( array( 'files', $older, self::$many, '--format=count', '--user=admin' ) );
		$this->assertSame( 0, $first['status'], $first['err'] );
		$this->assertSame( '1000', trim( $first['out'] ) );
		$this->assertStringContainsString( '--all', $first['err'], 'It says that more are left' );

		$count = $this->wp( array( 'files', $older, self::$many, '--all', '--format=count', '--user=admin' ) );
		$this->assertSame( (string) self::MANY, trim( $count['out'] ) );
		$this->assertStringNotContainsString( 'Warning', $count['err'] );

		$json  = $this->wp( array( 'files', $older, self::$many, '--all', '--format=json', '--user=admin' ) );
		$items = json_decode( $json['out'], true );
		$this->assertIsArray( $items, substr( $json['out'], 0, 300 ) );
		$expected = array_map( static fn ( int $i ): string => sprintf( 'file-%04d.txt', $i ), range( 0, self::MANY - 1 ) );
		$this->assertSame( $expected, array_column( $items, 'name' ) );

		$csv   = $this->wp( array( 'files', $older, self::$many, '--all', '--format=csv', '--user=admin' ) );
		$lines = explode( "\n", trim( $csv['out'] ) );
		$this->assertCount( 1 + self::MANY, $lines, 'One header, then every row' );
		$this->assertSame( 'name,type,size,mode,modified,target,backed_up', $lines[0] );
		$this->assertStringStartsWith( 'file-1002.txt,file,0,', $lines[ self::MANY ] );
	}

	public function test_cat_writes_the_bytes_of_a_file_and_refuses_what_is_not_one(): void {
		$older = self::$fixture->older;
		foreach ( array( 'a.txt', 'blob.bin', 'image.png' ) as $name ) {
			$cat = $this->wp( array( 'cat', $older, self::$fixture->folder . '/' . $name, '--user=admin' ) );
			$this->assertSame( 0, $cat['status'], $cat['err'] );
			$this->assertSame( (string) file_get_contents( self::$fixture->on_disk( $name ) ), $cat['out'], $name . ': byte for byte' );
		}

		$refusals = array(
			self::$fixture->folder . '/sub'                => 'not a file of the backup: it is a folder',
			self::$fixture->folder . '/link'               => 'not a file of the backup: it is a symbolic link',
			self::$fixture->folder . '/link/wp-config.php' => 'passes through',
			self::$fixture->folder . '/nothing.txt'        => 'This backup holds no such path.',
			'../wp-config.php'                             => 'Not a path inside a backup',
			'/etc/passwd'                                  => 'Not a path inside a backup',
		);
		foreach ( $refusals as $path => $message ) {
			$cat = $this->wp( array( 'cat', $older, $path, '--user=admin' ) );
			$this->assertSame( 1, $cat['status'], $path );
			$this->assertSame( '', $cat['out'], $path );
			$this->assertStringContainsString( $message, $cat['err'], $path );
		}
		$unknown = $this->wp( array( 'cat', '7zzzzzzzzzzzzzzzzzzzzzzzzz', 'index.php', '--user=admin' ) );
		$this->assertStringContainsString( 'Error: No backup has that id.', $unknown['err'] );
		$malformed = $this->wp( array( 'cat', '../x', 'index.php', '--user=admin' ) );
		$this->assertStringContainsString( 'not a valid backup id', $malformed['err'] );
		$anonymous = $this->wp( array( 'cat', $older, 'index.php' ) );
		$this->assertSame( 1, $anonymous['status'] );
		$this->assertStringContainsString( '--user', $anonymous['err'] );
	}

	public function test_diff_lists_the_planted_file_and_the_changed_table(): void {
		$newer = self::$fixture->newer;
		$table = $this->wp( array( 'diff', $newer, '--user=admin' ) );
		$this->assertSame( 0, $table['status'], $table['err'] );
		$lines = explode( "\n", trim( $table['out'] ) );
		$this->assertSame( "kind\tpath\tfields\tsize_before\tsize_after\tmodified_before\tmodified_after\tphp_in_uploads", $lines[0] );
		$this->assertContains( sprintf( "added\t%s\t\t\t%d\t\t%s\tyes", BrowseFixture::EVIL, filesize( WordPressSite::root( 'staging' ) . '/' . BrowseFixture::EVIL ), gmdate( 'Y-m-d H:i:s', (int) filemtime( WordPressSite::root( 'staging' ) . '/' . BrowseFixture::EVIL ) ) ), $lines );
		$this->assertCount( 2 + count( self::$fixture->made ), $lines, 'The file and the folders made for it' );

		$json  = $this->wp( array( 'diff', $newer, self::$fixture->older, '--format=json', '--user=admin' ) );
		$files = json_decode( $json['out'], true );
		$this->assertIsArray( $files, $json['out'] . $json['err'] );
		$this->assertSame( array_merge( self::$fixture->made, array( BrowseFixture::EVIL ) ), array_column( $files, 'path' ) );
		$this->assertTrue( end( $files )['php_in_uploads'] );

		$summary = $this->wp( array( 'diff', $newer, '--summary', '--user=admin' ) );
		$this->assertSame( 0, $summary['status'], $summary['err'] );
		$this->assertStringContainsString( 'Changes from backup ' . self::$fixture->older . ' to backup ' . $newer . ':', $summary['out'] );
		$this->assertStringContainsString( 'Files: 1 added, 0 changed, 0 removed.', $summary['out'] );
		$this->assertStringContainsString( 'Tables: 0 added, 1 changed, 0 removed.', $summary['out'] );
		$this->assertStringContainsString( "wp-content/uploads\t1\t0\t0\t", $summary['out'] );
		$this->assertStringContainsString( '1 PHP file appeared in the uploads folder', $summary['err'] );
		$this->assertStringContainsString( '  ' . BrowseFixture::EVIL, $summary['out'] );

		$summary_json = json_decode( $this->wp( array( 'diff', $newer, '--summary', '--format=json', '--user=admin' ) )['out'], true );
		$this->assertSame( self::$fixture->older, $summary_json['since'] );
		$this->assertSame( 1, $summary_json['summary']['php_in_uploads']['count'] );

		$tables = json_decode( $this->wp( array( 'diff', $newer, '--tables', '--format=json', '--user=admin' ) )['out'], true );
		$this->assertSame( array( 'wp_options' ), array_column( (array) $tables, 'name' ) );
		$this->assertSame( 'changed', $tables[0]['kind'] );

		$reverse = json_decode( $this->wp( array( 'diff', self::$fixture->older, $newer, '--format=json', '--user=admin' ) )['out'], true );
		$this->assertSame( array( 'removed' ), array_values( array_unique( array_column( (array) $reverse, 'kind' ) ) ) );

		$both = $this->wp( array( 'diff', $newer, '--summary', '--tables', '--user=admin' ) );
		$this->assertSame( 1, $both['status'] );
		$other = $this->wp( array( 'diff', $newer, '7zzzzzzzzzzzzzzzzzzzzzzzzz', '--user=admin' ) );
		$this->assertSame( 1, $other['status'] );
		$this->assertStringContainsString( 'Error: No backup has that id.', $other['err'] );
	}

	public function test_tables_lists_the_backup_s_tables(): void {
		$table = $this->wp( array( 'tables', self::$fixture->older, '--user=admin' ) );
		$this->assertSame( 0, $table['status'], $table['err'] );
		$this->assertStringStartsWith( "name\trows\tranges\tbytes\tengine\tauto_increment\tskipped\n", $table['out'] );
		$this->assertMatchesRegularExpression( '/^wp_options\t[1-9]\d*\t[1-9]\d*\t[1-9]\d*\t/m', $table['out'] );

		$json  = $this->wp( array( 'tables', self::$fixture->older, '--format=json', '--user=admin' ) );
		$items = json_decode( $json['out'], true );
		$this->assertIsArray( $items, $json['out'] );
		$this->assertContains( 'wp_options', array_column( $items, 'name' ) );
		$this->assertArrayHasKey( 'data_length', $items[0] );

		$unknown = $this->wp( array( 'tables', '7zzzzzzzzzzzzzzzzzzzzzzzzz', '--user=admin' ) );
		$this->assertSame( 1, $unknown['status'] );
		$this->assertStringContainsString( 'Error: No backup has that id.', $unknown['err'] );
	}
}
