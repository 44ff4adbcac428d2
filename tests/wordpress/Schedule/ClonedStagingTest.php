<?php
/**
 * A staging site cloned from production carries production's options and
 * cron entries, plugin included. Its daily event must never back it up.
 * Run for real: production's rows copied into the staging database, the
 * event fired by WP-CLI on the staging site.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Schedule;

use mysqli;
use SiteBackups\Plugin;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Tests\WordPress\TestCase;

final class ClonedStagingTest extends TestCase {

	private mysqli $staging;

	/** @var array<string, string|null> */
	private array $original = array();

	private string $plugin_link;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'COMMIT' );
		$wpdb->query( 'SET autocommit = 1' );
		$config = constant( 'SITE_BACKUPS_STAGING' );
		[ , $socket ]  = explode( ':', $config['db_host'], 2 );
		$this->staging = new mysqli( 'localhost', $config['db_user'], $config['db_password'], $config['db_name'], 0, $socket );
		$this->plugin_link = $config['path'] . '/wp-content/plugins/site-backups';
	}

	protected function tearDown(): void {
		foreach ( $this->original as $name => $value ) {
			if ( null === $value ) {
				$this->staging->execute_query( 'DELETE FROM wp_options WHERE option_name = ?', array( $name ) );
			} else {
				$this->staging->execute_query( 'REPLACE INTO wp_options (option_name, option_value, autoload) VALUES (?, ?, ?)', array( $name, $value, 'on' ) );
			}
		}
		$this->staging->execute_query( "DELETE FROM wp_options WHERE option_name LIKE 'site\\_backups\\_%'" );
		$this->staging->close();
		if ( is_link( $this->plugin_link ) ) {
			unlink( $this->plugin_link );
		}
		parent::tearDown();
	}

	public function test_the_daily_event_copied_to_staging_never_backs_it_up(): void {
		Plugin::instance()->daily_schedule()->ensure_scheduled();
		$this->assertIsInt( wp_next_scheduled( DailySchedule::HOOK ), 'Production has no daily event to copy' );
		$snapshots_before = count( Plugin::instance()->backups()->engine()->list() );

		$this->clone_production_options_into_staging();
		if ( ! file_exists( $this->plugin_link ) ) {
			symlink( WP_PLUGIN_DIR . '/site-backups', $this->plugin_link );
		}
		$this->assertStringContainsString( DailySchedule::HOOK, $this->staging_option( 'cron' ) );

		$output = $this->wp_staging( 'cron event run ' . DailySchedule::HOOK );

		$this->assertStringContainsString( 'Executed a total of 1 cron event', $output );
		$this->assertNull( $this->staging_option( 'site_backups_active_job' ), 'A backup job was started on staging' );
		$this->assertStringNotContainsString( DailySchedule::HOOK, $this->staging_option( 'cron' ), 'The copied event is still scheduled on staging' );
		$this->assertCount( $snapshots_before, Plugin::instance()->backups()->engine()->list(), 'A backup was published' );
		$this->assertNotFalse( wp_next_scheduled( DailySchedule::HOOK ), 'Production lost its own schedule' );
	}

	private function clone_production_options_into_staging(): void {
		global $wpdb;
		$rows = $wpdb->get_results( "SELECT option_name, option_value, autoload FROM {$wpdb->options} WHERE option_name IN ('cron', 'active_plugins') OR option_name LIKE 'site\\_backups\\_%'", ARRAY_A );
		foreach ( $rows as $row ) {
			if ( ! array_key_exists( $row['option_name'], $this->original ) ) {
				$this->original[ $row['option_name'] ] = $this->staging_option( $row['option_name'] );
			}
			$this->staging->execute_query( 'REPLACE INTO wp_options (option_name, option_value, autoload) VALUES (?, ?, ?)', array_values( $row ) );
		}
	}

	private function staging_option( string $name ): ?string {
		$value = $this->staging->execute_query( 'SELECT option_value FROM wp_options WHERE option_name = ?', array( $name ) )->fetch_column();
		return false === $value ? null : (string) $value;
	}

	private function wp_staging( string $args ): string {
		$output = array();
		exec( 'bash ' . escapeshellarg( dirname( __DIR__, 2 ) . '/stack/wp.sh' ) . ' test staging ' . $args . ' 2>&1', $output, $status );
		$text = implode( "\n", $output );
		$this->assertSame( 0, $status, $text );
		return $text;
	}
}
