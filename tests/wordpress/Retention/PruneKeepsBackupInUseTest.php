<?php
/**
 * Retention never removes the backup a running restore reads: the restore of the oldest backup
 * is started over REST, and a retention run meanwhile (the daily one, or the one after a backup
 * is published: both are BackupService::prune) removes every other expired backup but that one.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Retention;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Jobs\Job;
use SiteBackups\Retention\Plan;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\Support\AgedSnapshot;

final class PruneKeepsBackupInUseTest extends RestTestCase {

	private mixed $store = null;

	private string $own = '';

	protected function setUp(): void {
		parent::setUp();
		$this->store = get_option( StoreDirectory::OPTION );
		$this->own   = sys_get_temp_dir() . '/sb-prune-in-use-' . wp_generate_password( 8, false, false );
		self::use_store( $this->own );
	}

	protected function tearDown(): void {
		remove_all_filters( 'site_backups_plan' );
		self::use_store( $this->store );
		Durable::removeTree( $this->own );
		parent::tearDown();
	}

	public function test_a_retention_run_keeps_the_oldest_backup_while_a_restore_of_it_runs(): void {
		$now     = time();
		$catalog = $this->plugin()->backups()->engine()->store()->snapshots();
		$oldest  = AgedSnapshot::publish( $catalog, 'production', 70, $now );
		$expired = AgedSnapshot::publish( $catalog, 'production', 61, $now );
		$newest  = AgedSnapshot::publish( $catalog, 'production', 0, $now );
		$admin   = $this->admin();

		$started = $this->dispatch(
			'POST',
			'/backups/' . $oldest . '/restore',
			array(
				'parts'         => array( 'database' ),
				'safety_backup' => false,
			),
			$admin
		);
		$this->assertSame( 202, $started->get_status(), (string) wp_json_encode( $this->body( $started ) ) );
		$job = (string) $this->body( $started )['id'];
		$this->assertSame( $job, $this->plugin()->job_runner()->active()?->id(), 'the restore holds the job slot' );

		add_filter( 'site_backups_plan', static fn (): string => Plan::PRO );
		$forgotten = $this->plugin()->backups()->prune( Plan::current(), $now );

		$this->assertSame( array( $expired ), $forgotten, 'the other expired backup went, the one the restore reads stayed' );
		$this->assertTrue( $catalog->has( $oldest ), 'the backup the restore reads is still here' );
		$this->assertTrue( $catalog->has( $newest ) );

		// Once the restore has ended (cancelled here), retention removes it like any other.
		$this->assertTrue( $this->body( $this->dispatch( 'POST', '/jobs/' . $job . '/cancel', array(), $admin ) )['cancelling'] );
		$this->plugin()->job_runner()->run_slice( 1.0 );
		$this->assertSame( Job::CANCELLED, $this->body( $this->dispatch( 'GET', '/jobs/' . $job, array(), $admin ) )['status'] );
		$this->assertSame( array( $oldest ), $this->plugin()->backups()->prune( Plan::current(), $now ) );
		$this->assertFalse( $catalog->has( $oldest ) );
	}
}
