<?php
/**
 * Restores run by the site itself (loopback requests and WP-Cron through the real nginx and
 * PHP-FPM): the admin's login survives, and a restore killed before the switch leaves the site
 * serving its content.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use mysqli;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class RestoreOverHttpTest extends TestCase {

	private mysqli $db;

	private HttpSession $session;

	private string $mu_plugin;

	private int $post = 0;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->db        = WordPressSite::database( 'production' );
		$this->session   = new HttpSession( WordPressSite::url( 'production' ) );
		$this->mu_plugin = WPMU_PLUGIN_DIR . '/site-backups-test-restore-slices.php';
		$this->db->query( "INSERT INTO wp_posts (post_title, post_name, post_content, post_status, post_type, post_date, post_date_gmt, post_modified, post_modified_gmt, to_ping, pinged, post_content_filtered, post_excerpt) VALUES ('As backed up', 'restore-http-marker', 'marker', 'publish', 'page', NOW(), NOW(), NOW(), NOW(), '', '', '', '')" );
		$this->post = (int) $this->db->insert_id;
	}

	protected function tearDown(): void {
		@unlink( $this->mu_plugin );
		$this->session->close();
		$this->db->query( 'DELETE FROM wp_posts WHERE ID = ' . $this->post );
		$this->db->close();
		parent::tearDown();
	}

	public function test_the_admin_who_restores_over_http_stays_logged_in(): void {
		$backup = WordPressSite::create_backup( 'production', 'Before logging in' );
		// Logged in after the backup: the restored tables know nothing of this session.
		$this->assertSame( 302, $this->session->login() );
		$nonce = $this->session->nonce();

		$started = $this->session->api( 'POST', '/backups/' . $backup . '/restore', $nonce, array( 'parts' => array( 'database' ), 'safety_backup' => false ) );
		$this->assertSame( 202, $started['status'], (string) wp_json_encode( $started['body'] ) );
		$deadline = time() + 120;
		do {
			usleep( 250000 );
			$job = $this->session->api( 'GET', '/jobs/' . $started['body']['id'], $nonce );
			$this->assertSame( 200, $job['status'], 'logged out during the restore: ' . wp_json_encode( $job['body'] ) );
		} while ( ! in_array( $job['body']['status'], array( 'done', 'failed', 'cancelled' ), true ) && time() < $deadline );

		$this->assertSame( 'done', $job['body']['status'], (string) wp_json_encode( $job['body'] ) );
		$this->assertSame( array( 'database' ), $job['body']['result']['parts'] );
		$this->assertSame( 200, $this->session->api( 'GET', '/backups', $nonce, null, array( 'environment' => 'production' ) )['status'], 'the nonce still works' );
		$this->assertSame( 200, $this->session->http( 'GET', '/wp-admin/tools.php', array( 'page' => 'site-backups' ) )['status'], 'wp-admin without logging in again' );
	}

	public function test_a_restore_killed_before_the_switch_leaves_the_site_as_it_was_and_a_new_one_succeeds(): void {
		$backup = WordPressSite::create_backup( 'production', 'Before the kill' );
		$this->db->query( "UPDATE wp_posts SET post_title = 'Changed since' WHERE ID = " . $this->post );
		file_put_contents( $this->mu_plugin, "<?php\nadd_filter( 'site_backups_slice_seconds', static fn () => 0.02 );\n" );
		$runner = Plugin::instance()->job_runner();
		$params = array(
			'backup'        => $backup,
			'environment'   => 'production',
			'parts'         => array( 'database', 'files' ),
			'safety_backup' => false,
		);
		$job    = $runner->start( Job::create( 'restore', $params, 1 ) );

		// Kill every PHP-FPM worker while the loopback slices load the tables or stage the files
		// (both before the switch), reading the job past every cache.
		$deadline = time() + 60;
		do {
			usleep( 10000 );
			$current = $this->stored_job( $job->id() );
			$phase   = (string) ( $current['progress']['phase'] ?? '' );
		} while ( ! in_array( $current['status'] ?? '', array( 'done', 'failed', 'cancelled' ), true ) && ! ( 'files' === $phase || ( 'database' === $phase && (int) $current['progress']['done'] >= 1 ) ) && time() < $deadline );
		$this->assertGreaterThan( 0, WordPressSite::kill_fpm_workers() );
		wp_cache_flush();
		$current = ( new JobRepository() )->find( $job->id() );
		$this->assertFalse( (bool) $current?->is_committed(), 'killed too late: ' . wp_json_encode( $current?->to_array()['progress'] ) );
		$this->assertNotSame( array(), $this->db->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'sbtmp\\_%'" )->fetch_all(), 'killed with the loaded tables beside the live ones' );

		[ $status, $body ] = WordPressSite::get( WordPressSite::url( 'production' ) . '/?page_id=' . $this->post );
		$this->assertSame( 200, $status );
		$this->assertStringContainsString( 'Changed since', $body, 'the site serves what it had before the restore' );

		// The abandoned restore is cancelled (its leftovers dropped), then a new one runs to the end.
		@unlink( $this->mu_plugin );
		$runner->cancel( $job->id() );
		$this->wait_for_end( $job->id() );
		$this->assertSame( array(), $this->db->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'sbtmp\\_%'" )->fetch_all() );
		$again = $runner->start( Job::create( 'restore', $params, 1 ) );
		$done  = $this->wait_for_end( $again->id() );
		$this->assertSame( Job::DONE, $done->status(), (string) wp_json_encode( $done->to_array()['message'] ) );
		$this->assertSame( 'As backed up', $this->db->query( 'SELECT post_title FROM wp_posts WHERE ID = ' . $this->post )->fetch_row()[0] ?? null );
	}

	/** Polls until the job ends, visiting wp-cron.php as a system cron would (the loopback chain may be gone). */
	private function wait_for_end( string $id ): Job {
		$deadline = time() + 120;
		do {
			WordPressSite::get( WordPressSite::url( 'production' ) . '/wp-cron.php' );
			usleep( 300000 );
			$job = ( new JobRepository() )->find( $id );
		} while ( $job && ! $job->is_finished() && time() < $deadline );
		$this->assertNotNull( $job );
		wp_cache_flush();
		return $job;
	}

	/**
	 * The job as the database holds it now.
	 *
	 * @return array<string, mixed>
	 */
	private function stored_job( string $id ): array {
		$row = $this->db->query( "SELECT option_value FROM wp_options WHERE option_name = 'site_backups_job_" . $this->db->real_escape_string( $id ) . "'" )->fetch_row();
		$job = null === $row ? null : unserialize( (string) $row[0], array( 'allowed_classes' => false ) );
		return is_array( $job ) ? $job : array();
	}
}
