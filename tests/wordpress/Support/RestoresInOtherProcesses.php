<?php
/**
 * Restores run by the real WP-CLI binary in other processes, on the stack's production site:
 * those rename its tables, so this process holds no transaction or lock meanwhile, and reads and
 * writes the site through a connection of its own.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Support;

use mysqli;
use SiteBackups\Tests\WordPress\WordPressSite;

trait RestoresInOtherProcesses {

	/** Production's database, through a connection of this test's own. */
	private mysqli $production;

	/** Production's root folder. */
	private string $root = '';

	/** Leaves the test's transaction and connects to production: for setUp(). */
	private function open_production(): void {
		$this->leave_the_transaction();
		$this->production = WordPressSite::database( 'production' );
		$this->root       = WordPressSite::root( 'production' );
	}

	/**
	 * Other processes rename tables here: this one must hold no transaction or lock. In
	 * tearDown(), before cleaning up through the other connection, it also drops what a test
	 * wrote after going back into a transaction.
	 */
	private function leave_the_transaction(): void {
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
	}

	/** The site's own administrator, who WP-CLI runs as: no user is made, so wp_users stays as fingerprinted. */
	private function site_admin(): int {
		$admin = get_user_by( 'login', 'admin' );
		$this->assertNotFalse( $admin );
		return (int) $admin->ID;
	}
}
