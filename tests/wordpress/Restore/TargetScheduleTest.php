<?php
/**
 * After a restore, the target's WP-Cron events for the plugin's hooks are its own from before the
 * restore, whatever the backup's `cron` option holds; other hooks' events come from the backup.
 * Restores run by the real WP-CLI binary in other processes, on the test stack's sites.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use mysqli;
use SiteBackups\Tests\WordPress\Support\RestoresInOtherProcesses;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class TargetScheduleTest extends TestCase {

	use RestoresInOtherProcesses;

	private mysqli $staging;

	protected function setUp(): void {
		parent::setUp();
		$this->open_production();
		$this->staging = WordPressSite::database( 'staging' );
	}

	protected function tearDown(): void {
		$this->production->close();
		$this->staging->close();
		parent::tearDown();
	}

	public function test_a_production_backup_restored_into_staging_leaves_staging_its_own_plugin_events(): void {
		$production_cron = self::raw_cron( $this->production );
		$staging_cron    = self::raw_cron( $this->staging );
		$later           = time() + 40 * DAY_IN_SECONDS;
		try {
			// Production's schedule: its daily backup, a retry of its off-site copy, and another plugin's event.
			$cron = self::cron( $this->production );
			$cron = self::with_event( $cron, $later, 'site_backups_daily_backup', array(), 'daily' );
			$cron = self::with_event( $cron, $later, 'site_backups_offsite_retry', array( 'production' ) );
			$cron = self::with_event( $cron, $later, 'schedule_test_other_plugin', array( 'production' ) );
			self::write_cron( $this->production, $cron );
			// Staging's own: a retry of its own.
			self::write_cron( $this->staging, self::with_event( self::cron( $this->staging ), $later + 60, 'site_backups_offsite_retry', array( 'staging' ) ) );
			$staging_own = self::plugin_events( self::cron( $this->staging ) );

			$backup = WordPressSite::create_backup( 'production', 'Schedule for staging' );
			$run    = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--environment=staging', '--parts=database', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
			$this->assertSame( 1, preg_match( '/safety backup ([0-9a-z]{26})/', $run['out'], $m ) );

			$restored = self::cron( $this->staging );
			$this->assertSame( $staging_own, self::plugin_events( $restored ), 'staging keeps exactly its own events of the plugin' );
			$this->assertArrayNotHasKey( 'site_backups_daily_backup', self::hooks( $restored ), 'no daily backup on staging' );
			$this->assertSame( array( array( 'production' ) ), array_column( self::hooks( $restored )['schedule_test_other_plugin'] ?? array(), 'args' ), 'other hooks come from the backup' );
			$this->assertSame( 2, $restored['version'] ?? null );

			$back = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $m[1], '--no-safety-backup', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $back['status'], $back['err'] . $back['out'] );
			$this->assertSame( $staging_own, self::plugin_events( self::cron( $this->staging ) ), 'and when its own backup comes back' );
		} finally {
			self::write_raw_cron( $this->production, $production_cron );
			self::write_raw_cron( $this->staging, $staging_cron );
		}
	}

	public function test_an_in_place_restore_keeps_the_plugin_events_of_now_and_brings_back_the_others(): void {
		$production_cron = self::raw_cron( $this->production );
		$later           = time() + 40 * DAY_IN_SECONDS;
		try {
			$cron = self::with_event( self::cron( $this->production ), $later, 'site_backups_offsite_retry', array( 'at backup time' ) );
			$cron = self::with_event( $cron, $later, 'schedule_test_at_backup_time', array() );
			self::write_cron( $this->production, $cron );
			$at_backup = self::plugin_events( self::cron( $this->production ) );
			$backup    = WordPressSite::create_backup( 'production', 'Schedule in place' );

			// Since the backup: the plugin's retry moved, and another plugin scheduled something.
			$cron = self::cron( $this->production );
			unset( $cron[ $later ]['site_backups_offsite_retry'] );
			$cron = self::with_event( $cron, $later + 120, 'site_backups_offsite_retry', array( 'now' ) );
			$cron = self::with_event( $cron, $later + 120, 'schedule_test_since_the_backup', array() );
			self::write_cron( $this->production, $cron );
			$now = self::plugin_events( self::cron( $this->production ) );
			$this->assertNotSame( $at_backup, $now );

			$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--parts=database', '--no-safety-backup', '--yes', '--user=admin' ) );
			$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );

			$restored = self::cron( $this->production );
			$this->assertSame( $now, self::plugin_events( $restored ), 'the plugin\'s events are those of before the restore' );
			$this->assertArrayHasKey( 'schedule_test_at_backup_time', self::hooks( $restored ) );
			$this->assertArrayNotHasKey( 'schedule_test_since_the_backup', self::hooks( $restored ) );
		} finally {
			self::write_raw_cron( $this->production, $production_cron );
		}
	}

	private static function raw_cron( mysqli $db ): string {
		$row = $db->query( "SELECT option_value FROM wp_options WHERE option_name = 'cron'" )->fetch_row();
		self::assertNotNull( $row );
		return (string) $row[0];
	}

	/** @return array<int|string, mixed> */
	private static function cron( mysqli $db ): array {
		$cron = unserialize( self::raw_cron( $db ) );
		self::assertIsArray( $cron );
		return $cron;
	}

	/** @param array<int|string, mixed> $cron */
	private static function write_cron( mysqli $db, array $cron ): void {
		$version = $cron['version'] ?? 2;
		unset( $cron['version'] );
		uksort( $cron, 'strnatcasecmp' );
		$cron['version'] = $version;
		self::write_raw_cron( $db, serialize( $cron ) );
	}

	private static function write_raw_cron( mysqli $db, string $raw ): void {
		$db->query( "UPDATE wp_options SET option_value = '" . $db->real_escape_string( $raw ) . "' WHERE option_name = 'cron'" );
	}

	/**
	 * @param array<int|string, mixed> $cron
	 * @param array<mixed>             $args
	 * @return array<int|string, mixed>
	 */
	private static function with_event( array $cron, int $time, string $hook, array $args, string|false $schedule = false ): array {
		$event = array(
			'schedule' => $schedule,
			'args'     => $args,
		);
		if ( false !== $schedule ) {
			$event['interval'] = DAY_IN_SECONDS;
		}
		$cron[ $time ][ $hook ][ md5( serialize( $args ) ) ] = $event;
		return $cron;
	}

	/**
	 * The events of the plugin's hooks, by time and hook.
	 *
	 * @param array<int|string, mixed> $cron
	 * @return array<int|string, mixed>
	 */
	private static function plugin_events( array $cron ): array {
		$own = array();
		foreach ( $cron as $time => $hooks ) {
			foreach ( is_array( $hooks ) ? $hooks : array() as $hook => $events ) {
				if ( str_starts_with( (string) $hook, 'site_backups_' ) ) {
					$own[ $time ][ $hook ] = $events;
				}
			}
		}
		ksort( $own );
		return $own;
	}

	/**
	 * Every hook with its events, whatever their time.
	 *
	 * @param array<int|string, mixed> $cron
	 * @return array<string, list<mixed>>
	 */
	private static function hooks( array $cron ): array {
		$hooks = array();
		foreach ( $cron as $events ) {
			foreach ( is_array( $events ) ? $events : array() as $hook => $entries ) {
				foreach ( $entries as $entry ) {
					$hooks[ $hook ][] = $entry;
				}
			}
		}
		return $hooks;
	}
}
