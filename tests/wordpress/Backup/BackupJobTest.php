<?php
/**
 * A real backup of the real test site, run as a job in slices.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Backup;

use SiteBackups\Jobs\Job;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\Status\JobsHere;
use SiteBackups\Tests\WordPress\TestCase;

final class BackupJobTest extends TestCase {

	use JobsHere;

	protected function setUp(): void {
		parent::setUp();
		$this->run_jobs_here();
	}

	protected function tearDown(): void {
		$this->stop_running_jobs_here();
		parent::tearDown();
	}

	public function test_a_manual_production_backup_runs_in_slices_and_publishes_a_verified_snapshot(): void {
		$plugin = Plugin::instance();
		$this->assertNotNull( $plugin );
		$runner = $plugin->job_runner();
		$runner->start( Job::create( 'backup', array( 'environment' => 'production', 'trigger' => 'manual', 'note' => 'Before theme update' ), 1 ) );

		$current = $this->run_active_job( $runner );

		$this->assertSame( Job::DONE, $current->status(), (string) wp_json_encode( $current->to_array()['log'] ) );
		$id = (string) ( $current->to_array()['result']['backup'] ?? '' );

		$engine = $plugin->backups()->engine();
		$record = $engine->snapshot( $id );
		$this->assertSame( 'production', $record->meta['environment'] );
		$this->assertSame( 'manual', $record->meta['trigger'] );
		$this->assertSame( 'Before theme update', $record->meta['note'] );
		$this->assertSame( home_url(), $record->meta['site_url'] );
		$this->assertGreaterThan( 1000, (int) ( $record->meta['counts']['files'] ?? 0 ) );

		$report = $engine->verify( $id, 200 );
		$this->assertTrue( $report->isOk(), 'The new backup does not verify: ' . wp_json_encode( $report->toArray() ) );
	}

	public function test_a_backup_that_stops_says_where_why_and_what_was_kept(): void {
		$plugin = Plugin::instance();
		$runner = $plugin->job_runner();
		$before = array_column( $plugin->backups()->engine()->list(), 'id' );
		$job    = $runner->start( Job::create( 'backup', array( 'environment' => 'production', 'trigger' => 'manual' ), 1 ) );
		$runner->run_slice( 0.01 );
		// The backup's work in progress disappears, as on a disk that was wiped under it.
		$pending = $plugin->backups()->engine()->store()->root() . '/pending/' . $runner->active()?->state()['backup'];
		$this->assertDirectoryExists( $pending );
		exec( 'rm -rf ' . escapeshellarg( $pending ) );

		$ended = $runner->run_slice( 2.0 );

		$this->assertSame( Job::FAILED, $ended?->status() );
		$message = (string) $ended->to_array()['message'];
		$this->assertStringStartsWith( 'The backup stopped while copying the files: ', $message );
		$this->assertStringEndsWith( 'Nothing was published, and earlier backups are intact.', $message );
		$this->assertSame( $before, array_column( $plugin->backups()->engine()->list(), 'id' ) );
	}
}
