<?php
/**
 * /backups and /jobs: bad input, one job at a time, and a real backup's
 * life through the API.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Jobs\Job;
use SiteBackups\Rest\SettingsController;

final class BackupsControllerTest extends RestTestCase {

	/**
	 * @return array<string, array{0: string, 1: list<int>}>
	 */
	public static function malformed_ids(): array {
		return array(
			'traversal'         => array( '../../wp-config', array( 404 ) ),
			'encoded traversal' => array( '%2e%2e%2fwp-config', array( 400 ) ),
			'encoded slash'     => array( '..%2F..%2Fwp-config.php', array( 400 ) ),
			'too long'          => array( str_repeat( '0', 27 ), array( 400 ) ),
			'too short'         => array( str_repeat( '0', 25 ), array( 400 ) ),
			'uppercase'         => array( '01M8C2MC4M2HHNST3ZA64TBZ5W', array( 400 ) ),
			'not crockford'     => array( '01m8c2mc4m2hhnst3za64tbz5u', array( 400 ) ),
			'null byte'         => array( "01m8c2mc4m2hhnst3za64tbz5\0", array( 400 ) ),
			'dot'               => array( '.', array( 400 ) ),
		);
	}

	#[DataProvider( 'malformed_ids' )]
	public function test_malformed_backup_ids_are_refused_with_a_wordpress_error( string $id, array $statuses ): void {
		$admin = $this->admin();
		foreach ( array( 'GET', 'DELETE' ) as $method ) {
			$response = $this->dispatch( $method, '/backups/' . $id, array(), $admin );
			$body     = $this->body( $response );
			$this->assertContains( $response->get_status(), $statuses, (string) wp_json_encode( $body ) );
			$this->assertContains( $body['code'] ?? null, array( 'site_backups_invalid_backup_id', 'rest_no_route' ) );
		}
	}

	public function test_an_unknown_backup_is_404(): void {
		$admin = $this->admin();
		$this->assertError( $this->dispatch( 'GET', '/backups/7zzzzzzzzzzzzzzzzzzzzzzzzz', array(), $admin ), 404, 'site_backups_backup_not_found' );
		$this->assertError( $this->dispatch( 'DELETE', '/backups/7zzzzzzzzzzzzzzzzzzzzzzzzz', array(), $admin ), 404, 'site_backups_backup_not_found' );
	}

	public function test_malformed_and_unknown_job_ids(): void {
		$admin = $this->admin();
		$this->assertError( $this->dispatch( 'GET', '/jobs/ABCDEF0123456789abcdef0123456789', array(), $admin ), 400, 'site_backups_invalid_job_id' );
		$this->assertError( $this->dispatch( 'GET', '/jobs/%2e%2e', array(), $admin ), 400, 'site_backups_invalid_job_id' );
		$this->assertError( $this->dispatch( 'POST', '/jobs/' . str_repeat( 'a', 33 ) . '/cancel', array(), $admin ), 400, 'site_backups_invalid_job_id' );
		$this->assertError( $this->dispatch( 'GET', '/jobs/' . str_repeat( 'a', 32 ), array(), $admin ), 404, 'site_backups_job_not_found' );
		$this->assertError( $this->dispatch( 'POST', '/jobs/' . str_repeat( 'a', 32 ) . '/cancel', array(), $admin ), 404, 'site_backups_job_not_found' );
	}

	public function test_bad_list_parameters(): void {
		$admin = $this->admin();
		$this->assertError( $this->dispatch( 'GET', '/backups', array(), $admin ), 400, 'rest_missing_callback_param' );
		$this->assertError( $this->dispatch( 'GET', '/backups', array( 'environment' => 'mars' ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'GET', '/backups', array( 'environment' => array( 'production' ) ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'GET', '/backups', array( 'environment' => 'production', 'per_page' => 101 ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'GET', '/backups', array( 'environment' => 'production', 'page' => 'two' ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'GET', '/backups', array( 'environment' => 'production', 'trigger' => 'cron' ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'GET', '/backups', array( 'environment' => 'production', 'page' => 9999 ), $admin ), 400, 'rest_invalid_page_number' );
	}

	public function test_bad_create_parameters(): void {
		$admin = $this->admin();
		$this->assertError( $this->dispatch( 'POST', '/backups', array(), $admin ), 400, 'rest_missing_callback_param' );
		$this->assertError( $this->dispatch( 'POST', '/backups', array( 'environment' => 'mars' ), $admin ), 400, 'site_backups_environment_unavailable' );
		$this->assertError( $this->dispatch( 'POST', '/backups', array( 'environment' => '../production' ), $admin ), 400, 'site_backups_environment_unavailable' );
		$this->assertError( $this->dispatch( 'POST', '/backups', array( 'environment' => array( 'production' ) ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'POST', '/backups', array( 'environment' => 42 ), $admin ), 400, 'rest_invalid_param' );
		$this->assertError(
			$this->dispatch(
				'POST',
				'/backups',
				array(
					'environment' => 'production',
					'note'        => str_repeat( 'é', 201 ),
				),
				$admin
			),
			400,
			'rest_invalid_param'
		);
		$this->assertError(
			$this->dispatch(
				'POST',
				'/backups',
				array(
					'environment' => 'production',
					'note'        => array( 'x' ),
				),
				$admin
			),
			400,
			'rest_invalid_param'
		);
		$this->assertSame( array(), $this->body( $this->dispatch( 'GET', '/jobs', array( 'active' => 'true' ), $admin ) ), 'Bad input started a job' );
	}

	public function test_a_second_backup_while_one_runs_is_409_with_the_first_job(): void {
		$admin = $this->admin();
		update_option( SettingsController::EXCLUSIONS_OPTION, array( 'wp-content/uploads/big' ), false );
		$first = $this->dispatch(
			'POST',
			'/backups',
			array(
				'environment' => 'production',
				'note'        => " <b>Before</b> the\ttheme update ",
			),
			$admin
		);
		$this->assertSame( 202, $first->get_status() );
		$job = $this->body( $first );
		$this->assertSame( rest_url( 'site-backups/v1/jobs/' . $job['id'] ), $first->get_headers()['Location'] ?? null );
		$this->assertSame( 'backup', $job['kind'] );
		$this->assertSame( Job::QUEUED, $job['status'] );
		$this->assertSame( 'production', $job['environment'] );
		$this->assertSame( 'manual', $job['trigger'] );
		$this->assertSame( 'Before the theme update', $job['note'] );
		$this->assertFalse( $job['cancelling'] );
		$this->assertSame( '', $job['message'] );
		$this->assertSame( array(), $job['result'] );
		$this->assertSame( '{}', wp_json_encode( rest_get_server()->response_to_data( $first, false )['result'] ), 'result must be an object' );
		$this->assertSame( array( 'phase', 'done', 'total', 'percent', 'bytes', 'current', 'files', 'tables' ), array_keys( $job['progress'] ) );
		$this->assertMatchesRegularExpression( '/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\z/', $job['created'] );
		$this->assertNull( $job['finished'] );
		$this->assertSame( array( 'wp-content/uploads/big' ), ( $this->plugin()->job_runner()->active()?->param( 'exclusions' ) ) );

		$second = $this->dispatch( 'POST', '/backups', array( 'environment' => 'staging' ), $admin );
		$this->assertError( $second, 409, 'site_backups_job_running' );
		$this->assertSame( $job['id'], $this->body( $second )['data']['job']['id'] ?? null );
		$this->assertSame( 409, $this->body( $second )['data']['status'] );

		$active = $this->body( $this->dispatch( 'GET', '/jobs', array( 'active' => 'true' ), $admin ) );
		$this->assertCount( 1, $active );
		$this->assertSame( $job['id'], $active[0]['id'] );
		$this->assertSame( $job['id'], $this->body( $this->dispatch( 'GET', '/jobs/' . $job['id'], array(), $admin ) )['id'] );

		$cancel = $this->body( $this->dispatch( 'POST', '/jobs/' . $job['id'] . '/cancel', array(), $admin ) );
		$this->assertTrue( $cancel['cancelling'] );
		$this->assertContains( $cancel['status'], array( Job::QUEUED, Job::RUNNING ) );
		$this->plugin()->job_runner()->run_slice( 1.0 );
		$after = $this->body( $this->dispatch( 'GET', '/jobs/' . $job['id'], array(), $admin ) );
		$this->assertSame( Job::CANCELLED, $after['status'] );
		$this->assertNotNull( $after['finished'] );
		$this->assertSame( array(), $this->body( $this->dispatch( 'GET', '/jobs', array( 'active' => 'true' ), $admin ) ) );
		$this->assertSame( $job['id'], $this->body( $this->dispatch( 'GET', '/jobs', array(), $admin ) )[0]['id'] ?? null );
	}

	public function test_a_real_backup_through_the_api_lists_shows_and_deletes(): void {
		$admin  = $this->admin();
		$queued = $this->dispatch(
			'POST',
			'/backups',
			array(
				'environment' => 'staging',
				'note'        => 'API test',
			),
			$admin
		);
		$this->assertSame( 202, $queued->get_status(), (string) wp_json_encode( $this->body( $queued ) ) );
		$job_id = $this->body( $queued )['id'];
		$runner = $this->plugin()->job_runner();
		$slices = 0;
		do {
			$current = $runner->run_slice( 2.0 );
			++$slices;
		} while ( $current && ! $current->is_finished() && $slices < 200 );

		$job = $this->body( $this->dispatch( 'GET', '/jobs/' . $job_id, array(), $admin ) );
		$this->assertSame( Job::DONE, $job['status'], (string) wp_json_encode( $job['log'] ) );
		$this->assertSame( 100, $job['progress']['percent'] );
		$id = $job['result']['backup'];
		$this->assertMatchesRegularExpression( '/\A[0-9a-z]{26}\z/', $id );
		foreach ( $job['log'] as $line ) {
			$this->assertSame( array( 'time', 'level', 'message' ), array_keys( $line ) );
		}

		$list = $this->dispatch(
			'GET',
			'/backups',
			array(
				'environment' => 'staging',
				'per_page'    => 1,
			),
			$admin
		);
		$this->assertSame( 200, $list->get_status() );
		$this->assertGreaterThanOrEqual( 1, (int) $list->get_headers()['X-WP-Total'] );
		$this->assertSame( $list->get_headers()['X-WP-Total'], $list->get_headers()['X-WP-TotalPages'] );
		$item = $this->body( $list )[0];
		$this->assertSame( $id, $item['id'], 'Newest first' );
		$this->assertTrue( $item['verified'], 'a backup on this server is its own' );
		$this->assertNull( $item['verification'] );
		$this->assertNull( $item['scope'], 'a backup of the whole site' );
		$this->assertNull( $item['offsite_copy'], 'copies do not go off-site here' );
		$this->assertSame(
			array( 'id', 'environment', 'trigger', 'note', 'created', 'finished', 'expires', 'status', 'size', 'stored_bytes', 'counts', 'wp_version', 'plugin_version', 'locations', 'verified', 'verification', 'scope', 'offsite_copy', 'restore_of', 'can_restore', 'can_delete', 'can_download', 'can_fetch' ),
			array_values( array_diff( array_keys( $item ), array( '_links' ) ) )
		);
		$this->assertSame( array( true, true, true, false ), array( $item['can_restore'], $item['can_delete'], $item['can_download'], $item['can_fetch'] ), 'a backup here is restored, deleted and downloaded, not fetched' );
		$this->assertSame( 'staging', $item['environment'] );
		$this->assertSame( 'manual', $item['trigger'] );
		$this->assertSame( 'API test', $item['note'] );
		$this->assertSame( 'complete', $item['status'] );
		$this->assertGreaterThan( 0, $item['size'] );
		$this->assertSame( array( 'files', 'dirs', 'symlinks', 'excluded', 'skipped' ), array_keys( $item['counts'] ) );
		$this->assertSame( gmdate( 'c', strtotime( $item['created'] ) + 60 * DAY_IN_SECONDS ), $item['expires'] );
		$safety = $this->body(
			$this->dispatch(
				'GET',
				'/backups',
				array(
					'environment' => 'staging',
					'trigger'     => 'safety',
				),
				$admin
			)
		);
		$this->assertNotContains( $id, array_column( $safety, 'id' ), 'The trigger filter lets a manual backup through' );
		$this->assertSame( array(), array_values( array_diff( array_unique( array_column( $safety, 'trigger' ) ), array( 'safety' ) ) ) );

		$one = $this->body( $this->dispatch( 'GET', '/backups/' . $id, array(), $admin ) );
		$this->assertSame( $id, $one['id'] );
		$this->assertSame( array( 'skipped', 'excluded' ), array_keys( $one['details'] ) );
		$this->assertNotEmpty( $one['log'], 'The job log is known' );

		$verify = $this->plugin()->backups()->engine()->verify( $id, 20 );
		$this->assertTrue( $verify->isOk() );

		$deleted = $this->body( $this->dispatch( 'DELETE', '/backups/' . $id, array(), $admin ) );
		$this->assertTrue( $deleted['deleted'] );
		$this->assertSame( $id, $deleted['previous']['id'] );
		$this->assertError( $this->dispatch( 'GET', '/backups/' . $id, array(), $admin ), 404, 'site_backups_backup_not_found' );
	}

	public function test_the_newest_production_backup_never_expires(): void {
		$admin = $this->admin();
		$list  = $this->body( $this->dispatch( 'GET', '/backups', array( 'environment' => 'production' ), $admin ) );
		if ( ! $list ) {
			$this->markTestSkipped( 'The test site has no production backup yet.' );
		}
		$this->assertNull( $list[0]['expires'] );
		foreach ( array_slice( $list, 1 ) as $older ) {
			$this->assertNotNull( $older['expires'] );
		}
	}
}
