<?php
/**
 * POST /backups/{id}/restore: what is refused before anything is touched, and what a start looks like.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Jobs\Job;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class RestoreControllerTest extends RestTestCase {

	private static string $backup = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		// Made by WP-CLI before any test transaction holds the job slot's row.
		self::$backup = WordPressSite::create_backup( 'staging' );
	}

	public function test_malformed_and_unknown_ids(): void {
		$admin = $this->admin();
		$this->assertError( $this->dispatch( 'POST', '/backups/../../wp-config/restore', array(), $admin ), 404, 'rest_no_route' );
		$this->assertError( $this->dispatch( 'POST', '/backups/ABC/restore', array(), $admin ), 400, 'site_backups_invalid_backup_id' );
		$this->assertError( $this->dispatch( 'POST', '/backups/' . str_repeat( '0', 26 ) . '/restore', array(), $admin ), 404, 'site_backups_backup_not_found' );
	}

	public function test_bad_parts_and_targets_are_400_and_start_nothing(): void {
		$admin = $this->admin();
		$route = '/backups/' . self::$backup . '/restore';
		$this->assertError( $this->dispatch( 'POST', $route, array( 'parts' => array() ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'POST', $route, array( 'parts' => array( 'themes' ) ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'POST', $route, array( 'environment' => 'live' ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'POST', $route, array( 'safety_backup' => 'maybe' ), $admin ), 400, 'rest_invalid_param' );
		$this->assertSame( array(), $this->body( $this->dispatch( 'GET', '/jobs', array( 'active' => 'true' ), $admin ) ), 'Bad input started a job' );
	}

	public function test_a_backup_with_a_missing_part_is_refused_naming_what_needs_it(): void {
		$store = Plugin::instance()->backups()->engine()->store();
		$hash  = '';
		foreach ( ( new SnapshotReader( $store ) )->entries( self::$backup ) as $entry ) {
			if ( 'wp-includes/version.php' === $entry->path ) {
				$hash = $entry->chunks[0];
			}
		}
		$this->assertNotSame( '', $hash );
		$path = $store->objects()->pathFor( $hash );
		rename( $path, $path . '.aside' );
		try {
			$response = $this->dispatch( 'POST', '/backups/' . self::$backup . '/restore', array(), $this->admin() );
		} finally {
			rename( $path . '.aside', $path );
		}
		$this->assertError( $response, 409, 'site_backups_backup_damaged' );
		$this->assertStringContainsString( 'wp-includes/version.php', $this->body( $response )['message'] );
		$this->assertStringContainsString( 'Nothing was changed', $this->body( $response )['message'] );
	}

	public function test_a_restore_starts_as_a_job_and_a_second_one_is_409(): void {
		$admin    = $this->admin();
		$response = $this->dispatch(
			'POST',
			'/backups/' . self::$backup . '/restore',
			array(
				'environment'   => 'staging',
				'parts'         => array( 'database' ),
				'safety_backup' => false,
			),
			$admin
		);
		$this->assertSame( 202, $response->get_status(), (string) wp_json_encode( $this->body( $response ) ) );
		$job = $this->body( $response );
		$this->assertSame( 'restore', $job['kind'] );
		$this->assertSame( Job::QUEUED, $job['status'] );
		$this->assertSame( 'staging', $job['environment'] );
		$this->assertSame(
			array(
				'backup'        => self::$backup,
				'environment'   => 'staging',
				'parts'         => array( 'database' ),
				'safety_backup' => false,
			),
			$job['params']
		);
		$this->assertFalse( $job['committed'] );
		$this->assertError( $this->dispatch( 'POST', '/backups/' . self::$backup . '/restore', array(), $admin ), 409, 'site_backups_job_running' );
		$this->assertError( $this->dispatch( 'POST', '/backups', array( 'environment' => 'production' ), $admin ), 409, 'site_backups_job_running' );
	}

	public function test_the_target_defaults_to_the_backups_environment_and_both_parts(): void {
		$job = $this->body( $this->dispatch( 'POST', '/backups/' . self::$backup . '/restore', array(), $this->admin() ) );
		$this->assertSame( 'staging', $job['params']['environment'] );
		$this->assertSame( array( 'database', 'files' ), $job['params']['parts'] );
		$this->assertTrue( $job['params']['safety_backup'] );
	}
}
