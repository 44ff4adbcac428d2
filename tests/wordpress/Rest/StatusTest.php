<?php
/**
 * GET /status: "Am I safe?" per environment, on a site without backups, after a backup made by
 * hand, and after an automatic backup failed; administrators only.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Jobs\Job;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Status\LastAutomaticBackup;
use SiteBackups\Tests\WordPress\Status\JobsHere;

final class StatusTest extends RestTestCase {

	use JobsHere;

	private const ISO = '/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\z/';

	private mixed $store = null;

	private string $own = '';

	protected function setUp(): void {
		parent::setUp();
		$this->run_jobs_here();
		remove_all_filters( 'site_backups_offsite_settings' );
		$this->store = get_option( StoreDirectory::OPTION );
		// A site that has never been backed up: its own store folder, not made yet, and no jobs.
		$this->own = sys_get_temp_dir() . '/sb-status-route-' . wp_generate_password( 8, false, false );
		self::use_store( $this->own );
		delete_option( 'site_backups_jobs' );
		delete_option( LastAutomaticBackup::OPTION );
	}

	protected function tearDown(): void {
		$this->stop_running_jobs_here();
		self::use_store( $this->store );
		Durable::removeTree( $this->own );
		parent::tearDown();
	}

	public function test_a_site_without_backups_has_none_and_its_next_automatic_backup(): void {
		$next = time() + 3 * HOUR_IN_SECONDS;
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( $next, 'daily', DailySchedule::HOOK );

		$response = $this->dispatch( 'GET', '/status', array(), $this->admin() );

		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $this->body( $response ) ) );
		$status = $this->body( $response );
		$this->assertSame( array( 'generated', 'store', 'environments' ), array_keys( $status ) );
		$this->assertMatchesRegularExpression( self::ISO, $status['generated'] );
		$this->assertSame(
			array(
				'readable' => true,
				'error'    => null,
			),
			$status['store']
		);
		$this->assertSame( array( 'production', 'staging' ), array_column( $status['environments'], 'name' ) );
		list( $production, $staging ) = $status['environments'];
		$off                          = array(
			'state'       => 'off',
			'set_by_host' => false,
			'message'     => '',
			'failed_at'   => null,
			'last_copy'   => null,
		);
		$this->assertSame(
			array(
				'name'                  => 'production',
				'available'             => true,
				'automatic'             => true,
				'last_backup'           => null,
				'last_automatic'        => null,
				'automatic_failing'     => false,
				'next_automatic'        => gmdate( 'c', $next ),
				'recovery_points'       => 0,
				'oldest_recovery_point' => null,
				'last_manual'           => null,
				'offsite'               => $off,
			),
			$production
		);
		$this->assertNull( $staging['last_backup'] );
		$this->assertNull( $staging['next_automatic'], 'Staging is never backed up automatically' );
		$this->assertFalse( $staging['automatic'] );
		$this->assertSame( 0, $staging['recovery_points'] );
		$this->assertSame( $off, $staging['offsite'] );
		$this->assertFalse( is_dir( $this->own ), 'Asking made a store' );
	}

	public function test_a_backup_made_by_hand_is_the_last_backup_and_a_recovery_point(): void {
		$admin  = $this->admin();
		$queued = $this->dispatch( 'POST', '/backups', array( 'environment' => 'staging' ), $admin );
		$this->assertSame( 202, $queued->get_status(), (string) wp_json_encode( $this->body( $queued ) ) );
		$job = $this->run_active_job( $this->plugin()->job_runner() );
		$this->assertSame( Job::DONE, $job->status(), (string) $job->to_array()['message'] );
		$made = $this->body( $this->dispatch( 'GET', '/backups/' . $job->to_array()['result']['backup'], array(), $admin ) );

		list( $production, $staging ) = $this->body( $this->dispatch( 'GET', '/status', array(), $admin ) )['environments'];

		$this->assertSame(
			array(
				'id'      => $made['id'],
				'job_id'  => null, // Known from its record in the store, which does not name the job.
				'trigger' => 'manual',
				'outcome' => 'ok',
				'started' => $made['created'],
				'time'    => $made['finished'],
				'error'   => null,
				'skipped' => $made['counts']['skipped'],
			),
			$staging['last_backup']
		);
		$this->assertSame( 1, $staging['recovery_points'] );
		$this->assertSame( $made['created'], $staging['oldest_recovery_point'] );
		$this->assertSame( $made['created'], $staging['last_manual'] );
		$this->assertNull( $staging['last_automatic'] );
		$this->assertNull( $production['last_backup'], 'A backup of staging is not one of production' );
		$this->assertSame( 0, $production['recovery_points'] );
	}

	public function test_a_failed_automatic_backup_is_the_last_backup_with_its_message(): void {
		$failed = $this->failed_job( 'production', 'scheduled', 'The disk is full.' );

		$response = $this->dispatch( 'GET', '/status', array(), $this->admin() );

		$this->assertSame( 200, $response->get_status() );
		$production = $this->body( $response )['environments'][0];
		$data       = $failed->to_array();
		$expected   = array(
			'id'      => null,
			'job_id'  => $failed->id(),
			'trigger' => 'automatic',
			'outcome' => 'failed',
			'started' => gmdate( 'c', (int) $data['created'] ),
			'time'    => gmdate( 'c', (int) $data['finished'] ),
			'error'   => 'The backup stopped: The disk is full.',
			'skipped' => null,
		);
		$this->assertSame( $expected, $production['last_backup'] );
		$this->assertSame( $expected, $production['last_automatic'] );
		$this->assertTrue( $production['automatic_failing'] );
		$this->assertSame( 0, $production['recovery_points'] );
	}

	public function test_only_those_who_may_manage_backups_read_it(): void {
		$this->assertError( $this->dispatch( 'GET', '/status', array(), $this->create_user( 'subscriber' ) ), 403, 'rest_forbidden' );
		$this->assertError( $this->dispatch( 'GET', '/status', array(), $this->create_user( 'editor' ) ), 403, 'rest_forbidden' );
		$this->assertError( $this->dispatch( 'GET', '/status', array(), 0 ), 401, 'rest_forbidden' );
	}

	public function test_the_route_publishes_its_schema(): void {
		$schema = $this->body( $this->dispatch( 'OPTIONS', '/status' ) )['schema'] ?? array();

		$this->assertSame( 'site-backups-status', $schema['title'] ?? null );
		$this->assertSame( array( 'generated', 'store', 'environments' ), array_keys( $schema['properties'] ) );
		$this->assertSame( array( 'off', 'healthy', 'failing', 'untried' ), $schema['properties']['environments']['items']['properties']['offsite']['properties']['state']['enum'] );
	}
}
