<?php
/**
 * Site Health → Info → Site Backups: what support asks first, without a credential anywhere,
 * and without the store's folder or the bucket's name in the text "Copy site info" copies.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Health;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Health\SiteHealthInfo;
use SiteBackups\Jobs\LoopbackRecord;
use SiteBackups\Offsite\OffsiteStatus;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Status\OffsiteFailureTime;
use SiteBackups\Status\SiteTime;
use SiteBackups\Tests\WordPress\TestCase;
use WP_Debug_Data;

final class SiteHealthInfoTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		remove_all_filters( 'site_backups_offsite_settings' );
		remove_all_filters( 'site_backups_plan' );
		delete_option( OffsiteStatus::OPTION );
		delete_option( OffsiteFailureTime::OPTION );
		require_once ABSPATH . 'wp-admin/includes/class-wp-debug-data.php';
	}

	protected function tearDown(): void {
		remove_all_filters( 'site_backups_offsite_settings' );
		remove_all_filters( 'site_backups_plan' );
		parent::tearDown();
	}

	public function test_the_destination_is_named_without_any_credential_and_private_fields_stay_out_of_the_copy(): void {
		$secret     = 'info-secret-' . wp_generate_password( 16, false, false );
		$access_key = 'AKIAINFO' . strtoupper( wp_generate_password( 12, false, false ) );
		$offsite    = array(
			'endpoint'       => 'https://s3.eu-central-1.example.test:9443',
			'region'         => 'eu-central-1',
			'bucket'         => 'acme-private-backups',
			'prefix'         => 'shop.example.test',
			'access_key'     => $access_key,
			'secret'         => $secret,
			'encryption_key' => base64_encode( random_bytes( 32 ) ),
		);
		add_filter( 'site_backups_offsite_settings', static fn () => $offsite );
		// A bucket's answer that quotes what it was sent.
		OffsiteStatus::failed( sprintf( 'Access Denied: bucket acme-private-backups, key %s, signed with %s.', $access_key, $secret ) );

		$info = apply_filters( 'debug_information', array() );

		$this->assertArrayHasKey( SiteHealthInfo::SECTION, $info );
		$section = $info[ SiteHealthInfo::SECTION ];
		$this->assertSame( 'Site Backups', $section['label'] );
		$everything = (string) wp_json_encode( $info );
		$this->assertStringNotContainsString( $secret, $everything );
		$this->assertStringNotContainsString( $access_key, $everything );
		$this->assertStringNotContainsString( $offsite['encryption_key'], $everything );
		$fields = $section['fields'];
		$this->assertSame( 'On, set by the host in wp-config.php', $fields['offsite']['value'] );
		$this->assertSame( 's3.eu-central-1.example.test:9443', $fields['offsite_endpoint']['value'] );
		$this->assertSame( 'eu-central-1', $fields['offsite_region']['value'] );
		$this->assertSame( 'acme-private-backups', $fields['offsite_bucket']['value'] );
		$this->assertTrue( $fields['offsite_bucket']['private'] );
		$this->assertSame( 'shop.example.test', $fields['offsite_prefix']['value'] );
		$this->assertSame( 'Yes', $fields['offsite_encrypted']['value'] );
		$this->assertStringStartsWith( 'Failing since ' . SiteTime::format( (int) ( new OffsiteFailureTime() )->since() ), $fields['offsite_status']['value'] );
		$this->assertTrue( $fields['offsite_error']['private'], 'the bucket\'s answer may name the bucket' );
		$this->assertTrue( $fields['store_location']['private'] );
		foreach ( $fields as $name => $field ) {
			$this->assertIsString( $field['label'], $name );
			$this->assertIsString( $field['value'], $name );
		}

		$copied = WP_Debug_Data::format( array( SiteHealthInfo::SECTION => $section ), 'debug' );
		$this->assertStringContainsString( 'offsite_endpoint: s3.eu-central-1.example.test:9443', $copied );
		$this->assertStringNotContainsString( 'acme-private-backups', $copied );
		$this->assertStringNotContainsString( (string) ( new StoreDirectory() )->configured(), $copied );
		$this->assertStringNotContainsString( $secret, $copied );
	}

	public function test_plan_retention_schedule_and_host_read_as_people_say_them(): void {
		$next = time() + 3 * HOUR_IN_SECONDS;
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( $next, 'daily', DailySchedule::HOOK );
		update_option( LoopbackRecord::SEEN_OPTION, time() - 120 );
		update_option( LoopbackRecord::SENT_OPTION, time() - 130 );

		add_filter( 'site_backups_plan', static fn (): string => 'standard' );
		$fields = apply_filters( 'debug_information', array() )[ SiteHealthInfo::SECTION ]['fields'];
		$this->assertSame( 'Standard (set by the host)', $fields['plan']['value'] );
		$this->assertSame( '1 day', $fields['retention']['value'] );
		$this->assertSame( 'Every day; the next at ' . SiteTime::format( $next ), $fields['schedule']['value'] );
		$this->assertSame( 'Run by WP-Cron on visits', $fields['cron']['value'] );
		$this->assertStringStartsWith( 'DISABLE_WP_CRON=false', $fields['cron']['debug'] );
		$this->assertSame( 'Working; the last arrived at ' . SiteTime::format( time() - 120 ), $fields['loopback']['value'] );
		$this->assertSame( 'Off', $fields['offsite']['value'] );
		$this->assertArrayHasKey( 'recovery_points_production', $fields );
		$this->assertArrayHasKey( 'last_backup_production', $fields );
		$this->assertArrayHasKey( 'last_automatic_backup', $fields );
		$this->assertArrayHasKey( 'recovery_points_staging', $fields );

		remove_all_filters( 'site_backups_plan' );
		add_filter( 'site_backups_plan', static fn (): string => 'pro' );
		$fields = apply_filters( 'debug_information', array() )[ SiteHealthInfo::SECTION ]['fields'];
		$this->assertSame( '60 days', $fields['retention']['value'] );
	}
}
