<?php
/**
 * The release zip holds the plugin and nothing of its development, and it
 * installs and activates on a clean WordPress the way a site owner does it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Package;

use PHPUnit\Framework\TestCase;
use ZipArchive;

final class PluginZipTest extends TestCase {

	private const ROOT = __DIR__ . '/../..';

	private static string $zip;

	/** @var list<string> */
	private static array $entries = array();

	public static function setUpBeforeClass(): void {
		self::$zip = self::ROOT . '/artifacts/site-backups.zip';
		self::run_command( 'bash tests/stack/plugin-zip.sh ' . escapeshellarg( self::$zip ) );
		$zip = new ZipArchive();
		self::assertTrue( true === $zip->open( self::$zip ), 'The zip does not open' );
		for ( $i = 0; $i < $zip->numFiles; $i++ ) {
			self::$entries[] = (string) $zip->getNameIndex( $i );
		}
		$zip->close();
	}

	public function test_it_holds_the_plugin_under_one_folder(): void {
		foreach ( array( 'site-backups.php', 'readme.txt', 'plugin/Plugin.php', 'plugin/autoload.php', 'build/index.js', 'build/index.asset.php' ) as $file ) {
			$this->assertContains( 'site-backups/' . $file, self::$entries );
		}
		foreach ( self::$entries as $entry ) {
			$this->assertStringStartsWith( 'site-backups/', $entry );
		}
	}

	public function test_it_leaves_development_files_out(): void {
		$forbidden = '#^site-backups/(node_modules|vendor|tests|admin-ui|\.dev|\.git|\.ci|artifacts)/'
			. '|^site-backups/(package(-lock)?\.json|composer\.json|tsconfig\.json|README\.md|\.distignore|\.gitignore)$#';
		$this->assertSame( array(), array_values( preg_grep( $forbidden, self::$entries ) ) );
	}

	public function test_it_installs_and_activates_on_a_clean_wordpress(): void {
		$site    = trim( self::run_command( 'bash tests/stack/clean-site.sh' ) );
		$plugins = $site . '/wp-content/plugins';
		$this->assertDirectoryDoesNotExist( $plugins . '/site-backups' );

		self::run_command( 'unzip -q ' . escapeshellarg( self::$zip ) . ' -d ' . escapeshellarg( $plugins ) );
		$output = self::run_command( 'bash tests/stack/wp.sh test clean plugin activate site-backups' );
		$this->assertStringContainsString( "Plugin 'site-backups' activated.", $output );

		$loaded = self::run_command( "bash tests/stack/wp.sh test clean eval 'echo class_exists( \"SiteBackups\\\\Plugin\" ) ? \"loaded\" : \"missing\";'" );
		$this->assertSame( 'loaded', trim( $loaded ) );

		$log = dirname( $site, 2 ) . '/logs/wp-clean-debug.log';
		$this->assertFalse(
			is_file( $log ) && str_contains( (string) file_get_contents( $log ), 'site-backups' ),
			'PHP reported problems in the plugin: see ' . $log
		);
	}

	private static function run_command( string $command ): string {
		$output = array();
		exec( 'cd ' . escapeshellarg( self::ROOT ) . ' && ' . $command . ' 2>&1', $output, $status );
		$text = implode( "\n", $output );
		self::assertSame( 0, $status, "`$command` failed:\n$text" );
		return $text;
	}
}
