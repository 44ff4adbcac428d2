<?php
/**
 * Where a host cannot run a job, the admin learns what is missing before any job starts: from
 * REST (and so WP-CLI and the screen), from Site Health, and through a failed daily backup.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Health;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Environment;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Health\Preflight;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class PreflightTest extends RestTestCase {

	private const PROBE = 'site_backups_privilege_probe';

	private string $blocker = '';

	private mixed $store = null;

	protected function setUp(): void {
		parent::setUp();
		$this->store = get_option( StoreDirectory::OPTION );
		// The privilege probe's answer for this site's own user: nothing missing.
		set_transient( self::PROBE, array(), 600 );
	}

	protected function tearDown(): void {
		remove_all_filters( 'upload_dir' );
		parent::tearDown();
		self::use_store( $this->store );
		if ( '' !== $this->blocker ) {
			@unlink( $this->blocker );
		}
	}

	public function test_a_host_with_what_jobs_need_reports_nothing(): void {
		$this->assertSame( array(), ( new Preflight( new StoreDirectory() ) )->problems() );
		$this->assertSame( 'good', ( new Preflight( new StoreDirectory() ) )->site_health_result()['status'] );
	}

	public function test_a_store_php_cannot_write_refuses_backups_before_they_start_and_says_so_everywhere(): void {
		$this->unwritable_store();
		$admin   = $this->admin();
		$running = ( new JobRepository() )->recent();

		$refused = $this->dispatch( 'POST', '/backups', array( 'environment' => 'production' ), $admin );

		$this->assertError( $refused, 409, 'site_backups_host_cannot_run' );
		$body = $this->body( $refused );
		$this->assertSame( 'store_unwritable', $body['data']['reason'] );
		$this->assertStringContainsString( 'may not create or write the folder backups are kept in', $body['message'] );
		$this->assertStringContainsString( 'SITE_BACKUPS_STORE_DIR', $body['message'], 'with the fix' );
		$this->assertCount( count( $running ), ( new JobRepository() )->recent(), 'no job was started' );

		$environments = $this->body( $this->dispatch( 'GET', '/environments', array(), $admin ) );
		$this->assertIsList( $environments, (string) wp_json_encode( $environments ) );
		$production = array_column( $environments, null, 'name' )['production'];
		$this->assertContains( 'store_unwritable', array_column( $production['warnings'], 'code' ), 'the screen shows it' );

		$health = ( new Preflight( new StoreDirectory() ) )->site_health_result();
		$this->assertSame( 'critical', $health['status'] );
		$this->assertStringContainsString( 'may not create or write', $health['description'] );
	}

	public function test_the_daily_backup_on_such_a_host_is_a_failed_job_with_the_reason(): void {
		$this->unwritable_store();
		$finished = array();
		add_action(
			'site_backups_job_finished',
			static function ( Job $job ) use ( &$finished ): void {
				$finished[] = $job;
			}
		);

		$this->plugin()->daily_schedule()->run();

		$this->assertCount( 1, $finished, 'the failure e-mail hook heard of it' );
		$this->assertSame( Job::FAILED, $finished[0]->status() );
		$this->assertSame( 'scheduled', $finished[0]->param( 'trigger' ) );
		$this->assertStringContainsString( 'may not create or write', (string) $finished[0]->to_array()['message'] );
		$this->assertSame( Job::FAILED, ( new JobRepository() )->find( $finished[0]->id() )?->status(), 'the screen lists it' );
		$this->assertNull( $this->plugin()->job_runner()->active(), 'nothing holds the slot' );
	}

	public function test_a_database_user_that_may_not_drop_tables_cannot_restore_but_can_back_up(): void {
		$user = 'sb_nodrop_' . strtolower( wp_generate_password( 6, false, false ) );
		$this->root_sql( sprintf( "CREATE USER '%1\$s'@'localhost' IDENTIFIED BY 'pw'; GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX ON `%2\$s`.* TO '%1\$s'@'localhost';", $user, DB_NAME ) );
		$prefix = $GLOBALS['wpdb']->base_prefix;
		try {
			delete_transient( self::PROBE );
			$site      = new Environment( Environment::PRODUCTION, ABSPATH, home_url(), DatabaseConfig::fromWordPressHost( DB_HOST, $user, 'pw', DB_NAME, $prefix ) );
			$preflight = new Preflight( new StoreDirectory(), $site );

			$problem = $preflight->blocking( 'restore' );
			$this->assertSame( 'database_privileges', $problem['code'] ?? null );
			$this->assertStringContainsString( 'may not DROP tables', $problem['message'] );
			$this->assertNull( $preflight->blocking( 'backup' ), 'backups need no more than SELECT' );
		} finally {
			$this->root_sql( sprintf( "DROP USER IF EXISTS '%s'@'localhost';", $user ) );
			// The probe's table, which that user could create but not drop.
			$db = WordPressSite::database( 'production' );
			foreach ( $db->query( "SHOW TABLES LIKE '" . $db->real_escape_string( $prefix ) . "sbprobe\\_%'" )->fetch_all() as [ $table ] ) {
				$db->query( 'DROP TABLE `' . $table . '`' );
			}
			$db->close();
		}
	}

	public function test_uploads_kept_outside_the_wordpress_folder_are_part_of_the_site_not_a_problem(): void {
		$outside = sys_get_temp_dir() . '/sb-uploads-elsewhere-' . wp_generate_password( 8, false, false );
		mkdir( $outside );
		add_filter(
			'upload_dir',
			static function ( array $uploads ) use ( $outside ): array {
				$uploads['basedir'] = $outside;
				return $uploads;
			}
		);
		try {
			$this->assertSame( array(), ( new Preflight( new StoreDirectory() ) )->problems() );
			$this->assertSame( 'good', ( new Preflight( new StoreDirectory() ) )->site_health_result()['status'] );
			$tree = ( new EnvironmentRegistry() )->production()->tree();
			$this->assertSame( $outside, $tree->toArray()['wp-content/uploads'] ?? null, 'backed up as wp-content/uploads' );
		} finally {
			rmdir( $outside );
		}
	}

	/** A store folder whose parent is a file: nothing can create it. */
	private function unwritable_store(): void {
		$this->blocker = sys_get_temp_dir() . '/sb-preflight-not-a-folder-' . wp_generate_password( 8, false, false );
		file_put_contents( $this->blocker, 'a file' );
		self::use_store( $this->blocker . '/sb-unreachable-' . wp_generate_password( 8, false, false ) );
	}

	private function root_sql( string $sql ): void {
		[ , $socket ] = explode( ':', DB_HOST, 2 );
		exec( 'mariadb --socket=' . escapeshellarg( $socket ) . ' --user=root -e ' . escapeshellarg( $sql ) . ' 2>&1', $output, $status );
		$this->assertSame( 0, $status, implode( "\n", $output ) );
		unset( $output );
	}
}
