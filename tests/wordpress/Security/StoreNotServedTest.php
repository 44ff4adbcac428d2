<?php
/**
 * A store inside the document root (where the unguessable fallback in
 * wp-content puts it) is never served: every kind of file it holds and every
 * folder of it is asked for over real HTTP, and no stored byte comes back.
 *
 * The servers asked are SITE_BACKUPS_TEST_HTTP_SERVERS (comma-separated base
 * URLs of the same production site, e.g. nginx and Apache), else
 * SITE_BACKUPS_WP_URL.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Security;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreProtection;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Offsite\SavedOffsiteSettings;
use SiteBackups\Tests\WordPress\TestCase;

final class StoreNotServedTest extends TestCase {

	/** Objects asked for besides every other file: a sample is enough, they are all alike. */
	private const OBJECTS_ASKED = 40;

	private string $store;

	private string $probe;

	protected function setUp(): void {
		parent::setUp();
		$this->store = WP_CONTENT_DIR . '/site-backups-' . bin2hex( random_bytes( 12 ) );
		$this->probe = WP_CONTENT_DIR . '/site-backups-probe-' . bin2hex( random_bytes( 6 ) ) . '.txt';
	}

	protected function tearDown(): void {
		Durable::removeTree( $this->store );
		@unlink( $this->probe );
		parent::tearDown();
	}

	public function test_no_byte_of_a_store_inside_the_document_root_is_served(): void {
		$this->fill_store();
		$asked = $this->paths_to_ask();
		foreach ( array( 'format.php', 'objects/', 'snapshots/', 'pending/', 'state.php', 'lock.php', 'part-', 'tmp/obj-', SavedOffsiteSettings::FILE, '.htaccess', 'web.config', 'index.php', StoreProtection::MARKER ) as $kind ) {
			$this->assertNotEmpty( array_filter( array_keys( $asked ), static fn ( string $path ): bool => str_contains( $path, $kind ) ), "the store holds no $kind to ask for" );
		}

		foreach ( array_keys( WebServers::each() ) as $base ) {
			// The URL of a file beside the store is served: the paths below do reach the store.
			file_put_contents( $this->probe, 'probe ' . $base );
			$probe = WebServers::get( $base . $this->url_path( $this->probe ) );
			$this->assertSame( array( 200, 'probe ' . $base ), array( $probe['status'], $probe['body'] ), "$base does not serve this site's files" );

			foreach ( $asked as $path => $kind ) {
				$this->assert_not_served( $base, $path, $kind );
			}
		}
	}

	/**
	 * A published backup, one in progress with its state, lock and manifest parts, an object being
	 * written, and saved off-site settings with their secret.
	 */
	private function fill_store(): void {
		$registry = new EnvironmentRegistry();
		$staging  = $registry->staging();
		$this->assertNotNull( $staging, 'the test stack declares a staging site' );
		$engine = Repository::open( $this->store, $registry->all() );
		$id     = $engine->beginBackup( $staging, 'manual', 'store not served', get_bloginfo( 'version' ), 'test' );
		do {
			$progress = $engine->step( $id, 5.0 );
		} while ( ! $progress->isReady() );
		$engine->publish( $id );

		$engine->step( $engine->beginBackup( $staging, 'manual', 'in progress', get_bloginfo( 'version' ), 'test' ), 0.5 );
		$writer = $engine->store()->objects()->writer( false );
		$writer->write( str_repeat( 'an object being written ', 100 ) );

		self::use_store( $this->store ); // rolled back with the test
		( new SavedOffsiteSettings( new StoreDirectory() ) )->save(
			array(
				'endpoint'   => 'http://127.0.0.1:9',
				'region'     => 'us-east-1',
				'bucket'     => 'site-backups-not-served',
				'access_key' => 'not-served-key',
				'secret'     => 'not-served-secret-' . bin2hex( random_bytes( 8 ) ),
			)
		);
	}

	/**
	 * Every folder and every file of the store but most objects.
	 *
	 * @return array<string, string> path => 'folder', 'guarded' or 'protection'
	 */
	private function paths_to_ask(): array {
		$asked   = array( $this->store . '/' => 'folder' );
		$objects = array();
		$items   = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $this->store, \FilesystemIterator::SKIP_DOTS ), \RecursiveIteratorIterator::SELF_FIRST );
		foreach ( $items as $path => $info ) {
			$path = (string) $path;
			if ( is_dir( $path ) ) {
				$asked[ $path . '/' ] = 'folder';
			} elseif ( isset( StoreProtection::files()[ basename( $path ) ] ) && dirname( $path ) === $this->store ) {
				$asked[ $path ] = 'protection';
			} elseif ( str_contains( $path, '/objects/' ) ) {
				$objects[] = $path;
			} else {
				$asked[ $path ] = 'guarded';
			}
		}
		shuffle( $objects );
		foreach ( array_slice( $objects, 0, self::OBJECTS_ASKED ) as $path ) {
			$asked[ $path ] = 'guarded';
		}
		return $asked;
	}

	private function assert_not_served( string $base, string $path, string $kind ): void {
		$answer = WebServers::get( $base . $this->url_path( $path ) );
		$what   = "$base: " . substr( $path, strlen( $this->store ) ) . " ($kind) answered {$answer['status']}";
		if ( 'folder' === $kind ) {
			foreach ( scandir( $path ) ?: array() as $name ) {
				// Names long enough not to turn up in an error page by chance: hashes, ids, format.php.
				if ( strlen( $name ) >= 10 ) {
					$this->assertStringNotContainsString( $name, $answer['body'], "$what: a listing of the folder" );
				}
			}
		} else {
			$stored = (string) file_get_contents( $path );
			$after  = str_starts_with( $stored, GuardedFile::GUARD ) ? substr( $stored, GuardedFile::length() ) : $stored;
			if ( 'guarded' === $kind && strlen( $after ) >= 8 ) {
				$this->assertStringNotContainsString( substr( $after, 0, 64 ), $answer['body'], "$what: the content after the guard line" );
			}
		}
		if ( 200 === $answer['status'] ) {
			// A guarded file (and the folder's index.php) runs as PHP and shows nothing; a protection file
			// may be sent as it is, the same public text on every site, never anything else.
			$allowed = 'protection' === $kind ? array( '', StoreProtection::files()[ basename( $path ) ] ) : array( '' );
			$this->assertContains( $answer['body'], $allowed, "$what with content" );
			return;
		}
		$this->assertContains( $answer['status'], array( 403, 404 ), $what );
	}

	/**
	 * The URL path of a file under the WordPress folder, which both servers serve as their document root.
	 */
	private function url_path( string $path ): string {
		$root = untrailingslashit( (string) realpath( ABSPATH ) );
		$real = (string) realpath( rtrim( $path, '/' ) ) . ( str_ends_with( $path, '/' ) ? '/' : '' );
		$this->assertStringStartsWith( $root . '/', $real );
		return implode( '/', array_map( 'rawurlencode', explode( '/', substr( $real, strlen( $root ) ) ) ) );
	}
}
