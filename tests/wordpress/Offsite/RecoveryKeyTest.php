<?php
/**
 * The recovery key that signs the site's records in the bucket, against the stack's real S3
 * server: shown to an administrator once and to no one else, never written where a backup, a
 * log or another answer could carry it, set by the host in wp-config.php or by an administrator
 * on a new server, where it turns the bucket's backups from "not verified" into restorable ones.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Engine\Offsite\RecoveryKeyFile;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class RecoveryKeyTest extends RestTestCase {

	use TestBucket;

	private const ROUTE = '/settings/recovery-key';

	/** @var array<string, mixed> */
	private array $bucket;

	protected function setUp(): void {
		parent::setUp();
		// Requests reach the real site here: jobs run by loopback and WP-Cron, as they do for a user.
		remove_filter( 'pre_http_request', array( $this, 'no_loopback' ) );
		global $wpdb;
		// WP-CLI and the web server must see this test's store folder.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->bucket = $this->test_bucket( 'recovery-key-test' );
		$this->mu_plugin  = WPMU_PLUGIN_DIR . '/site-backups-test-recovery-key.php';
		$this->use_own_store( 'sb-recovery-store' );
		delete_transient( 'site_backups_offsite_list' );
	}

	protected function tearDown(): void {
		$this->forget_test_bucket();
		parent::tearDown();
	}

	public function test_the_key_is_shown_once_to_an_administrator_and_never_kept_where_it_could_leak(): void {
		$this->assertSame( 200, $this->dispatch( 'POST', '/settings/offsite', $this->bucket + array( 'encryption_key' => '' ), 1 )->get_status() );
		$this->wait_until_idle(); // Saving starts a copy of what is not off-site yet (nothing here).
		$this->assertFileDoesNotExist( $this->own . '/' . RecoveryKeyFile::FILE, 'no key before something is signed' );
		$backup = WordPressSite::create_backup( 'staging', 'Signed with the key' );

		// The copy made the key, in the store: guarded, owner-only, not yet seen by anyone.
		$file = $this->own . '/' . RecoveryKeyFile::FILE;
		$this->assertSame( 0600, fileperms( $file ) & 0777 );
		$this->assertStringStartsWith( GuardedFile::GUARD, (string) file_get_contents( $file ) );
		$this->assertNotNull( $this->s3->headObject( $this->prefix . '/snapshots/' . $backup . '.sig' ), 'the record was signed' );

		$session = new HttpSession( WordPressSite::url( 'production' ) );
		try {
			$this->assertSame( 302, $session->login() );
			$nonce  = $session->nonce();
			$status = $session->api( 'GET', self::ROUTE, $nonce );
			$this->assertSame(
				array(
					'source' => 'saved',
					'shown'  => false,
				),
				$status['body'],
				$status['raw']
			);
			$this->assertSame( 401, $session->http( 'POST', '/wp-json/site-backups/v1' . self::ROUTE . '/reveal' )['status'], 'no nonce, no key' );

			$first = $session->api( 'POST', self::ROUTE . '/reveal', $nonce );
			$this->assertSame( 200, $first['status'], $first['raw'] );
			$key = (string) $first['body']['key'];
			$this->assertSame( 32, strlen( (string) base64_decode( $key, true ) ) );
			$this->assertTrue( $first['body']['shown'] );
			$again = $session->api( 'POST', self::ROUTE . '/reveal', $nonce );
			$this->assertSame( 409, $again['status'], $again['raw'] );
			$this->assertSame( 'site_backups_recovery_key_shown', $again['body']['code'] );
			$this->assertStringNotContainsString( $key, $again['raw'] );

			// Every other answer, as the screen reads them.
			$answers = '';
			foreach ( array( self::ROUTE, '/settings', '/settings/offsite', '/backups?environment=staging', '/backups/' . $backup, '/jobs', '/environments' ) as $route ) {
				list( $path, $query ) = array_pad( explode( '?', $route, 2 ), 2, '' );
				parse_str( $query, $params );
				$answer = $session->api( 'GET', $path, $nonce, null, $params );
				$this->assertSame( 200, $answer['status'], $route . ': ' . $answer['raw'] );
				$answers .= $answer['raw'];
			}
		} finally {
			$session->close();
		}
		$this->assertStringNotContainsString( $key, $answers );
		$this->assertStringContainsString( '"verified":true', $answers );

		$db   = WordPressSite::database( 'production' );
		$like = '%' . $db->real_escape_string( $key ) . '%';
		$this->assertSame( '0', (string) ( $db->query( "SELECT COUNT(*) FROM wp_options WHERE option_value LIKE '$like' OR option_name LIKE '$like'" )->fetch_row()[0] ?? '' ), 'no option holds the key' );
		$db->close();
		$logs = dirname( (string) getenv( 'SITE_BACKUPS_WP_ROOT' ), 2 ) . '/logs';
		$this->assertDirectoryExists( $logs );
		exec( 'grep -rlF -e ' . escapeshellarg( $key ) . ' ' . escapeshellarg( $logs ), $leaking );
		$this->assertSame( array(), $leaking, 'no log holds the key' );

		$zip  = sys_get_temp_dir() . '/sb-recovery-' . wp_generate_password( 6, false, false ) . '.zip';
		$save = WordPressSite::wp( 'production', array( 'site-backups', 'download', $backup, '--output=' . $zip, '--user=admin' ) );
		$this->assertSame( 0, $save['status'], $save['err'] . $save['out'] );
		$found = (string) shell_exec( 'unzip -p ' . escapeshellarg( $zip ) . ' | grep -a -c -F -e ' . escapeshellarg( $key ) . ' ; unzip -l ' . escapeshellarg( $zip ) . ' | grep -c ' . escapeshellarg( RecoveryKeyFile::FILE ) );
		@unlink( $zip );
		$this->assertSame( "0\n0\n", $found, 'no entry of the backup holds the key or its file' );
	}

	public function test_only_administrators_may_see_or_set_the_key(): void {
		$key = base64_encode( random_bytes( 32 ) );
		foreach ( array( array( 'GET', self::ROUTE ), array( 'POST', self::ROUTE ), array( 'POST', self::ROUTE . '/reveal' ) ) as list( $method, $route ) ) {
			$params = self::ROUTE === $route && 'POST' === $method ? array( 'key' => $key ) : array();
			$this->assertError( $this->dispatch( $method, $route, $params, 0 ), 401, 'rest_forbidden' );
			foreach ( array( 'subscriber', 'author', 'editor' ) as $role ) {
				$answer = $this->dispatch( $method, $route, $params, $this->create_user( $role ) );
				$this->assertError( $answer, 403, 'rest_forbidden' );
				$this->assertStringNotContainsString( $key, (string) wp_json_encode( $answer->get_data() ) );
			}
		}
		$this->assertFileDoesNotExist( $this->own . '/' . RecoveryKeyFile::FILE, 'nothing was made or set' );

		$this->assertError( $this->dispatch( 'POST', self::ROUTE, array( 'key' => 'too-short' ), 1 ), 400, 'rest_invalid_param' );
		$this->assertError( $this->dispatch( 'POST', self::ROUTE, array(), 1 ), 400, 'rest_missing_callback_param' );
		$this->assertFileDoesNotExist( $this->own . '/' . RecoveryKeyFile::FILE );
		$set = $this->dispatch( 'POST', self::ROUTE, array( 'key' => $key ), 1 );
		$this->assertSame(
			array(
				'source' => 'saved',
				'shown'  => true,
			),
			$this->body( $set )
		);
		$this->assertError( $this->dispatch( 'POST', self::ROUTE . '/reveal', array(), 1 ), 409, 'site_backups_recovery_key_shown' );
	}

	public function test_on_a_new_server_the_key_in_wp_config_verifies_the_buckets_backups_and_the_cli_shows_it(): void {
		$this->write_mu_plugin( null );
		$backup = WordPressSite::create_backup( 'staging', 'Made on the old server' );
		$listed = $this->wp( array( 'list', '--environment=staging' ) );
		$this->assertMatchesRegularExpression( '/\bverified\b/', $listed['out'], $listed['err'] );
		$this->assertMatchesRegularExpression( '/' . $backup . '.*\byes\b/', $listed['out'] );

		// WP-CLI reveals it once too.
		$shown = $this->wp( array( 'recovery-key', 'show', '--yes' ) );
		$this->assertSame( 0, $shown['status'], $shown['err'] );
		$key = trim( $shown['out'] );
		$this->assertSame( 32, strlen( (string) base64_decode( $key, true ) ), $shown['out'] );
		$this->assertStringContainsString( 'not shown again', $shown['err'] );
		$again = $this->wp( array( 'recovery-key', 'show', '--yes' ) );
		$this->assertSame( 1, $again['status'] );
		$this->assertStringNotContainsString( $key, $again['out'] . $again['err'] );

		// The new server: an empty store, the same bucket.
		self::use_store( $this->own . '-new' );
		$listed = $this->wp( array( 'list', '--environment=staging' ) );
		$this->assertMatchesRegularExpression( '/' . $backup . '.*no: signed with another recovery key/', $listed['out'], $listed['err'] );
		$fetch = $this->wp( array( 'fetch', $backup ) );
		$this->assertSame( 1, $fetch['status'], $fetch['out'] );
		$this->assertStringContainsString( 'not verified (signed with another recovery key)', $fetch['err'] );
		$download = $this->wp( array( 'download', $backup, '--output=' . sys_get_temp_dir() ) );
		$this->assertSame( 1, $download['status'], $download['out'] );
		$this->assertStringContainsString( 'not verified', $download['err'] );
		$this->assertError( $this->dispatch( 'POST', '/backups/' . $backup . '/restore', array( 'parts' => array( 'database' ) ), 1 ), 409, 'site_backups_backup_not_verified' );
		$this->assertError( $this->dispatch( 'GET', '/backups/' . $backup . '/download', array(), 1 ), 409, 'site_backups_backup_not_verified' );
		$this->assertFileDoesNotExist( $this->own . '-new/snapshots/' . $backup . '.php' );
		$this->assertSame( array(), glob( $this->own . '-new/objects/*/*' ) ?: array(), 'nothing was fetched' );

		// The host puts the old server's key in wp-config.php: it wins, and is neither shown nor changed here.
		$this->write_mu_plugin( $key );
		$status = $this->wp( array( 'recovery-key', 'status', '--format=json' ) );
		$this->assertSame(
			array(
				'source' => 'wp-config',
				'shown'  => true,
			),
			json_decode( $status['out'], true ),
			$status['err']
		);
		$shown = $this->wp( array( 'recovery-key', 'show', '--yes' ) );
		$this->assertSame( 1, $shown['status'] );
		$this->assertStringContainsString( 'set by the host', $shown['err'] );
		putenv( 'SITE_BACKUPS_RECOVERY_KEY=' . base64_encode( random_bytes( 32 ) ) );
		try {
			$set = $this->wp( array( 'recovery-key', 'set' ) );
		} finally {
			putenv( 'SITE_BACKUPS_RECOVERY_KEY' );
		}
		$this->assertSame( 1, $set['status'] );
		$this->assertStringContainsString( 'set by the host', $set['err'] );

		$listed = $this->wp( array( 'list', '--environment=staging', '--format=json' ) );
		$this->assertSame( array( $backup => true ), array_column( (array) json_decode( $listed['out'], true ), 'verified', 'id' ), $listed['err'] );
		$fetch = $this->wp( array( 'fetch', $backup ) );
		$this->assertSame( 0, $fetch['status'], $fetch['err'] . $fetch['out'] );
		$this->assertFileExists( $this->own . '-new/snapshots/' . $backup . '.php' );
	}

	public function test_wp_cli_sets_the_key_from_the_environment_and_the_backups_here_are_signed_with_it_again(): void {
		$this->write_mu_plugin( null );
		$backup = WordPressSite::create_backup( 'staging', 'Signed, then signed again' );
		$first  = $this->signature( $backup );

		$key = base64_encode( random_bytes( 32 ) );
		putenv( 'SITE_BACKUPS_RECOVERY_KEY=' . $key );
		try {
			$set = $this->wp( array( 'recovery-key', 'set', '--yes' ) );
		} finally {
			putenv( 'SITE_BACKUPS_RECOVERY_KEY' );
		}
		$this->assertSame( 0, $set['status'], $set['err'] . $set['out'] );
		$this->assertStringNotContainsString( $key, $set['out'] . $set['err'] );
		$this->assertSame( $key, json_decode( (string) GuardedFile::read( $this->own . '/' . RecoveryKeyFile::FILE ), true )['key'] ?? null );

		// Setting it starts a copy, which signs the backup here with it again.
		$this->wait_until_idle();
		$this->assertNotSame( $first, $this->signature( $backup ) );
		self::use_store( $this->own . '-new' );
		putenv( 'SITE_BACKUPS_RECOVERY_KEY=' . $key );
		try {
			$this->assertSame( 0, $this->wp( array( 'recovery-key', 'set' ) )['status'] );
		} finally {
			putenv( 'SITE_BACKUPS_RECOVERY_KEY' );
		}
		$listed = $this->wp( array( 'list', '--environment=staging', '--format=json' ) );
		$this->assertSame( array( $backup => true ), array_column( (array) json_decode( $listed['out'], true ), 'verified', 'id' ), $listed['err'] );
		$this->wait_until_idle(); // The copy this key started (nothing to sign here) ends before the next test.
	}

	/**
	 * Waits for the copy that saving settings or a key starts (by WP-Cron, on the site's next request) to end.
	 */
	private function wait_until_idle(): void {
		$deadline = time() + 60;
		$idle     = 0;
		do {
			// wp-cron.php answers before it runs the events: idle twice in a row, with the event gone.
			WordPressSite::get( WordPressSite::url( 'production' ) . '/wp-cron.php' );
			usleep( 300000 );
			wp_cache_flush();
			$active = $this->body( $this->dispatch( 'GET', '/jobs', array( 'active' => 'true' ), 1 ) );
			$idle   = array() === $active && false === wp_next_scheduled( OffsiteCopier::RETRY_HOOK ) ? $idle + 1 : 0;
		} while ( $idle < 2 && time() < $deadline );
		$this->assertSame( 2, $idle, 'a job still runs: ' . wp_json_encode( $active ) );
	}

	/**
	 * The host's settings for every process of the site (this one too), and the recovery key in
	 * wp-config.php when given (for the others: a constant stays once defined).
	 */
	private function write_mu_plugin( ?string $key ): void {
		$bucket = $this->bucket;
		remove_all_filters( 'site_backups_offsite_settings' );
		add_filter( 'site_backups_offsite_settings', static fn () => $bucket );
		wp_mkdir_p( WPMU_PLUGIN_DIR );
		$code = "<?php\nadd_filter( 'site_backups_offsite_settings', static fn () => " . var_export( $this->bucket, true ) . " );\n";
		if ( null !== $key ) {
			$code .= 'define( ' . var_export( 'SITE_BACKUPS_RECOVERY_KEY', true ) . ', ' . var_export( $key, true ) . " );\n";
		}
		file_put_contents( $this->mu_plugin, $code );
	}

	/**
	 * The signature object of a backup's record in the bucket.
	 */
	private function signature( string $id ): string {
		$out = fopen( 'php://temp', 'w+b' );
		$this->s3->getObject( $this->prefix . '/snapshots/' . $id . '.sig', $out );
		return (string) stream_get_contents( $out, -1, 0 );
	}

	/**
	 * Runs `wp site-backups ...` as the administrator in a new process.
	 *
	 * @param list<string> $args Arguments after "site-backups".
	 * @return array{status: int, out: string, err: string}
	 */
	private function wp( array $args ): array {
		return WordPressSite::wp( 'production', array_merge( array( 'site-backups' ), $args, array( '--user=admin' ) ) );
	}
}
