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
		foreach ( array( 'site-backups.php', 'readme.txt', 'plugin/Plugin.php', 'plugin/autoload.php', 'build/index.js', 'build/index.asset.php', 'languages/site-backups.pot' ) as $file ) {
			$this->assertContains( 'site-backups/' . $file, self::$entries );
		}
		foreach ( self::$entries as $entry ) {
			$this->assertStringStartsWith( 'site-backups/', $entry );
		}
	}

	public function test_it_leaves_development_files_out(): void {
		$forbidden = '#^site-backups/(node_modules|vendor|tests|admin-ui/(?!src/)|\.dev|\.git|\.ci|artifacts|\.phpunit\.cache)/'
			. '|^site-backups/(package(-lock)?\.json|composer\.json|tsconfig\.json|README\.md|\.distignore|\.gitignore)$'
			. '|\.test\.tsx?$|/test-utils/|\.map$|\.md$#';
		$this->assertSame( array(), array_values( preg_grep( $forbidden, self::$entries ) ) );
	}

	/**
	 * Each entry is something the plugin runs, its translation template, or the admin screen's
	 * TypeScript source (WordPress.org asks for the source of compiled code); nothing else.
	 */
	public function test_it_holds_only_what_the_allow_list_names(): void {
		$allowed = array(
			// Folders.
			'#^site-backups/((plugin|php|build|languages|admin-ui)(/(?!test-utils/)[A-Za-z0-9-]+)*/)?$#',
			'#^site-backups/(site-backups\.php|readme\.txt)$#',
			// The plugin's classes and the engine's: PHP only, one class per file.
			'#^site-backups/(plugin|php)/([A-Za-z0-9]+/)*[A-Za-z0-9]+\.php$#',
			'#^site-backups/plugin/autoload\.php$#',
			// The admin screen as WordPress loads it, and its source.
			'#^site-backups/build/index\.(js|asset\.php)$#',
			'#^site-backups/build/style-index(-rtl)?\.css$#',
			'#^site-backups/admin-ui/src/(?!test-utils/)([a-z-]+/)*[A-Za-z-]+(\.generated)?\.(ts|tsx|scss)$#',
			// Sass partials, which only the stylesheet above them imports.
			'#^site-backups/admin-ui/src/([a-z-]+/)*_[a-z-]+\.scss$#',
			'#^site-backups/languages/site-backups\.pot$#',
		);
		$unexpected = array_filter(
			self::$entries,
			static function ( string $entry ) use ( $allowed ): bool {
				foreach ( $allowed as $pattern ) {
					if ( 1 === preg_match( $pattern, $entry ) ) {
						return false;
					}
				}
				return true;
			}
		);
		$this->assertSame( array(), array_values( $unexpected ), 'The zip holds entries no rule allows' );
		$this->assertContains( 'site-backups/admin-ui/src/index.tsx', self::$entries, 'the source of build/index.js' );
	}

	/**
	 * The shipped translation template holds exactly the strings of the shipped PHP and JavaScript
	 * (tests/stack/make-pot.mjs run on the unzipped release gives the same file).
	 */
	public function test_its_translation_template_is_current(): void {
		$dir = sys_get_temp_dir() . '/sb-pot-' . bin2hex( random_bytes( 4 ) );
		try {
			self::run_command( 'unzip -q ' . escapeshellarg( self::$zip ) . ' -d ' . escapeshellarg( $dir ) );
			$shipped = $dir . '/site-backups/languages/site-backups.pot';
			$this->assertFileExists( $shipped );
			self::run_command( 'node tests/stack/make-pot.mjs ' . escapeshellarg( $dir . '/site-backups' ) . ' ' . escapeshellarg( $dir . '/fresh.pot' ) );
			$this->assertSame(
				(string) file_get_contents( $dir . '/fresh.pot' ),
				(string) file_get_contents( $shipped ),
				'languages/site-backups.pot is stale: run `npm run make-pot`'
			);
		} finally {
			self::run_command( 'rm -rf ' . escapeshellarg( $dir ) );
		}
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
