<?php
/**
 * Retention by plan over backups dated across 70 days.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Retention;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Retention\Plan;
use SiteBackups\Tests\WordPress\Support\AgedSnapshot;
use SiteBackups\Tests\WordPress\TestCase;

final class PruneTest extends TestCase {

	private const AGES_IN_DAYS = array( 0, 0.5, 2, 30, 59, 61, 70 );

	private string $store;

	private int $now;

	protected function setUp(): void {
		parent::setUp();
		$this->store = sys_get_temp_dir() . '/site-backups-prune-' . wp_generate_password( 8, false );
		update_option( StoreDirectory::OPTION, $this->store );
		$this->now = time();
	}

	protected function tearDown(): void {
		remove_all_filters( 'site_backups_plan' );
		Durable::removeTree( $this->store );
		parent::tearDown();
	}

	public function test_pro_keeps_sixty_days_of_both_environments(): void {
		$ids     = $this->publish_backups( self::AGES_IN_DAYS );
		$service = $this->service();

		$forgotten = $service->prune( $this->plan( 'pro' ), $this->now );

		sort( $forgotten );
		$expected = array( $ids['production'][61], $ids['production'][70], $ids['staging'][61], $ids['staging'][70] );
		sort( $expected );
		$this->assertSame( $expected, $forgotten );
		$this->assertCount( 10, $service->engine()->list() );
	}

	public function test_standard_keeps_one_day(): void {
		$ids     = $this->publish_backups( self::AGES_IN_DAYS );
		$service = $this->service();
		$service->prune( $this->plan( 'standard' ), $this->now );

		$kept = array_column( $service->engine()->list(), 'id' );
		sort( $kept );
		$expected = array( $ids['production'][0], $ids['production']['0.5'], $ids['staging'][0], $ids['staging']['0.5'] );
		sort( $expected );
		$this->assertSame( $expected, $kept );
	}

	public function test_the_newest_production_backup_survives_however_old(): void {
		$ids     = $this->publish_backups( array( 61, 70 ) );
		$service = $this->service();
		$service->prune( $this->plan( 'standard' ), $this->now );

		$this->assertSame( array( $ids['production'][61] ), array_column( $service->engine()->list(), 'id' ) );
	}

	/**
	 * Publishes one empty snapshot per age and environment.
	 *
	 * @param list<int|float> $ages Days before now.
	 * @return array<string, array<string, string>> Ids by environment and age.
	 */
	private function publish_backups( array $ages ): array {
		$catalog = $this->service()->engine()->store()->snapshots();
		$ids     = array();
		foreach ( array( 'production', 'staging' ) as $environment ) {
			foreach ( $ages as $days ) {
				$ids[ $environment ][ (string) $days ] = AgedSnapshot::publish( $catalog, $environment, $days, $this->now );
			}
		}
		return $ids;
	}

	private function service(): BackupService {
		return new BackupService( new EnvironmentRegistry(), new StoreDirectory() );
	}

	private function plan( string $name ): Plan {
		remove_all_filters( 'site_backups_plan' );
		add_filter( 'site_backups_plan', static fn (): string => $name );
		return Plan::current();
	}
}
