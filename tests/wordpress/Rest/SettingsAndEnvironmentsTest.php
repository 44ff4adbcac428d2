<?php
/**
 * /settings and /environments.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Rest\EnvironmentsController;
use SiteBackups\Rest\SettingsController;
use SiteBackups\Schedule\DailySchedule;

final class SettingsAndEnvironmentsTest extends RestTestCase {

	public function test_settings_read_and_write(): void {
		$admin    = $this->admin();
		$settings = $this->body( $this->dispatch( 'GET', '/settings', array(), $admin ) );
		$this->assertSame( array( 'schedule_time', 'timezone', 'exclusions', 'notification_email', 'notifications_enabled', 'delete_backups_on_uninstall', 'plan', 'offsite' ), array_keys( $settings ) );
		$this->assertSame( array( 'configured', 'set_by_host', 'saved', 'encrypted', 'destination', 'healthy', 'message', 'last_copy', 'warning', 'warning_fix' ), array_keys( $settings['offsite'] ) );
		$this->assertFalse( $settings['offsite']['configured'] );
		$this->assertSame( '', $settings['offsite']['warning'], 'No copies: nothing to warn about' );
		$this->assertNull( $settings['offsite']['saved'], 'Nothing saved: no summary' );
		$this->assertMatchesRegularExpression( '/\A\d\d:\d\d\z/', $settings['schedule_time'] );
		$this->assertSame( array( 'name', 'label', 'retention_days', 'set_by_host' ), array_keys( $settings['plan'] ) );
		$this->assertIsBool( $settings['notifications_enabled'] );
		$this->assertFalse( $settings['delete_backups_on_uninstall'], 'Backups must outlive the plugin by default' );

		$response = $this->dispatch(
			'POST',
			'/settings',
			array(
				'schedule_time'         => '04:30',
				'exclusions'            => array( 'wp-content/uploads/videos', '*.log', '/wp-content/cache-extra/', '*.log' ),
				'notification_email'    => 'ops@example.com',
				'notifications_enabled' => false,
			),
			$admin
		);
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $this->body( $response ) ) );
		$saved = $this->body( $response );
		$this->assertSame( '04:30', $saved['schedule_time'] );
		$this->assertSame( array( 'wp-content/uploads/videos', '*.log', 'wp-content/cache-extra' ), $saved['exclusions'] );
		$this->assertSame( 'ops@example.com', $saved['notification_email'] );
		$this->assertFalse( $saved['notifications_enabled'] );
		$this->assertSame( $saved['exclusions'], get_option( SettingsController::EXCLUSIONS_OPTION ) );
		$next = wp_next_scheduled( DailySchedule::HOOK );
		if ( false !== $next ) {
			$this->assertSame( '04:30', wp_date( 'H:i', $next ) );
		}

		// Only what is sent changes; an empty address is allowed.
		$again = $this->body( $this->dispatch( 'POST', '/settings', array( 'notification_email' => '' ), $admin ) );
		$this->assertSame( '', $again['notification_email'] );
		$this->assertSame( '04:30', $again['schedule_time'] );
		$this->assertSame( $saved['exclusions'], $again['exclusions'] );
	}

	public function test_bad_settings_are_400_and_change_nothing(): void {
		$admin  = $this->admin();
		$before = $this->body( $this->dispatch( 'GET', '/settings', array(), $admin ) );
		$bad    = array(
			array( 'schedule_time' => '24:00' ),
			array( 'schedule_time' => '4:30' ),
			array( 'schedule_time' => array( '04:30' ) ),
			array( 'exclusions' => array( '../wp-config.php' ) ),
			array( 'exclusions' => array( 'wp-content/../../etc' ) ),
			array( 'exclusions' => array( '' ) ),
			array( 'exclusions' => array( 'C:\\Windows' ) ),
			array( 'exclusions' => array( array( 'nested' ) ) ),
			array( 'exclusions' => 'wp-content/../x' ),
			array( 'exclusions' => array_fill( 0, 101, 'a' ) ),
			array( 'exclusions' => array( str_repeat( 'a', 256 ) ) ),
			array( 'notification_email' => 'not an address' ),
			array( 'notification_email' => array( 'a@example.com' ) ),
			array( 'notifications_enabled' => 'perhaps' ),
		);
		foreach ( $bad as $params ) {
			$response = $this->dispatch( 'POST', '/settings', $params, $admin );
			$this->assertError( $response, 400, 'rest_invalid_param' );
		}
		$this->assertSame( $before, $this->body( $this->dispatch( 'GET', '/settings', array(), $admin ) ) );
	}

	public function test_environments_describe_production_and_staging(): void {
		$admin = $this->admin();
		$list  = $this->body( $this->dispatch( 'GET', '/environments', array(), $admin ) );
		$this->assertSame( array( 'production', 'staging' ), array_column( $list, 'name' ) );
		foreach ( $list as $environment ) {
			$this->assertSame(
				array( 'name', 'label', 'configured', 'problem', 'url', 'automatic_backups', 'next_scheduled', 'last_backup', 'warnings' ),
				array_keys( $environment )
			);
		}
		$this->assertTrue( $list[0]['configured'] );
		$this->assertSame( '', $list[0]['problem'] );
		$this->assertSame( home_url(), $list[0]['url'] );
		$this->assertTrue( $list[1]['configured'], 'The test stack declares staging' );
		$this->assertFalse( $list[1]['automatic_backups'] );
		$this->assertNull( $list[1]['next_scheduled'] );
		$this->assertSame( array(), $list[1]['warnings'] );
	}

	public function test_a_schedule_without_any_backup_for_over_26_hours_warns_with_the_cron_line(): void {
		$admin = $this->admin();
		$this->plugin()->daily_schedule()->ensure_scheduled();
		$list = $this->body( $this->dispatch( 'GET', '/environments', array(), $admin ) );
		if ( null !== $list[0]['last_backup'] ) {
			$created = strtotime( $list[0]['last_backup']['created'] );
			$codes   = array_column( $list[0]['warnings'], 'code' );
			$this->assertSame( $created < time() - 26 * HOUR_IN_SECONDS, in_array( 'last_backup_stale', $codes, true ) );
			return;
		}
		update_option( EnvironmentsController::SCHEDULE_SINCE_OPTION, time() - 27 * HOUR_IN_SECONDS, false );
		$list     = $this->body( $this->dispatch( 'GET', '/environments', array(), $admin ) );
		$warnings = array_column( $list[0]['warnings'], null, 'code' );
		$this->assertArrayHasKey( 'last_backup_stale', $warnings );
		$this->assertStringContainsString( 'wp cron event run --due-now', $warnings['last_backup_stale']['fix'] );
		$this->assertNotSame( '', $warnings['last_backup_stale']['message'] );
	}

	public function test_an_overdue_daily_event_warns(): void {
		$admin = $this->admin();
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( time() - 3 * HOUR_IN_SECONDS, 'daily', DailySchedule::HOOK );
		$list  = $this->body( $this->dispatch( 'GET', '/environments', array(), $admin ) );
		$codes = array_column( $list[0]['warnings'], 'code' );
		$this->assertContains( 'schedule_overdue', $codes );
		$this->assertSame( gmdate( 'c', (int) wp_next_scheduled( DailySchedule::HOOK ) ), $list[0]['next_scheduled'] );
	}

	public function test_the_schemas_describe_every_field(): void {
		$admin = $this->admin();
		foreach ( array( '/environments', '/backups', '/jobs', '/settings' ) as $route ) {
			$options = $this->dispatch( 'OPTIONS', $route, array(), $admin );
			$this->assertSame( 200, $options->get_status() );
			$schema = $this->body( $options )['schema'] ?? null;
			$this->assertIsArray( $schema, $route );
			$this->assertNotEmpty( $schema['properties'] );
		}
	}
}
