<?php
/**
 * A backup of a real subdirectory network holds every site (the network's tables, each site's
 * tables, uploads/sites/N) and leaves out another install sharing the database; restored in place
 * it brings every site back; into a single site, or a single site's backup into the network, it
 * is refused before anything is touched.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Multisite;

use PHPUnit\Framework\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class NetworkBackupRestoreTest extends TestCase {

	/** The network's backup, taken once the sites have content. */
	private static string $backup = '';

	/** The network's database and files when it was taken. */
	private static array $before = array();

	public static function setUpBeforeClass(): void {
		Network::provision();
		$root = Network::root();
		foreach ( Network::SITES as $blog => $site ) {
			Network::wp_ok( array( 'post', 'create', '--post_title=Kept on ' . $site, '--post_status=publish', '--porcelain' ), $site );
			@mkdir( "$root/wp-content/uploads/sites/$blog/2026/12", 0755, true );
			file_put_contents( "$root/wp-content/uploads/sites/$blog/2026/12/photo-$site.jpg", random_bytes( 200000 ) );
		}
		@mkdir( "$root/wp-content/uploads/2026/12", 0755, true );
		file_put_contents( "$root/wp-content/uploads/2026/12/main.txt", 'the main site' );
		// Another install sharing the database: its own options and users under wp_shop_.
		$db = Network::database();
		try {
			foreach ( array( 'CREATE TABLE wp_shop_options LIKE wp_options', 'CREATE TABLE wp_shop_users LIKE wp_users', "INSERT INTO wp_shop_options (option_name, option_value) VALUES ('blogname', 'The shop')" ) as $sql ) {
				self::assertTrue( $db->query( $sql ), $db->error );
			}
		} finally {
			$db->close();
		}
		self::$backup = trim( Network::wp_ok( array( 'site-backups', 'create', '--porcelain', '--user=admin' ) ) );
		self::assertMatchesRegularExpression( '/\A[0-9a-z]{26}\z/', self::$backup );
		self::$before = self::state();
	}

	protected function tearDown(): void {
		$this->assertSame( array(), Network::plugin_errors(), "the network's PHP error log" );
	}

	public function test_the_backup_holds_every_site_and_leaves_out_another_install(): void {
		$held = Network::evaluate(
			'$engine = SiteBackups\\Plugin::instance()->backups()->engine();
			$reader  = new SiteBackups\\Engine\\Read\\SnapshotReader( $engine->store() );
			$tables  = array();
			foreach ( $reader->sourceChunks( ' . var_export( self::$backup, true ) . ', "database" ) as $chunk ) {
				$tables[ $chunk->label ] = true;
			}
			$uploads = array();
			foreach ( $reader->entries( ' . var_export( self::$backup, true ) . ' ) as $entry ) {
				if ( str_starts_with( $entry->path, "wp-content/uploads/" ) ) {
					$uploads[] = $entry->path;
				}
			}
			wp_set_current_user( 1 );
			$item = rest_do_request( new WP_REST_Request( "GET", "/site-backups/v1/backups/' . self::$backup . '" ) )->get_data();
			echo wp_json_encode( array( "tables" => array_keys( $tables ), "uploads" => $uploads, "left_out" => $item["left_out"] ?? null ) );'
		);
		$network = array( 'wp_blogs', 'wp_blogmeta', 'wp_site', 'wp_sitemeta', 'wp_signups', 'wp_registration_log', 'wp_users', 'wp_usermeta', 'wp_options', 'wp_posts' );
		foreach ( array_merge( $network, array( 'wp_2_options', 'wp_2_posts', 'wp_2_postmeta', 'wp_2_comments', 'wp_3_options', 'wp_3_posts', 'wp_3_terms' ) ) as $table ) {
			$this->assertContains( $table, $held['tables'] );
		}
		$this->assertSame( array(), preg_grep( '/\Awp_shop_/', $held['tables'] ), 'another install\'s tables are not the network\'s' );
		$this->assertEqualsCanonicalizing(
			array( 'wp_shop_options', 'wp_shop_users' ),
			array_column( array_filter( (array) $held['left_out'], static fn ( array $item ): bool => 'another_install' === $item['kind'] && 'wp_shop_' === $item['prefix'] ), 'table' )
		);
		foreach ( array( 'wp-content/uploads/sites/2/2026/12/photo-two.jpg', 'wp-content/uploads/sites/3/2026/12/photo-three.jpg', 'wp-content/uploads/2026/12/main.txt' ) as $path ) {
			$this->assertContains( $path, $held['uploads'] );
		}
	}

	public function test_a_network_backup_is_not_restored_into_a_single_site_staging(): void {
		$staging = $this->staging_state();
		$jobs    = $this->jobs_of_kind( 'restore' );
		$answer  = $this->restore_over_rest( self::$backup, 'staging' );
		$this->assertSame( 409, $answer['status'] );
		$this->assertSame( 'site_backups_network_mismatch', $answer['data']['code'] );
		$this->assertSame( 'This backup holds a whole multisite network, and the staging environment is a single site: a network backup is restored only into the network it was taken of. Nothing was changed.', $answer['data']['message'] );

		$run = Network::wp( array( 'site-backups', 'restore', self::$backup, '--environment=staging', '--yes', '--user=admin' ) );
		$this->assertSame( 1, $run['status'], $run['out'] );
		$this->assertStringContainsString( 'a network backup is restored only into the network it was taken of', $run['err'] );
		$this->assertSame( $staging, $this->staging_state(), 'staging was not touched' );
		$this->assertSame( $jobs, $this->jobs_of_kind( 'restore' ), 'no restore job was started' );
	}

	public function test_a_restore_job_that_gets_past_rest_stops_before_touching_anything(): void {
		// As for a backup kept only off-site, which REST cannot look into before the job fetches it.
		$staging = $this->staging_state();
		$job     = Network::evaluate(
			'$runner = SiteBackups\\Plugin::instance()->job_runner();
			$runner->start( SiteBackups\\Jobs\\Job::create( "restore", array( "backup" => ' . var_export( self::$backup, true ) . ', "environment" => "staging", "parts" => array( "database", "files" ), "safety_backup" => false, "keep_session" => false ), 1 ) );
			$job = $runner->run_to_end();
			echo wp_json_encode( null === $job ? array() : array_intersect_key( $job->to_array(), array( "status" => 1, "message" => 1 ) ) );'
		);
		$this->assertSame(
			array(
				'status'  => 'failed',
				'message' => 'This backup holds a whole multisite network, and the staging environment is a single site: a network backup is restored only into the network it was taken of. Nothing was changed.',
			),
			$job
		);
		$this->assertSame( $staging, $this->staging_state(), 'staging was not touched' );
	}

	public function test_a_single_site_backup_is_not_restored_into_the_network(): void {
		$single = trim( Network::wp_ok( array( 'site-backups', 'create', '--environment=staging', '--porcelain', '--user=admin' ) ) );
		$jobs   = $this->jobs_of_kind( 'restore' );
		$answer = $this->restore_over_rest( $single, 'production' );
		$this->assertSame( 409, $answer['status'] );
		$this->assertSame( 'site_backups_network_mismatch', $answer['data']['code'] );
		$this->assertStringContainsString( 'This backup holds a single site, and the production environment is a multisite network', $answer['data']['message'] );
		$this->assertSame( $jobs, $this->jobs_of_kind( 'restore' ), 'no restore job was started' );
	}

	public function test_an_in_place_restore_brings_every_site_back(): void {
		$root = Network::root();
		$two  = (int) trim( Network::wp_ok( array( 'post', 'list', '--post_type=post', '--title=Kept on two', '--field=ID' ), 'two' ) );
		Network::wp_ok( array( 'post', 'update', (string) $two, '--post_title=Changed on two' ), 'two' );
		Network::wp_ok( array( 'post', 'create', '--post_title=Added on three', '--post_status=publish' ), 'three' );
		unlink( "$root/wp-content/uploads/sites/2/2026/12/photo-two.jpg" );
		file_put_contents( "$root/wp-content/uploads/sites/3/2026/12/added-since.txt", 'added' );
		$this->assertNotSame( self::$before, self::state() );

		Network::wp_ok( array( 'site-backups', 'restore', self::$backup, '--yes', '--user=admin' ) );

		$after = self::state();
		$this->assertSame( self::$before['files'], $after['files'], 'every file as in the backup' );
		$this->assertSame( self::$before['database'], $after['database'], 'every table as in the backup' );
		$this->assertSame( array( 'Hello world!', 'Kept on two' ), $this->post_titles( 2 ) );
		$this->assertSame( array( 'Hello world!', 'Kept on three' ), $this->post_titles( 3 ) );

		$db = Network::database();
		try {
			$this->assertSame( array( array( 'The shop' ) ), Network::rows( $db, "SELECT option_value FROM wp_shop_options WHERE option_name = 'blogname'" ), 'another install is left alone' );
			foreach ( array( 'wp_2_options', 'wp_3_options' ) as $table ) {
				$this->assertSame( array(), Network::rows( $db, "SELECT option_name FROM `$table` WHERE option_name LIKE 'site\\_backups\\_%'" ), "no state of the plugin in $table" );
			}
			$this->assertNotSame( array(), Network::rows( $db, "SELECT option_name FROM wp_options WHERE option_name LIKE 'site\\_backups\\_job\\_%'" ), 'the jobs are the main site\'s' );
		} finally {
			$db->close();
		}
		$this->assertSame(
			array(
				'booted' => true,
				'event'  => true,
			),
			Network::evaluate( 'echo wp_json_encode( array( "booted" => null !== SiteBackups\\Plugin::instance(), "event" => (bool) wp_next_scheduled( "site_backups_daily_backup" ) ) );' ),
			'still network-activated, with its daily event'
		);
	}

	public function test_the_super_admin_who_restores_from_the_browser_stays_one_and_stays_logged_in(): void {
		$deputy = (int) trim( Network::wp_ok( array( 'user', 'create', 'deputy', 'deputy@example.test', '--user_pass=password', '--porcelain' ) ) );
		$backup = trim( Network::wp_ok( array( 'site-backups', 'create', '--porcelain', '--user=admin' ) ) );
		Network::evaluate( 'grant_super_admin( ' . $deputy . ' ); echo "{}";' );

		// Logged in from a browser (a session cookie), the deputy restores the backup taken before
		// they were made a super admin.
		$job = Network::evaluate(
			'wp_set_current_user( ' . $deputy . ' );
			$token = WP_Session_Tokens::get_instance( ' . $deputy . ' )->create( time() + HOUR_IN_SECONDS );
			$_COOKIE[ LOGGED_IN_COOKIE ] = wp_generate_auth_cookie( ' . $deputy . ', time() + HOUR_IN_SECONDS, "logged_in", $token );
			$request = new WP_REST_Request( "POST", "/site-backups/v1/backups/' . $backup . '/restore" );
			$request->set_param( "safety_backup", false );
			$response = rest_do_request( $request );
			$job      = SiteBackups\\Plugin::instance()->job_runner()->run_to_end();
			echo wp_json_encode( array( "status" => $response->get_status(), "job" => null === $job ? null : $job->status(), "message" => null === $job ? null : $job->to_array()["message"], "token" => hash( "sha256", $token ) ) );'
		);
		$this->assertSame( 202, $job['status'] );
		$this->assertSame( 'done', $job['job'], (string) $job['message'] );

		$db = Network::database();
		try {
			$admins = unserialize( (string) Network::rows( $db, "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'site_admins'" )[0][0], array( 'allowed_classes' => false ) );
			$this->assertSame( array( 'admin', 'deputy' ), $admins, 'still a super admin' );
			$sessions = (string) Network::rows( $db, "SELECT meta_value FROM wp_usermeta WHERE user_id = $deputy AND meta_key = 'session_tokens'" )[0][0];
			$this->assertStringContainsString( $job['token'], $sessions, 'still logged in' );
			$active = unserialize( (string) Network::rows( $db, "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'active_sitewide_plugins'" )[0][0], array( 'allowed_classes' => false ) );
			$this->assertArrayHasKey( 'site-backups/site-backups.php', $active, 'still network-activated' );
		} finally {
			$db->close();
		}
	}

	/**
	 * The network's database and every file of its WordPress folder.
	 *
	 * @return array{database: array<string, string>, files: array<string, string>}
	 */
	private static function state(): array {
		$db = Network::database();
		try {
			return array(
				'database' => Network::database_state( $db ),
				'files'    => WordPressSite::file_state( Network::root(), array( '.maintenance' ) ),
			);
		} finally {
			$db->close();
		}
	}

	/**
	 * Titles of a site's posts.
	 *
	 * @return list<string>
	 */
	private function post_titles( int $blog ): array {
		$db = Network::database();
		try {
			return array_column( Network::rows( $db, "SELECT post_title FROM wp_{$blog}_posts WHERE post_type = 'post' AND post_status = 'publish' ORDER BY ID" ), 0 );
		} finally {
			$db->close();
		}
	}

	/**
	 * The staging site's tables, checksummed.
	 *
	 * @return array<string, string>
	 */
	private function staging_state(): array {
		$db = Network::database( true );
		try {
			return Network::database_state( $db );
		} finally {
			$db->close();
		}
	}

	/**
	 * POST /backups/{id}/restore on the main site as the network administrator.
	 *
	 * @return array{status: int, data: array<string, mixed>}
	 */
	private function restore_over_rest( string $backup, string $environment ): array {
		return Network::evaluate(
			'wp_set_current_user( 1 );
			$request = new WP_REST_Request( "POST", "/site-backups/v1/backups/' . $backup . '/restore" );
			$request->set_param( "environment", ' . var_export( $environment, true ) . ' );
			$response = rest_do_request( $request );
			echo wp_json_encode( array( "status" => $response->get_status(), "data" => $response->get_data() ) );'
		);
	}

	/**
	 * The ids of the jobs of a kind the main site knows.
	 *
	 * @return list<string>
	 */
	private function jobs_of_kind( string $kind ): array {
		$db = Network::database();
		try {
			$jobs = array();
			foreach ( Network::rows( $db, "SELECT option_name, option_value FROM wp_options WHERE option_name LIKE 'site\\_backups\\_job\\_%'" ) as $row ) {
				$job = unserialize( (string) $row[1], array( 'allowed_classes' => false ) );
				if ( is_array( $job ) && $kind === ( $job['kind'] ?? null ) ) {
					$jobs[] = (string) $row[0];
				}
			}
			return $jobs;
		} finally {
			$db->close();
		}
	}
}
