<?php
/**
 * GET /backups/{id} (and wp site-backups show) say what time a real backup's database copy stands for,
 * as the engine recorded it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Engine\Repository;
use SiteBackups\Jobs\Job;
use SiteBackups\Tests\WordPress\WordPressSite;

final class DatabaseCopyTest extends RestTestCase {

	public function test_a_fresh_backup_says_its_database_is_one_moment_as_the_engine_recorded(): void {
		$admin  = $this->admin();
		$queued = $this->dispatch( 'POST', '/backups', array( 'environment' => 'staging' ), $admin );
		$this->assertSame( 202, $queued->get_status(), (string) wp_json_encode( $this->body( $queued ) ) );
		$job_id = $this->body( $queued )['id'];
		$slices = 0;
		do {
			$current = $this->plugin()->job_runner()->run_slice( 2.0 );
			++$slices;
		} while ( $current && ! $current->is_finished() && $slices < 200 );
		$job = $this->body( $this->dispatch( 'GET', '/jobs/' . $job_id, array(), $admin ) );
		$this->assertSame( Job::DONE, $job['status'], (string) wp_json_encode( $job['log'] ) );
		$id = $job['result']['backup'];

		try {
			$one   = $this->body( $this->dispatch( 'GET', '/backups/' . $id, array(), $admin ) );
			$notes = $this->plugin()->backups()->engine()->snapshot( $id )->sourceNotes( Repository::DATABASE );
			$this->assertTrue( $notes['consistent'] ?? null, 'the engine copied it under one read view' );
			$this->assertSame(
				array(
					'consistent' => true,
					'moment'     => gmdate( 'c', (int) floor( $notes['moment'] ) ),
					'window'     => null,
				),
				$one['database_copy']
			);
			$moment = strtotime( $one['database_copy']['moment'] );
			$this->assertGreaterThanOrEqual( strtotime( $one['created'] ) - 1, $moment, 'not before the backup began' );
			$this->assertLessThanOrEqual( strtotime( $one['finished'] ), $moment, 'nor after it was complete' );

			$schema = $this->body( $this->dispatch( 'OPTIONS', '/backups/' . $id, array(), $admin ) )['schema']['properties']['database_copy'];
			$this->assertTrue( rest_validate_value_from_schema( $one['database_copy'], $schema, 'database_copy' ) );
			$this->assertTrue(
				rest_validate_value_from_schema(
					array(
						'consistent' => false,
						'moment'     => null,
						'window'     => array(
							'start' => $one['created'],
							'end'   => $one['finished'],
						),
					),
					$schema,
					'database_copy'
				),
				'a copy over a window fits the schema too'
			);

			$shown = WordPressSite::wp( 'production', array( 'site-backups', 'show', $id, '--user=admin' ) );
			$this->assertSame( 0, $shown['status'], $shown['err'] );
			$this->assertMatchesRegularExpression(
				'/^database_copy\s+one moment: as it was at ' . preg_quote( wp_date( 'Y-m-d H:i:s T', $moment ), '/' ) . '$/m',
				$shown['out'],
				'wp site-backups show says it in words'
			);

			$list = $this->body( $this->dispatch( 'GET', '/backups', array( 'environment' => 'staging' ), $admin ) );
			$this->assertSame( $id, $list[0]['id'] ?? null );
			$this->assertArrayNotHasKey( 'database_copy', $list[0], 'one backup only' );
		} finally {
			$this->dispatch( 'DELETE', '/backups/' . $id, array(), $admin );
		}
	}
}
