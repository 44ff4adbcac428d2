<?php
/**
 * The stacks serve only what the release zip ships under the plugin's URL:
 * the working tree's .dev/ (the S3 secret, MariaDB's files), node_modules/,
 * tests/, vendor/ and the development files stay out of reach.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Security;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Tests\WordPress\TestCase;

final class PluginFolderServedTest extends TestCase {

	private const PLUGIN_URL = '/wp-content/plugins/site-backups/';

	/** Paths of the working tree that exist there and must not be served. */
	private const DEVELOPMENT_PATHS = array(
		'.dev/test/s3/ready.env',
		'node_modules/react/package.json',
		'tests/stack/lib.sh',
		'vendor/autoload.php',
		'package.json',
		'composer.json',
		'README.md',
		'.git/HEAD',
		'.distignore',
	);

	/** @return array<string, array{string}> */
	public static function servers(): array {
		return WebServers::each();
	}

	#[DataProvider( 'servers' )]
	public function test_the_plugin_url_serves_the_shipped_files( string $base ): void {
		$readme = WebServers::get( $base . self::PLUGIN_URL . 'readme.txt' );
		$this->assertSame( 200, $readme['status'] );
		$this->assertStringStartsWith( '=== Site Backups ===', $readme['body'] );
		$this->assertSame( 200, WebServers::get( $base . self::PLUGIN_URL . 'build/index.js' )['status'] );
	}

	#[DataProvider( 'servers' )]
	public function test_development_files_are_not_served( string $base ): void {
		$repository = dirname( __DIR__, 3 );
		foreach ( self::DEVELOPMENT_PATHS as $path ) {
			$this->assertFileExists( $repository . '/' . $path, 'The working tree should hold ' . $path );
			$answer  = WebServers::get( $base . self::PLUGIN_URL . $path );
			$content = (string) file_get_contents( $repository . '/' . $path );
			// Not found, forbidden, or WordPress's redirect to the site's own address: never the file.
			$this->assertContains( $answer['status'], array( 301, 302, 403, 404 ), "$path answered {$answer['status']} on $base" );
			$this->assertStringNotContainsString( substr( trim( $content ), 0, 40 ), $answer['body'], "$path was served by $base" );
		}
	}

	public function test_the_plugin_folder_holds_only_shipped_entries(): void {
		$entries = array_values( array_diff( (array) scandir( WP_PLUGIN_DIR . '/site-backups' ), array( '.', '..' ) ) );
		sort( $entries );
		$this->assertSame( array( 'build', 'languages', 'php', 'plugin', 'readme.txt', 'site-backups.php' ), $entries );
	}
}
