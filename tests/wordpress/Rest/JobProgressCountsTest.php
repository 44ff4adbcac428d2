<?php
/**
 * A job's progress counts files and tables whatever its phase, so that the screen can say
 * "1,204 of 4,001 files · 12 of 43 tables": through a real backup's slices, and as the schema says.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Backup\BackupCounts;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;

final class JobProgressCountsTest extends RestTestCase {

	public function test_a_real_backup_counts_its_files_then_its_tables_and_keeps_the_files_count(): void {
		$admin  = $this->admin();
		$schema      = $this->body( $this->dispatch( 'OPTIONS', '/jobs' ) )['schema']['properties']['progress'];
		$job         = array();
		$in_database = array();
		// Short slices, so that the job is seen in each of its phases; shorter ones where a machine
		// copies the whole database within one (each slice writes at least one part of it).
		foreach ( array( 0.05, 0.01, 0.0001 ) as $seconds ) {
			[ $job, $samples ] = $this->back_up_staging_in_slices( $seconds, $schema );
			$in_database       = array_values( array_filter( $samples, fn ( array $p ): bool => str_starts_with( $p['phase'], 'source:' ) ) );
			if ( $in_database ) {
				break;
			}
		}
		$this->assertNotEmpty( $in_database, 'the database phase was seen' );
		$tables_seen = array();
		foreach ( $in_database as $progress ) {
			// The files are walked by then: their count stays, done and in all.
			$this->assertNotNull( $progress['files'] );
			$this->assertSame( $progress['files']['total'], $progress['files']['done'] );
			$this->assertNotNull( $progress['tables'] );
			$this->assertLessThanOrEqual( $progress['tables']['total'], $progress['tables']['done'] );
			$tables_seen[] = $progress['tables']['done'];
		}
		$sorted = $tables_seen;
		sort( $sorted );
		$this->assertSame( $sorted, $tables_seen, 'tables only count up' );

		$last = end( $samples );
		$this->assertIsArray( $last );
		$this->assertSame( $last['tables']['total'], $last['tables']['done'] );
		$this->assertGreaterThanOrEqual( 12, $last['tables']['total'], 'every WordPress table is counted' );

		$backup  = $this->body( $this->dispatch( 'GET', '/backups/' . $job['result']['backup'], array(), $admin ) );
		$entries = array_sum( array_map( 'intval', $backup['counts'] ) );
		$this->assertSame( $entries, $last['files']['done'], 'the files counted are the backup\'s entries' );
	}

	public function test_a_job_that_counts_nothing_says_null_and_a_broken_count_is_left_out(): void {
		$admin = $this->admin();
		$jobs  = new JobRepository();
		$none  = Job::create( 'fetch', array( 'environment' => 'production' ), $admin )->with_progress( 'fetching', 3, null, 300, '' );
		$jobs->save( $none );
		$shown = $this->body( $this->dispatch( 'GET', '/jobs/' . $none->id(), array(), $admin ) )['progress'];
		$this->assertNull( $shown['files'] );
		$this->assertNull( $shown['tables'] );

		$odd = Job::create( 'backup', array( 'environment' => 'production' ), $admin )
			->with_progress( 'files', 3, 9, 0, '', array( 'files' => array( 'total' => 9 ) ) );
		$jobs->save( $odd );
		$this->assertNull( $this->body( $this->dispatch( 'GET', '/jobs/' . $odd->id(), array(), $admin ) )['progress']['files'] );
	}

	public function test_the_database_source_s_header_catch_up_and_tail_are_not_tables(): void {
		$progress = array(
			'filesDone'  => 4001,
			'filesTotal' => 4001,
			'sources'    => array(
				'database' => array(
					'done'  => 12,
					'total' => 45,
				),
			),
		);
		$this->assertSame(
			array(
				'files'  => array(
					'done'  => 4001,
					'total' => 4001,
				),
				'tables' => array(
					'done'  => 11,
					'total' => 43,
				),
			),
			BackupCounts::of( $progress ),
			'the header is the first unit done: 12 units are the header and 11 tables'
		);
		// The header alone: no table yet.
		$progress['sources']['database']['done'] = 1;
		$this->assertSame( 0, BackupCounts::of( $progress )['tables']['done'] ?? null );
		// The catch-up and the tail come after every table: all are done then.
		$progress['sources']['database']['done'] = 45;
		$this->assertSame( 43, BackupCounts::of( $progress )['tables']['done'] ?? null );
		// A first backup walks its files before it knows how many there are.
		$this->assertSame(
			array(
				'files' => array(
					'done'  => 10,
					'total' => null,
				),
			),
			BackupCounts::of(
				array(
					'filesDone'  => 10,
					'filesTotal' => null,
					'sources'    => array(),
				)
			)
		);
		$this->assertSame( array(), BackupCounts::of( array( 'filesDone' => 0 ) ) );
	}

	/**
	 * Runs a staging backup in slices of $seconds, reading the job over REST after each.
	 *
	 * @param float                $seconds The length of each slice.
	 * @param array<string, mixed> $schema  The progress schema every sample must match.
	 * @return array{0: array<string, mixed>, 1: list<array<string, mixed>>} the job at the end, the progress after each slice
	 */
	private function back_up_staging_in_slices( float $seconds, array $schema ): array {
		$admin  = $this->admin();
		$queued = $this->dispatch( 'POST', '/backups', array( 'environment' => 'staging' ), $admin );
		$this->assertSame( 202, $queued->get_status(), (string) wp_json_encode( $this->body( $queued ) ) );
		$id = $this->body( $queued )['id'];
		$this->assertNull( $this->body( $queued )['progress']['files'] );
		$this->assertNull( $this->body( $queued )['progress']['tables'] );
		$runner  = $this->plugin()->job_runner();
		$samples = array();
		$slices  = 0;
		do {
			$current   = $runner->run_slice( $seconds );
			$job       = $this->body( $this->dispatch( 'GET', '/jobs/' . $id, array(), $admin ) );
			$samples[] = $job['progress'];
			$this->assertTrue( rest_validate_value_from_schema( $job['progress'], $schema, 'progress' ), (string) wp_json_encode( $job['progress'] ) );
			++$slices;
		} while ( $current && ! $current->is_finished() && $slices < 20000 );
		$this->assertSame( Job::DONE, $job['status'], (string) wp_json_encode( $job['log'] ) );
		return array( $job, $samples );
	}
}
