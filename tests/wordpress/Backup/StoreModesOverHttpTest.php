<?php
/**
 * A backup started through the real REST route, run by the web server's
 * PHP in loopback slices, leaves a store that is its owner's only: every
 * file 0600, every folder 0700.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Backup;

use SiteBackups\Backup\BackupLogs;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\TestCase;

final class StoreModesOverHttpTest extends TestCase {

	private HttpSession $session;

	private string $store;

	private mixed $previous;

	private ?string $backup = null;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// The web server's requests run in other connections: they must see the store chosen here.
		$wpdb->query( 'COMMIT' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->previous = get_option( StoreDirectory::OPTION );
		$this->store    = sys_get_temp_dir() . '/site-backups-modes-' . wp_generate_password( 8, false );
		update_option( StoreDirectory::OPTION, $this->store, false );
		$this->session = new HttpSession( rtrim( (string) getenv( 'SITE_BACKUPS_WP_URL' ), '/' ) );
		$this->assertSame( 302, $this->session->login(), 'Could not log in as admin' );
	}

	protected function tearDown(): void {
		if ( is_string( $this->previous ) ) {
			update_option( StoreDirectory::OPTION, $this->previous, false );
		} else {
			delete_option( StoreDirectory::OPTION );
		}
		Durable::removeTree( $this->store );
		if ( null !== $this->backup ) {
			( new BackupLogs() )->forget( array( $this->backup ) ); // its backup went with the store
		}
		$this->session->close();
		parent::tearDown();
	}

	public function test_a_backup_through_the_rest_route_leaves_every_file_0600_and_every_folder_0700(): void {
		$nonce = $this->session->nonce();
		$this->wait_until_idle( $nonce );

		$started = $this->session->api( 'POST', '/backups', $nonce, array( 'environment' => 'staging', 'note' => 'store modes' ) );
		$this->assertSame( 202, $started['status'], $started['raw'] );
		$job = (string) $started['body']['id'];

		$deadline = time() + 300;
		do {
			$state = $this->session->api( 'GET', '/jobs/' . $job, $nonce )['body'];
			if ( in_array( $state['status'] ?? '', array( 'done', 'failed', 'cancelled' ), true ) ) {
				break;
			}
			$this->session->http( 'GET', '/wp-cron.php' ); // in case a loopback request was lost
			sleep( 1 );
		} while ( time() < $deadline );
		$this->assertSame( 'done', $state['status'] ?? null, (string) wp_json_encode( $state ) );
		$this->assertIsString( $state['result']['backup'] ?? null );
		$this->backup = $state['result']['backup'];
		$this->assertFileExists( $this->store . '/snapshots/' . $this->backup . '.php', 'the backup went into this store' );

		clearstatcache();
		$this->assertSame( '700', $this->mode( $this->store ), 'the store folder' );
		$files = 0;
		$items = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $this->store, \FilesystemIterator::SKIP_DOTS ), \RecursiveIteratorIterator::SELF_FIRST );
		foreach ( $items as $path => $info ) {
			$relative = substr( (string) $path, strlen( $this->store ) + 1 );
			if ( is_dir( (string) $path ) ) {
				$this->assertSame( '700', $this->mode( (string) $path ), $relative );
			} else {
				$this->assertSame( '600', $this->mode( (string) $path ), $relative );
				++$files;
			}
		}
		$this->assertGreaterThan( 100, $files, 'a whole site was backed up' );
	}

	private function mode( string $path ): string {
		return sprintf( '%o', fileperms( $path ) & 0777 );
	}

	/**
	 * Waits for a job someone else started on the shared stack.
	 */
	private function wait_until_idle( string $nonce ): void {
		$deadline = time() + 120;
		while ( array() !== ( $this->session->api( 'GET', '/jobs', $nonce, null, array( 'active' => 'true' ) )['body'] ) ) {
			if ( time() > $deadline ) {
				$this->markTestSkipped( 'Another job keeps running on the shared stack.' );
			}
			sleep( 1 );
		}
	}
}
