<?php
/**
 * What an admin does, over real HTTP, on the test stack as a host variant sets it up
 * (tests/stack/variants.sh; SITE_BACKUPS_HOST_VARIANT names it): a manual backup from REST,
 * the daily event, restores in place and into staging, a download, an off-site copy. Jobs run
 * only on what the host gives them: loopback requests, visitors' requests, or the system cron.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Hosts;

use SiteBackups\Health\BackupHealth;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Plugin;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\Offsite\TestBucket;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class HostVariantTest extends TestCase {

	use TestBucket;

	/** A browser's user agent: the loopback variants refuse WordPress's own. */
	private const VISITOR_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

	/** Longest wait for one job (seconds): slices carried by visitors alone are slow. */
	private const JOB_DEADLINE = 420;

	private HttpSession $session;

	private string $nonce = '';

	private int|false $daily_event = false;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// The site's own requests must see what this test writes.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->daily_event = wp_next_scheduled( DailySchedule::HOOK );
		$this->use_own_store( 'sb-host-store' );
		$this->session = new HttpSession( WordPressSite::url( 'production' ) );
		$this->assertSame( 302, $this->session->login() );
		$this->nonce = $this->session->nonce();
	}

	protected function tearDown(): void {
		$runner = Plugin::instance()->job_runner();
		$active = $runner->active();
		if ( $active && ! $active->is_committed() ) {
			$runner->cancel( $active->id() );
			$runner->run_slice( 5 );
		}
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( false !== $this->daily_event && $this->daily_event > time() ? $this->daily_event : time() + DAY_IN_SECONDS, 'daily', DailySchedule::HOOK );
		if ( isset( $this->s3 ) ) {
			$this->forget_test_bucket();
		} else {
			$this->put_the_store_back();
		}
		$this->session->close();
		parent::tearDown();
	}

	public function test_a_manual_backup_from_rest_finishes_and_is_listed(): void {
		$job = $this->backup_from_rest();

		$this->assertSame( 'done', $job['status'], (string) wp_json_encode( $job ) );
		$listed = $this->session->api( 'GET', '/backups', $this->nonce, null, array( 'environment' => 'production' ) );
		$this->assertSame( 200, $listed['status'] );
		$this->assertContains( $job['result']['backup'] ?? null, array_column( $listed['body'], 'id' ), (string) wp_json_encode( $job['result'] ) );
		$this->assert_the_host_s_way_carried_it( $job );
	}

	public function test_the_daily_event_backs_up_production_by_itself(): void {
		$jobs    = new JobRepository();
		$earlier = array_map( static fn ( Job $job ): string => $job->id(), $jobs->recent() );
		delete_transient( 'doing_cron' );
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( time() - 1, 'daily', DailySchedule::HOOK );

		$deadline = time() + self::JOB_DEADLINE;
		$job      = null;
		do {
			// With a system cron nobody visits: the host's cron alone must do it.
			if ( ! $this->variant_is( 'system-cron' ) ) {
				$this->visit();
			}
			usleep( 500000 );
			wp_cache_flush();
			foreach ( $jobs->recent() as $candidate ) {
				if ( 'scheduled' === $candidate->param( 'trigger' ) && ! in_array( $candidate->id(), $earlier, true ) ) {
					$job = $candidate;
				}
			}
		} while ( ( null === $job || ! $job->is_finished() ) && time() < $deadline );

		$this->assertNotNull( $job, 'the daily event never started a backup' );
		$this->assertSame( Job::DONE, $job->status(), (string) wp_json_encode( $job->to_array()['message'] ) );
		$this->assertGreaterThan( time(), (int) wp_next_scheduled( DailySchedule::HOOK ), 'tomorrow\'s event is scheduled' );
	}

	public function test_restores_in_place_and_into_staging_bring_the_backup_s_content_back(): void {
		$marker = 'host-variant-' . wp_generate_password( 8, false, false );
		update_option( 'host_variant_test_marker', $marker, false );
		$backup = $this->backup_from_rest()['result'];
		$id     = (string) ( $backup['backup'] ?? '' );
		update_option( 'host_variant_test_marker', 'changed since', false );

		$in_place = $this->restore_from_rest( $id, array() );
		$this->assertSame( 'done', $in_place['status'], (string) wp_json_encode( $in_place ) );
		wp_cache_flush();
		$this->assertSame( $marker, get_option( 'host_variant_test_marker' ) );

		$staging = WordPressSite::database( 'staging' );
		$into    = $this->restore_from_rest( $id, array( 'environment' => 'staging' ) );
		$this->assertSame( 'done', $into['status'], (string) wp_json_encode( $into ) );
		$row = $staging->query( "SELECT option_value FROM wp_options WHERE option_name = 'host_variant_test_marker'" )->fetch_row();
		$this->assertSame( $marker, $row[0] ?? null, 'staging holds the production backup\'s content' );
		$home = $staging->query( "SELECT option_value FROM wp_options WHERE option_name = 'home'" )->fetch_row();
		$this->assertSame( WordPressSite::url( 'staging' ), $home[0] ?? null, 'staging keeps its own address' );
		$staging->query( "DELETE FROM wp_options WHERE option_name = 'host_variant_test_marker'" );
		$staging->close();
		delete_option( 'host_variant_test_marker' );
	}

	public function test_a_download_arrives_whole(): void {
		$id  = (string) ( $this->backup_from_rest()['result']['backup'] ?? '' );
		$zip = sys_get_temp_dir() . '/sb-host-download-' . wp_generate_password( 6, false, false ) . '.zip';
		try {
			$answer = $this->session->http( 'GET', '/wp-json/site-backups/v1/backups/' . $id . '/download', array( '_wpnonce' => $this->nonce ) );
			$this->assertSame( 200, $answer['status'], substr( $answer['body'], 0, 500 ) );
			file_put_contents( $zip, $answer['body'] );
			exec( 'unzip -tq ' . escapeshellarg( $zip ) . ' 2>&1', $tested, $code );
			$this->assertSame( 0, $code, implode( "\n", $tested ) );
			exec( 'unzip -l ' . escapeshellarg( $zip ) . ' 2>&1', $listing );
			$this->assertMatchesRegularExpression( '/database/', implode( "\n", $listing ), 'the zip holds the database' );
		} finally {
			@unlink( $zip );
		}
	}

	public function test_an_off_site_copy_lands_in_the_bucket(): void {
		$this->copy_off_site_with( $this->test_bucket( 'host-variant' ) + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) ) );

		$id = (string) ( $this->backup_from_rest()['result']['backup'] ?? '' );

		$deadline = time() + self::JOB_DEADLINE;
		do {
			$listed = $this->session->api( 'GET', '/backups', $this->nonce, null, array( 'environment' => 'production' ) );
			$row    = array_values( array_filter( (array) $listed['body'], static fn ( array $backup ): bool => $backup['id'] === $id ) )[0] ?? array();
			if ( in_array( 'offsite', (array) ( $row['locations'] ?? array() ), true ) ) {
				break;
			}
			$this->visit();
			usleep( 500000 );
		} while ( time() < $deadline );
		$this->assertContains( 'offsite', (array) ( $row['locations'] ?? array() ), (string) wp_json_encode( $row ) );
		$this->assertNotEmpty( iterator_to_array( $this->s3->listObjects( $this->prefix . '/snapshots/' ), false ) );
	}

	public function test_site_health_says_what_this_host_costs(): void {
		$page = $this->session->http( 'GET', '/wp-admin/site-health.php' );
		$this->assertSame( 200, $page['status'] );
		$health = stripslashes( $page['body'] );
		$this->assertStringContainsString( 'This host can run backups and restores', $health );
		if ( $this->variant_is( 'locked-down' ) ) {
			$this->assertStringContainsString( 'Backups work with some PHP functions disabled', $health );
			$this->assertStringContainsString( 'curl_multi_exec() is disabled', $health );
			$this->assertStringContainsString( 'set_time_limit() is disabled', $health );
			$this->assertStringContainsString( 'ignore_user_abort() is disabled: WordPress', $health );
		} else {
			$this->assertStringContainsString( 'PHP lets backups use everything they need', $health );
		}
		if ( $this->variant_is( 'loopback-timeout', 'loopback-403' ) ) {
			// Any job's first slice request shows it: one sent more than half a minute ago never arrived.
			update_option( BackupHealth::LOOPBACK_SENT_OPTION, time() - 60, false );
			delete_option( BackupHealth::LOOPBACK_SEEN_OPTION );
			$health = stripslashes( $this->session->http( 'GET', '/wp-admin/site-health.php' )['body'] );
			$this->assertStringContainsString( 'cannot reach itself over HTTP', $health );
			$this->assertStringContainsString( 'take much longer', $health );
		}
		$this->assertStringNotContainsString( 'WP-Cron is disabled on this site', $health, 'a system cron that runs is not a problem' );
	}

	/**
	 * Starts a backup of production from REST and waits for its end.
	 *
	 * @return array<string, mixed> The job as REST last showed it.
	 */
	private function backup_from_rest(): array {
		$started = $this->session->api( 'POST', '/backups', $this->nonce, array( 'environment' => 'production' ) );
		$this->assertSame( 202, $started['status'], $started['raw'] );
		return $this->wait_for( (string) $started['body']['id'] );
	}

	/**
	 * Starts a database restore from REST and waits for its end.
	 *
	 * @param array<string, mixed> $extra More of the request's body.
	 * @return array<string, mixed>
	 */
	private function restore_from_rest( string $id, array $extra ): array {
		$started = $this->session->api( 'POST', '/backups/' . $id . '/restore', $this->nonce, array( 'parts' => array( 'database' ), 'safety_backup' => false ) + $extra );
		$this->assertSame( 202, $started['status'], $started['raw'] );
		return $this->wait_for( (string) $started['body']['id'] );
	}

	/**
	 * Watches a job as the screen does; a visitor comes by now and then.
	 *
	 * @return array<string, mixed>
	 */
	private function wait_for( string $job ): array {
		$deadline = time() + self::JOB_DEADLINE;
		do {
			$this->visit();
			usleep( 500000 );
			$answer = $this->session->api( 'GET', '/jobs/' . $job, $this->nonce );
			$this->assertSame( 200, $answer['status'], $answer['raw'] );
		} while ( ! in_array( $answer['body']['status'], array( 'done', 'failed', 'cancelled' ), true ) && time() < $deadline );
		return $answer['body'];
	}

	/** One visitor's page view, with a browser's user agent. */
	private function visit(): void {
		$handle = curl_init( WordPressSite::url( 'production' ) . '/' );
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_USERAGENT      => self::VISITOR_AGENT,
				CURLOPT_TIMEOUT        => 30,
			)
		);
		curl_exec( $handle );
		curl_close( $handle );
	}

	/**
	 * Where loopback requests are blocked, the job moved on without one arriving.
	 *
	 * @param array<string, mixed> $job The finished job.
	 */
	private function assert_the_host_s_way_carried_it( array $job ): void {
		if ( ! $this->variant_is( 'loopback-timeout', 'loopback-403' ) ) {
			return;
		}
		wp_cache_flush();
		$created = strtotime( (string) ( $job['created'] ?? '' ) ) ?: 0;
		$this->assertLessThan( $created, (int) get_option( BackupHealth::LOOPBACK_SEEN_OPTION, 0 ), 'a loopback request arrived' );
		$environments = $this->session->api( 'GET', '/environments', $this->nonce );
		$production   = array_column( (array) $environments['body'], null, 'name' )['production'] ?? array();
		$this->assertContains( 'loopback_failing', array_column( (array) ( $production['warnings'] ?? array() ), 'code' ), $environments['raw'] );
	}

	private function variant_is( string ...$names ): bool {
		return in_array( getenv( 'SITE_BACKUPS_HOST_VARIANT' ) ?: 'nginx', $names, true );
	}
}
