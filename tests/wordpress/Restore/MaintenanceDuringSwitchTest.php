<?php
/**
 * Visitors never see a half-restored site: while a restore switches the site over, WordPress's
 * own maintenance mode answers them (on nginx and Apache; wp-cron.php goes through the same check
 * in core, after it has already answered 200), the restore's own requests go through,
 * and the mode always goes away again, also after a worker was killed in the middle of the switch.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use mysqli;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Plugin;
use SiteBackups\Restore\MaintenanceMode;
use SiteBackups\Tests\WordPress\Security\WebServers;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class MaintenanceDuringSwitchTest extends TestCase {

	private const CORE_MAINTENANCE = "<?php \$upgrading = time(); ?>\n";

	/** The marker page's address (pretty permalinks: /%postname%/). */
	private const PAGE = '/maintenance-marker/';

	private mysqli $db;

	private string $file;

	private string $mu_plugin;

	private int $post = 0;

	/** The restore a test started, driven to its end by tearDown() should the test stop half-way. */
	private string $job = '';

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->db        = WordPressSite::database( 'production' );
		$this->file      = ABSPATH . '.maintenance';
		$this->mu_plugin = WPMU_PLUGIN_DIR . '/site-backups-test-slow-switch.php';
		$this->db->query( "INSERT INTO wp_posts (post_title, post_name, post_content, post_status, post_type, post_date, post_date_gmt, post_modified, post_modified_gmt, to_ping, pinged, post_content_filtered, post_excerpt) VALUES ('As backed up', 'maintenance-marker', 'marker', 'publish', 'page', NOW(), NOW(), NOW(), NOW(), '', '', '', '')" );
		$this->post = (int) $this->db->insert_id;
	}

	protected function tearDown(): void {
		@unlink( $this->mu_plugin );
		if ( '' !== $this->job ) {
			// A restore past its point of no return cannot be cancelled: the next tests need it ended.
			$this->visit_until_finished( $this->job, 240, static function (): void {} );
		}
		@unlink( $this->file );
		$this->db->query( 'DELETE FROM wp_posts WHERE ID = ' . $this->post );
		$this->db->close();
		parent::tearDown();
	}

	public function test_visitors_get_the_maintenance_page_and_the_restore_goes_through(): void {
		$token = (string) get_option( JobRunner::TOKEN_OPTION, '' );
		if ( '' === $token ) {
			$token = 'a-loopback-token-of-forty-eight-characters-000000';
			update_option( JobRunner::TOKEN_OPTION, $token, false );
			$this->db->query( 'COMMIT' );
		}
		$maintenance = new MaintenanceMode( ABSPATH, hash( 'sha256', $token ) );
		$maintenance->renew();

		foreach ( WebServers::each() as [ $base ] ) {
			$page = WebServers::get( $base . self::PAGE );
			$this->assertSame( 503, $page['status'], "$base served the page during the switch" );
			$this->assertStringContainsString( 'Briefly unavailable for scheduled maintenance', $page['body'] );
			$this->assertStringNotContainsString( 'As backed up', $page['body'] );
			$this->assertNotSame( 503, WebServers::get( $base . '/wp-json/site-backups/v1/jobs/x' )['status'], 'the screen polls its job' );
			$this->assertNotSame( 503, WebServers::get( $base . '/?rest_route=/site-backups/v1/jobs/x' )['status'], 'the screen polls its job' );
			$this->assertSame( 503, $this->post_loopback( $base, 'a-wrong-token' ), 'a request without the token got through' );
			$this->assertNotSame( 503, $this->post_loopback( $base, $token ), "the restore's own loopback was refused" );
		}

		$maintenance->end();
		$this->assertFileDoesNotExist( $this->file );
		$page = WebServers::get( WordPressSite::url( 'production' ) . self::PAGE );
		$this->assertSame( 200, $page['status'] );
	}

	public function test_a_file_no_restore_renews_lapses_and_the_next_page_load_removes_it(): void {
		( new MaintenanceMode( ABSPATH, hash( 'sha256', 'token' ) ) )->renew();
		touch( $this->file, time() - MaintenanceMode::HEARTBEAT_SECONDS - 1 );

		$page = WebServers::get( WordPressSite::url( 'production' ) . self::PAGE );

		$this->assertSame( 200, $page['status'] );
		clearstatcache();
		$this->assertFileDoesNotExist( $this->file, 'the page load left the lapsed file behind' );
	}

	public function test_a_core_update_in_progress_is_left_alone(): void {
		file_put_contents( $this->file, self::CORE_MAINTENANCE );
		$maintenance = new MaintenanceMode( ABSPATH, hash( 'sha256', 'token' ) );

		$maintenance->renew();
		$maintenance->end();
		touch( $this->file, time() - 3600 );
		MaintenanceMode::clear_stale( ABSPATH );

		$this->assertSame( self::CORE_MAINTENANCE, file_get_contents( $this->file ) );
	}

	public function test_a_worker_killed_in_the_middle_of_the_switch_never_shows_a_mix(): void {
		$backup = WordPressSite::create_backup( 'production', 'Before the switch is killed' );
		$this->db->query( "UPDATE wp_posts SET post_title = 'Changed since' WHERE ID = " . $this->post );
		// Once the switch has begun: tiny slices, and a pause at the start of each one, a window to kill in.
		file_put_contents( $this->mu_plugin, "<?php\nadd_filter( 'site_backups_slice_seconds', static function ( \$seconds ) { if ( file_exists( ABSPATH . '.maintenance' ) ) { usleep( 400000 ); return 0.02; } return \$seconds; } );\n" );
		$params = array(
			'backup'        => $backup,
			'environment'   => 'production',
			'parts'         => array( 'database', 'files' ),
			'safety_backup' => false,
		);
		$job       = Plugin::instance()->job_runner()->start( Job::create( 'restore', $params, 1 ) );
		$this->job = $job->id();

		$deadline = microtime( true ) + 90;
		while ( ! file_exists( $this->file ) && microtime( true ) < $deadline ) {
			usleep( 5000 );
			clearstatcache();
		}
		$this->assertFileExists( $this->file, 'the switch never put the site in maintenance' );
		$this->assertGreaterThan( 0, WordPressSite::kill_fpm_workers() );
		wp_cache_flush();
		$this->assertFalse( (bool) ( new JobRepository() )->find( $job->id() )?->is_finished(), 'the restore ended before the kill' );

		$page = WebServers::get( WordPressSite::url( 'production' ) . self::PAGE );
		$this->assertSame( 503, $page['status'], 'a visitor saw the site in the middle of the switch' );

		// Visitors and a system cron keep coming; once the dead restore's file lapses, a page load
		// removes it, WP-Cron resumes the restore, which puts the site back in maintenance and ends.
		@unlink( $this->mu_plugin );
		$current = $this->visit_until_finished(
			$job->id(),
			240,
			function ( array $visit ): void {
				if ( 200 === $visit['status'] ) {
					$this->assertThat(
						$visit['body'],
						$this->logicalOr( $this->stringContains( 'Changed since' ), $this->stringContains( 'As backed up' ) )
					);
				}
			}
		);

		$this->assertNotNull( $current );
		$this->assertSame( Job::DONE, $current->status(), (string) wp_json_encode( $current->to_array()['message'] ) );
		clearstatcache();
		$this->assertFileDoesNotExist( $this->file );
		$page = WebServers::get( WordPressSite::url( 'production' ) . self::PAGE );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( 'As backed up', $page['body'] );
		$this->assertSame( array(), $this->db->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp\\_%' OR TABLE_NAME LIKE 'sbold\\_%')" )->fetch_all() );
	}

	/**
	 * Visits the marker page and wp-cron.php, as visitors and a system cron would, until the job ends.
	 *
	 * @param string                                                  $id      The job.
	 * @param int                                                     $seconds How long to keep visiting at most.
	 * @param callable(array{status: int, server: string, body: string}): void $seen Told each visit.
	 */
	private function visit_until_finished( string $id, int $seconds, callable $seen ): ?Job {
		$deadline = time() + $seconds;
		do {
			$seen( WebServers::get( WordPressSite::url( 'production' ) . self::PAGE ) );
			WebServers::get( WordPressSite::url( 'production' ) . '/wp-cron.php' );
			usleep( 500000 );
			wp_cache_flush();
			$current = ( new JobRepository() )->find( $id );
		} while ( $current && ! $current->is_finished() && time() < $deadline );
		return $current;
	}

	/** Posts the job runner's loopback request with a token; returns the status. */
	private function post_loopback( string $base, string $token ): int {
		$curl = curl_init( $base . '/wp-admin/admin-ajax.php' );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_POST           => true,
				// An action nobody handles: WordPress answers 400 once it got past the maintenance check.
				CURLOPT_POSTFIELDS     => http_build_query(
					array(
						'action' => 'site_backups_test_nothing',
						'token'  => $token,
					)
				),
				CURLOPT_TIMEOUT        => 30,
			)
		);
		curl_exec( $curl );
		$status = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return $status;
	}
}
