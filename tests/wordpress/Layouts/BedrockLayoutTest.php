<?php
/**
 * A WordPress laid out as Bedrock lays it out (tests/stack/sites.sh, provision_layout_site):
 * served from web/, WordPress in web/wp, wp-content in web/app, plugins in web/plugins, uploads
 * beside it all, tables under lay_. Backed up, downloaded and restored for real with WP-CLI.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Layouts;

use mysqli;
use PHPUnit\Framework\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class BedrockLayoutTest extends TestCase {

	private static string $web;
	private static string $media;

	public static function setUpBeforeClass(): void {
		$root = dirname( __DIR__, 3 );
		exec( 'bash ' . escapeshellarg( $root . '/tests/stack/layout-site.sh' ) . ' test 2>&1', $output, $status );
		self::assertSame( 0, $status, implode( "\n", $output ) );
		self::$web   = (string) end( $output );
		self::$media = dirname( self::$web, 2 ) . '/layout-media';
	}

	public function test_every_part_of_the_site_is_backed_up_downloaded_and_restored_in_its_place(): void {
		$this->add_content();
		$this->assertSame(
			array(
				'folders' => array( '.site-backups-home', 'wp-content', 'wp-content/plugins', 'wp-content/uploads' ),
				'secrets' => true,
			),
			json_decode( $this->wp( 'eval', '$e = SiteBackups\Plugin::instance()->backups()->environments()->production(); $f = array_keys( array_diff_key( $e->tree()->toArray(), array( "" => 1 ) ) ); sort( $f ); echo wp_json_encode( array( "folders" => $f, "secrets" => $e->secrets->covers( ".site-backups-home/wp-config.php" ) ) );' ), true ),
			'each part kept elsewhere is a part of the backup, and the wp-config.php above WordPress loses its secrets'
		);
		$id     = trim( $this->wp( 'site-backups', 'create', '--porcelain', '--user=admin' ) );
		$before = $this->site_state();

		$zip = sys_get_temp_dir() . '/sb-layout-' . $id . '.zip';
		$this->wp( 'site-backups', 'download', $id, '--output=' . $zip, '--force', '--user=admin' );
		try {
			exec( 'unzip -t ' . escapeshellarg( $zip ) . ' 2>&1', $test, $status );
			$this->assertSame( 0, $status, implode( "\n", $test ) );
			$names = $this->zip_names( $zip );
			foreach ( array( '.site-backups-home/index.php', '.site-backups-home/.htaccess', 'wp-load.php', 'wp-content/plugins/hello.php', 'wp-content/plugins/site-backups/site-backups.php', 'wp-content/mu-plugins/site.php', 'wp-content/uploads/2026/12/photo.jpg' ) as $path ) {
				$this->assertContains( 'files/' . $path, $names );
			}
			$this->assertNotContains( 'files/wp-content/core-only.txt', $names, "WordPress's own wp-content is not the site's" );
			$this->assertSame( array(), preg_grep( '#^files/\.site-backups-home/(wp|app|plugins)/#', $names ), 'no part is held twice' );
			$this->assertSame( md5_file( self::$media . '/2026/12/photo.jpg' ), md5( (string) shell_exec( 'unzip -p ' . escapeshellarg( $zip ) . ' files/wp-content/uploads/2026/12/photo.jpg' ) ) );
		} finally {
			@unlink( $zip );
		}

		$this->change_every_part();
		$this->assertNotSame( $before, $this->site_state() );

		$this->wp( 'site-backups', 'restore', $id, '--yes', '--user=admin' );

		$this->assertSame( $before, $this->site_state() );
		$this->assertSame( 'shipped with WordPress', file_get_contents( self::$web . '/wp/wp-content/core-only.txt' ) );
	}

	private function add_content(): void {
		@mkdir( self::$media . '/2026/12', 0755, true );
		file_put_contents( self::$media . '/2026/12/photo.jpg', random_bytes( 300000 ) );
		file_put_contents( self::$media . '/2026/12/notes.txt', 'notes' );
		file_put_contents( self::$web . '/app/mu-plugins/site.php', "<?php\n// the site's own must-use plugin\n" );
		file_put_contents( self::$web . '/plugins/hello.php', "<?php\n/* Plugin Name: Hello */\n" );
		file_put_contents( self::$web . '/wp/wp-content/core-only.txt', 'shipped with WordPress' );
		$this->wp( 'post', 'create', '--post_title=Kept', '--post_status=publish', '--porcelain' );
	}

	private function change_every_part(): void {
		unlink( self::$media . '/2026/12/photo.jpg' );
		file_put_contents( self::$media . '/2026/12/notes.txt', 'edited' );
		file_put_contents( self::$media . '/added-since.txt', 'added' );
		unlink( self::$web . '/plugins/hello.php' );
		file_put_contents( self::$web . '/app/mu-plugins/site.php', "<?php\n// edited\n" );
		file_put_contents( self::$web . '/index.php', "<?php\n// replaced\n" );
		file_put_contents( self::$web . '/added-in-home.txt', 'x' );
		file_put_contents( self::$web . '/wp/readme.html', 'edited' );
		$this->wp( 'post', 'create', '--post_title=Added since', '--post_status=publish', '--porcelain' );
	}

	/** @return array<string, mixed> every part's files and the site's posts */
	private function site_state(): array {
		$db = $this->database();
		try {
			$posts = $db->query( "SELECT post_title FROM lay_posts WHERE post_type = 'post' ORDER BY ID" )->fetch_all();
		} finally {
			$db->close();
		}
		return array(
			'home'    => WordPressSite::file_state( self::$web, array( 'wp/wp-content' ) ),
			'uploads' => WordPressSite::file_state( self::$media, array() ),
			'posts'   => array_column( $posts, 0 ),
		);
	}

	private function database(): mysqli {
		[ , $socket ] = explode( ':', DB_HOST, 2 );
		return new mysqli( 'localhost', DB_USER, DB_PASSWORD, 'sb_test_layout', 0, $socket );
	}

	/** @return list<string> */
	private function zip_names( string $zip ): array {
		$archive = new \ZipArchive();
		$this->assertTrue( $archive->open( $zip ) );
		$names = array();
		for ( $i = 0; $i < $archive->numFiles; $i++ ) {
			$names[] = (string) $archive->getNameIndex( $i );
		}
		$archive->close();
		return $names;
	}

	private function wp( string ...$args ): string {
		$run = WordPressSite::wp( 'layout', $args );
		$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
		return $run['out'];
	}
}
