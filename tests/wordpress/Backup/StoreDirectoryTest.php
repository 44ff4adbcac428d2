<?php
/**
 * Where the plugin puts a new store on the real test site, from the facts
 * WordPress knows: its folder, its URLs, the web server's document root.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Backup;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Tests\WordPress\TestCase;

final class StoreDirectoryTest extends TestCase {

	/** @var array<string, mixed> */
	private array $server;

	private ?\Closure $site_url = null;

	protected function setUp(): void {
		parent::setUp();
		$this->server = $_SERVER;
		delete_option( StoreDirectory::OPTION ); // rolled back with the test
	}

	protected function tearDown(): void {
		$_SERVER = $this->server;
		if ( null !== $this->site_url ) {
			remove_filter( 'site_url', $this->site_url );
		}
		parent::tearDown();
	}

	public function test_a_site_at_its_document_root_keeps_its_store_beside_its_folder_and_remembers_it(): void {
		$site = (string) realpath( ABSPATH );

		$path = ( new StoreDirectory() )->path();

		$this->assertSame( dirname( $site ) . '/site-backups-store', $path );
		$this->assertSame( $path, get_option( StoreDirectory::OPTION ) );
		$this->assertTrue( ( new StoreDirectory() )->is_outside_web_root() );
	}

	public function test_a_site_in_a_subfolder_of_its_document_root_keeps_its_store_above_the_document_root(): void {
		$site = (string) realpath( ABSPATH );
		// The same folder, as if the server's document root were its parent: http://host/production/.
		$this->site_url = static fn ( string $url ): string => (string) preg_replace( '~^https?://[^/]+~', '$0/' . basename( $site ), $url );
		add_filter( 'site_url', $this->site_url );
		$this->assertStringEndsWith( '/' . basename( $site ), untrailingslashit( site_url() ) );

		$path = ( new StoreDirectory() )->path();

		$this->assertSame( dirname( $site, 2 ) . '/site-backups-store', $path );
		$this->assertTrue( ( new StoreDirectory() )->is_outside_web_root() );
	}

	public function test_a_document_root_in_the_command_lines_environment_is_not_taken_for_the_web_servers(): void {
		$_SERVER['DOCUMENT_ROOT'] = '/';

		$path = ( new StoreDirectory() )->path();

		$this->assertSame( dirname( (string) realpath( ABSPATH ) ) . '/site-backups-store', $path );
	}

	public function test_a_store_chosen_earlier_stays_where_it_is_and_is_known_to_be_served(): void {
		$inside = WP_CONTENT_DIR . '/site-backups-' . bin2hex( random_bytes( 12 ) );
		update_option( StoreDirectory::OPTION, $inside );

		$this->assertSame( $inside, ( new StoreDirectory() )->path() );
		$this->assertFalse( ( new StoreDirectory() )->is_outside_web_root() );
	}
}
