<?php
/**
 * A backup that a running restore or fetch reads from cannot be deleted: the job could not
 * finish without it. The screen is told (can_delete false), DELETE answers 409, and WP-CLI, which
 * dispatches the same route in its process, gets the same error.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\WordPressSite;
use WP_REST_Request;

final class BackupInUseTest extends RestTestCase {

	private static string $backup = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		// Made by WP-CLI before any test transaction holds the job slot's row.
		self::$backup = WordPressSite::create_backup( 'staging', 'Used by a running job' );
	}

	public static function tearDownAfterClass(): void {
		if ( Plugin::instance()?->backups()->engine()->store()->snapshots()->has( self::$backup ) ) {
			WordPressSite::wp( 'production', array( 'site-backups', 'delete', self::$backup, '--yes', '--user=admin' ) );
		}
		parent::tearDownAfterClass();
	}

	public function test_the_backup_a_running_fetch_has_brought_here_is_kept_until_the_fetch_ends(): void {
		$admin = $this->admin();
		$job   = Job::create(
			'fetch',
			array(
				'backup'      => self::$backup,
				'environment' => 'staging',
			),
			$admin
		);
		( new JobRepository() )->save( $job );
		$this->assertTrue( ( new ActiveJobSlot() )->claim( $job->id() ) );

		$this->assertRefusedWhileInUse( $admin );
	}

	public function test_the_backup_a_running_restore_reads_from_is_kept_until_the_restore_ends(): void {
		$admin   = $this->admin();
		$started = $this->dispatch(
			'POST',
			'/backups/' . self::$backup . '/restore',
			array(
				'environment'   => 'staging',
				'parts'         => array( 'database' ),
				'safety_backup' => false,
			),
			$admin
		);
		$this->assertSame( 202, $started->get_status(), (string) wp_json_encode( $this->body( $started ) ) );

		$this->assertRefusedWhileInUse( $admin );

		// Once the restore has ended (cancelled here), the backup can go.
		$job = $this->body( $started )['id'];
		$this->assertTrue( $this->body( $this->dispatch( 'POST', '/jobs/' . $job . '/cancel', array(), $admin ) )['cancelling'] );
		$this->plugin()->job_runner()->run_slice( 1.0 );
		$this->assertSame( Job::CANCELLED, $this->body( $this->dispatch( 'GET', '/jobs/' . $job, array(), $admin ) )['status'] );
		$this->assertTrue( $this->body( $this->dispatch( 'GET', '/backups/' . self::$backup, array(), $admin ) )['can_delete'] );
		// Deleted only here, in the last test: the one above uses the backup too.
		$deleted = $this->body( $this->dispatch( 'DELETE', '/backups/' . self::$backup, array(), $admin ) );
		$this->assertTrue( $deleted['deleted'] ?? null, (string) wp_json_encode( $deleted ) );
	}

	/**
	 * The backup is listed and shown as not deletable, DELETE answers 409 in REST and on WP-CLI's
	 * path, and the backup stays.
	 */
	private function assertRefusedWhileInUse( int $admin ): void {
		$shown = $this->body( $this->dispatch( 'GET', '/backups/' . self::$backup, array(), $admin ) );
		$this->assertFalse( $shown['can_delete'], 'shown as not deletable' );
		$this->assertTrue( $shown['can_restore'] );
		$listed = array_column( (array) $this->body( $this->dispatch( 'GET', '/backups', array( 'environment' => 'staging' ), $admin ) ), 'can_delete', 'id' );
		$this->assertFalse( $listed[ self::$backup ] ?? null, 'listed as not deletable' );

		$refused = $this->dispatch( 'DELETE', '/backups/' . self::$backup, array(), $admin );
		$this->assertError( $refused, 409, 'site_backups_backup_in_use' );
		$this->assertStringContainsString( 'restore or fetch', (string) $this->body( $refused )['message'] );

		// WP-CLI's path (Cli\RestCall): the route dispatched in process, as the user given.
		$cli = rest_do_request( new WP_REST_Request( 'DELETE', self::NS . '/backups/' . self::$backup ) );
		$this->assertSame( 409, $cli->get_status() );
		$this->assertSame( 'site_backups_backup_in_use', $cli->as_error()?->get_error_code() );

		$this->assertSame( 200, $this->dispatch( 'GET', '/backups/' . self::$backup, array(), $admin )->get_status(), 'the backup stays' );
	}
}
