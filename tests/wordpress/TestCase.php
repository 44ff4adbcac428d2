<?php
/**
 * Base class for tests inside the real WordPress: each test runs in a
 * database transaction that is rolled back, and starts logged out.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use PHPUnit\Framework\TestCase as PHPUnitTestCase;

abstract class TestCase extends PHPUnitTestCase {

	/** @var list<int> */
	private array $created_users = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		wp_set_current_user( 0 );
	}

	protected function tearDown(): void {
		global $wpdb, $wp_rest_server;
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		wp_cache_flush();
		wp_set_current_user( 0 );
		$wp_rest_server = null;
		parent::tearDown();
	}

	/**
	 * Points this process's plugin at another store folder (false: none set, as get_option says),
	 * and drops the engine the plugin keeps for the request (built on the folder it first saw).
	 */
	protected static function use_store( mixed $folder ): void {
		if ( false === $folder || null === $folder ) {
			// None was set (get_option's false): an empty option would make every request choose again.
			delete_option( \SiteBackups\Backup\StoreDirectory::OPTION );
		} else {
			update_option( \SiteBackups\Backup\StoreDirectory::OPTION, $folder, false );
		}
		$plugin = \SiteBackups\Plugin::instance();
		if ( null !== $plugin ) {
			( function (): void {
				$this->backups    = null;
				$this->job_runner = null;
				$this->health     = null;
			} )->call( $plugin );
		}
	}

	/**
	 * Creates a user of a role (rolled back with the test) and returns its id.
	 */
	protected function create_user( string $role ): int {
		$id = wp_insert_user(
			array(
				'user_login' => 'test-' . $role . '-' . wp_generate_password( 8, false ),
				'user_pass'  => wp_generate_password(),
				'role'       => $role,
			)
		);
		$this->assertIsInt( $id );
		$this->created_users[] = $id;
		return $id;
	}
}
