<?php
/**
 * Deleting backups from WordPress: the log WordPress keeps of each goes with it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Retention;

use SiteBackups\Backup\BackupLogs;
use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Retention\BackupInUse;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Retention\Plan;
use SiteBackups\Tests\WordPress\Support\AgedSnapshot;
use SiteBackups\Tests\WordPress\TestCase;

final class DeletionTest extends TestCase {

	private const LOG = 'site_backups_log_';

	private string $store;

	protected function setUp(): void {
		parent::setUp();
		$this->store = sys_get_temp_dir() . '/site-backups-deletion-' . wp_generate_password( 8, false );
		update_option( StoreDirectory::OPTION, $this->store );
	}

	protected function tearDown(): void {
		remove_all_filters( 'site_backups_plan' );
		foreach ( $this->service()->engine()->list() as $summary ) {
			delete_option( self::LOG . $summary['id'] );
		}
		Durable::removeTree( $this->store );
		parent::tearDown();
	}

	public function test_a_deleted_backup_takes_its_log_along_and_leaves_the_others(): void {
		$older   = $this->publish( 'production', 3 );
		$newer   = $this->publish( 'production', 1 );
		$service = $this->service();

		$service->forget( $newer );
		$service->sweep();

		$this->assertSame( array( $older ), array_column( $service->engine()->list(), 'id' ) );
		$this->assertSame( array(), ( new BackupLogs() )->get( $newer ) );
		$this->assertNotEmpty( ( new BackupLogs() )->get( $older ) );
	}

	public function test_pruning_deletes_the_logs_of_expired_backups_only(): void {
		$kept    = $this->publish( 'production', 70 );
		$expired = $this->publish( 'staging', 70 );
		add_filter( 'site_backups_plan', static fn (): string => 'standard' );

		$this->assertSame( array( $expired ), $this->service()->prune( Plan::current() ) );

		$this->assertSame( array(), ( new BackupLogs() )->get( $expired ) );
		$this->assertNotEmpty( ( new BackupLogs() )->get( $kept ), 'the newest production backup stays, with its log' );
	}

	public function test_a_backup_that_a_backup_in_progress_builds_on_stays_with_its_log(): void {
		$parent  = $this->publish( 'production', 1 );
		$service = $this->service();
		$site    = $this->store . '-site';
		wp_mkdir_p( $site );
		$runner = new BackupRunner( $service->engine()->store() );
		$runner->begin( new BackupRequest( $site, parentId: $parent ) );
		try {
			$service->forget( $parent );
			$this->fail( 'deleted the backup a backup in progress builds on' );
		} catch ( BackupInUse $refused ) {
			$this->assertSame( $parent, $refused->id );
		} finally {
			$runner->cancel();
			Durable::removeTree( $site );
		}
		$this->assertSame( array( $parent ), array_column( $service->engine()->list(), 'id' ) );
		$this->assertNotEmpty( ( new BackupLogs() )->get( $parent ) );
	}

	/**
	 * Publishes an empty snapshot $days old, with a log.
	 *
	 * @param string $environment production or staging.
	 * @param int    $days        Its age.
	 */
	private function publish( string $environment, int $days ): string {
		$now = time();
		$id  = AgedSnapshot::publish( $this->service()->engine()->store()->snapshots(), $environment, $days, $now );
		update_option(
			self::LOG . $id,
			array(
				array(
					'time'    => $now - $days * DAY_IN_SECONDS,
					'level'   => 'info',
					'message' => 'Published ' . $id . '.',
				),
			),
			false
		);
		return $id;
	}

	private function service(): BackupService {
		return new BackupService( new EnvironmentRegistry(), new StoreDirectory() );
	}
}
