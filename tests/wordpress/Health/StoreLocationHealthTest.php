<?php
/**
 * Site Health says "outside the web root" only when the store is.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Health;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Health\StoreLocationHealth;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\TestCase;

final class StoreLocationHealthTest extends TestCase {

	private ?\Closure $site_url = null;

	protected function tearDown(): void {
		if ( null !== $this->site_url ) {
			remove_filter( 'site_url', $this->site_url );
		}
		parent::tearDown();
	}

	public function test_it_is_one_of_the_site_health_tests(): void {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array() ) );

		$this->assertArrayHasKey( StoreLocationHealth::TEST, $tests['direct'] );
		$result = call_user_func( $tests['direct'][ StoreLocationHealth::TEST ]['test'] );
		$this->assertSame( StoreLocationHealth::TEST, $result['test'] );
	}

	public function test_a_store_outside_every_served_folder_is_reported_as_such(): void {
		update_option( StoreDirectory::OPTION, dirname( (string) realpath( ABSPATH ) ) . '/site-backups-store' );

		$result = $this->health_result();

		$this->assertSame( 'good', $result['status'] );
		$this->assertStringContainsString( 'outside the web root', $result['label'] );
	}

	public function test_the_unguessable_folder_in_wp_content_is_reported_as_inside_with_how_to_move_it(): void {
		$store = WP_CONTENT_DIR . '/site-backups-' . bin2hex( random_bytes( 12 ) );
		update_option( StoreDirectory::OPTION, $store );

		$result = $this->health_result();

		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringNotContainsString( 'outside the web root', $result['label'] );
		$this->assertStringContainsString( 'unguessable name and deny rules', $result['description'] );
		$this->assertStringContainsString( 'SITE_BACKUPS_STORE_DIR', $result['description'] );
		$this->assertStringContainsString( 'in wp-content,', $result['description'] );
		$this->assertStringNotContainsString( basename( $store ), $result['description'], 'the unguessable name stays unknown' );
	}

	public function test_a_store_beside_wordpress_in_a_subfolder_of_the_document_root_is_reported_as_inside(): void {
		// The old default: beside the WordPress folder, which here lives at http://host/production/.
		$site = (string) realpath( ABSPATH );
		update_option( StoreDirectory::OPTION, dirname( $site ) . '/site-backups-store' );
		$this->site_url = static fn ( string $url ): string => (string) preg_replace( '~^https?://[^/]+~', '$0/' . basename( $site ), $url );
		add_filter( 'site_url', $this->site_url );

		$result = $this->health_result();

		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( 'can be guessed', $result['description'] );
		$this->assertStringContainsString( 'SITE_BACKUPS_STORE_DIR', $result['description'] );
	}

	/**
	 * @return array<string, mixed>
	 */
	private function health_result(): array {
		$this->assertNotNull( Plugin::instance() );
		return ( new StoreLocationHealth( new StoreDirectory() ) )->site_health_result();
	}
}
