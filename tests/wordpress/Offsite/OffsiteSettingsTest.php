<?php
/**
 * Off-site copies set up by an administrator (POST /settings/offsite) against the stack's real
 * S3 server: tried on the bucket before they are saved, kept out of the database and of every
 * backup, used by every process, overruled by the host's, and enough for a new server to list,
 * fetch and download a backup it never made.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\SavedOffsiteSettings;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class OffsiteSettingsTest extends RestTestCase {

	use TestBucket;

	private const ROUTE = '/settings/offsite';

	/** @var array<string, mixed> */
	private array $good;

	protected function setUp(): void {
		parent::setUp();
		// Requests reach the real site here: jobs run by loopback and WP-Cron, as they do for a user.
		remove_filter( 'pre_http_request', array( $this, 'no_loopback' ) );
		global $wpdb;
		// WP-CLI and the web server must see this test's store folder.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->good = $this->test_bucket( 'settings-test' ) + array(
			'encryption_key'  => base64_encode( random_bytes( 32 ) ),
			'keep_local_days' => null,
		);
		$this->use_own_store( 'sb-settings-store' );
	}

	protected function tearDown(): void {
		$this->forget_test_bucket();
		parent::tearDown();
	}

	public function test_an_administrators_settings_are_used_by_every_process_and_kept_out_of_database_and_backups(): void {
		$response = $this->dispatch( 'POST', self::ROUTE, $this->good, 1 );
		$summary  = $this->body( $response );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $summary ) );
		$this->assertTrue( $summary['configured'] );
		$this->assertFalse( $summary['set_by_host'] );
		$this->assertTrue( $summary['encrypted'] );
		$this->assertNull( $summary['healthy'], 'nothing was copied with these settings yet' );
		$this->assertSame(
			array(
				'endpoint'        => $this->good['endpoint'],
				'region'          => $this->good['region'],
				'bucket'          => $this->good['bucket'],
				'prefix'          => $this->prefix,
				'access_key_hint' => '…' . substr( $this->good['access_key'], -4 ),
				'keep_local_days' => null,
			),
			$summary['saved']
		);
		$this->assertNoCredentials( (string) wp_json_encode( $summary ) );
		$this->assertNotFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ), 'backups made before are copied next' );
		$this->wait_until_idle();
		$this->assertTrue( $this->s3->headObject( $this->prefix . '/format.json' ) !== null, 'the bucket was reached and marked' );

		$file = $this->own . '/' . SavedOffsiteSettings::FILE;
		$this->assertSame( 0600, fileperms( $file ) & 0777, 'only the owner reads the secret' );
		$this->assertStringStartsWith( GuardedFile::GUARD, (string) file_get_contents( $file ), 'a web server that reaches it runs an empty page' );
		$db = WordPressSite::database( 'production' );
		foreach ( array( $this->good['secret'], $this->good['encryption_key'] ) as $secret ) {
			$like = '%' . $db->real_escape_string( $secret ) . '%';
			$this->assertSame( '0', (string) ( $db->query( "SELECT COUNT(*) FROM wp_options WHERE option_value LIKE '$like'" )->fetch_row()[0] ?? '' ), 'no option holds a secret' );
		}
		$db->close();

		// WP-CLI is another process: it reads the same saved settings and copies the new backup.
		$status = WordPressSite::wp( 'production', array( 'site-backups', 'offsite', 'status', '--format=json', '--user=admin' ) );
		$this->assertSame( 0, $status['status'], $status['err'] );
		$this->assertTrue( json_decode( $status['out'], true )['configured'] ?? null, $status['out'] );
		$this->assertNoCredentials( $status['out'] . $status['err'] );
		$backup = WordPressSite::create_backup( 'staging', 'Set up by an administrator' );
		$listed = WordPressSite::wp( 'production', array( 'site-backups', 'list', '--environment=staging', '--fields=id,locations', '--format=json', '--user=admin' ) );
		$this->assertSame( array( array( 'id' => $backup, 'locations' => array( 'local', 'offsite' ) ) ), json_decode( $listed['out'], true ), $listed['err'] );

		// Nothing in the backup, files or database, holds a credential.
		$zip  = sys_get_temp_dir() . '/sb-settings-' . wp_generate_password( 6, false, false ) . '.zip';
		$save = WordPressSite::wp( 'production', array( 'site-backups', 'download', $backup, '--output=' . $zip, '--user=admin' ) );
		$this->assertSame( 0, $save['status'], $save['err'] . $save['out'] );
		$found = (string) shell_exec( 'unzip -p ' . escapeshellarg( $zip ) . ' | grep -a -c -F -e ' . escapeshellarg( $this->good['secret'] ) . ' -e ' . escapeshellarg( $this->good['encryption_key'] ) . ' ; unzip -l ' . escapeshellarg( $zip ) . ' | grep -c ' . escapeshellarg( SavedOffsiteSettings::FILE ) );
		@unlink( $zip );
		$this->assertSame( "0\n0\n", $found, 'no entry of the backup holds the secret, the key or the settings file' );
	}

	public function test_settings_the_bucket_refuses_are_not_saved_and_the_answer_says_why(): void {
		$file = $this->own . '/' . SavedOffsiteSettings::FILE;
		$this->assertRefused( array( 'secret' => 'not-the-secret' ), 'secret was refused' );
		$this->assertRefused( array( 'bucket' => 'no-such-bucket-' . strtolower( wp_generate_password( 6, false, false ) ) ), 'does not exist' );
		$this->assertRefused( array( 'encryption_key' => 'too-short' ), '32 random bytes' );
		$this->assertRefused( array( 'endpoint' => 'http://127.0.0.1:9' ), '127.0.0.1:9' );
		$this->assertFileDoesNotExist( $file );

		$this->assertSame( 200, $this->dispatch( 'POST', self::ROUTE, $this->good, 1 )->get_status() );
		$this->assertRefused( array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) ), 'another key' );
		$saved = json_decode( (string) GuardedFile::read( $file ), true );
		$this->assertSame( $this->good['encryption_key'], $saved['encryption_key'] ?? null, 'the working settings stay' );

		foreach ( array(
			array( 'bucket' => 'Not_A_Bucket' ),
			array( 'endpoint' => 'ftp://s3.example.com' ),
			array( 'prefix' => 'a/../b' ),
			array( 'keep_local_days' => 0 ),
			array( 'region' => 'EU Central' ),
		) as $bad ) {
			$this->assertError( $this->dispatch( 'POST', self::ROUTE, $bad + $this->good, 1 ), 400, 'rest_invalid_param' );
		}
		$missing = $this->good;
		unset( $missing['endpoint'] );
		$this->assertError( $this->dispatch( 'POST', self::ROUTE, $missing, 1 ), 400, 'rest_missing_callback_param' );
	}

	public function test_empty_credentials_keep_the_saved_ones_and_turning_copies_off_forgets_them(): void {
		$this->assertSame( 200, $this->dispatch( 'POST', self::ROUTE, $this->good, 1 )->get_status() );
		$kept     = array(
			'access_key'      => '',
			'secret'          => '',
			'encryption_key'  => '',
			'keep_local_days' => 7,
		) + $this->good;
		$response = $this->dispatch( 'POST', self::ROUTE, $kept, 1 );
		$summary  = $this->body( $response );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $summary ) );
		$this->assertTrue( $summary['encrypted'], 'the saved key was kept' );
		$this->assertSame( 7, $summary['saved']['keep_local_days'] );

		$off = $this->body( $this->dispatch( 'DELETE', self::ROUTE, array(), 1 ) );
		$this->assertFalse( $off['configured'] );
		$this->assertNull( $off['saved'] );
		$this->assertFileDoesNotExist( $this->own . '/' . SavedOffsiteSettings::FILE );
		$this->assertFalse( wp_next_scheduled( OffsiteCopier::RETRY_HOOK ) );
		$this->assertNotNull( $this->s3->headObject( $this->prefix . '/format.json' ), 'the bucket keeps its copies' );
		$this->assertRefused( array( 'secret' => '' ), '"secret"' );
	}

	public function test_the_hosts_settings_win_and_cannot_be_changed_or_turned_off_here(): void {
		$this->assertSame( 200, $this->dispatch( 'POST', self::ROUTE, $this->good, 1 )->get_status() );
		$host = array( 'prefix' => $this->prefix . '-host' ) + $this->good;
		add_filter( 'site_backups_offsite_settings', static fn () => $host );

		$settings = $this->body( $this->dispatch( 'GET', '/settings', array(), 1 ) );
		$this->assertTrue( $settings['offsite']['set_by_host'] );
		$this->assertNull( $settings['offsite']['saved'], 'the administrator\'s are not in force' );
		$this->assertStringContainsString( $this->prefix . '-host', $settings['offsite']['destination'] );
		$this->assertError( $this->dispatch( 'POST', self::ROUTE, $this->good, 1 ), 409, 'site_backups_offsite_set_by_host' );
		$this->assertError( $this->dispatch( 'DELETE', self::ROUTE, array(), 1 ), 409, 'site_backups_offsite_set_by_host' );
		$this->assertFileExists( $this->own . '/' . SavedOffsiteSettings::FILE );
	}

	public function test_only_administrators_may_read_or_change_them(): void {
		foreach ( array( 'GET', 'POST', 'DELETE' ) as $method ) {
			$params = 'POST' === $method ? $this->good : array();
			$this->assertError( $this->dispatch( $method, self::ROUTE, $params, 0 ), 401, 'rest_forbidden' );
			foreach ( array( 'subscriber', 'editor' ) as $role ) {
				$this->assertError( $this->dispatch( $method, self::ROUTE, $params, $this->create_user( $role ) ), 403, 'rest_forbidden' );
			}
		}
		$this->assertFileDoesNotExist( $this->own . '/' . SavedOffsiteSettings::FILE );
		$this->assertNull( $this->s3->headObject( $this->prefix . '/format.json' ), 'the bucket was not even tried' );
	}

	public function test_a_new_server_given_the_same_settings_and_the_recovery_key_lists_fetches_and_downloads_a_backup_it_never_made(): void {
		$this->assertSame( 200, $this->dispatch( 'POST', self::ROUTE, $this->good, 1 )->get_status() );
		$this->wait_until_idle();
		$backup   = WordPressSite::create_backup( 'staging', 'Made on the old server' );
		$revealed = $this->dispatch( 'POST', '/settings/recovery-key/reveal', array(), 1 );
		$this->assertSame( 200, $revealed->get_status(), (string) wp_json_encode( $revealed->get_data() ) );
		$recovery_key = (string) $this->body( $revealed )['key'];

		// The new server: an empty store, and no settings (they lived in the old store).
		self::use_store( $this->own . '-new' );
		$session = new HttpSession( WordPressSite::url( 'production' ) );
		try {
			$this->assertSame( 302, $session->login() );
			$nonce = $session->nonce();
			$this->assertFalse( $session->api( 'GET', '/settings', $nonce )['body']['offsite']['configured'] );

			$saved = $session->api( 'POST', self::ROUTE, $nonce, $this->good );
			$this->assertSame( 200, $saved['status'], $saved['raw'] );
			$this->assertNoCredentials( $saved['raw'] );
			$this->wait_until_idle(); // Saving starts a copy of what is not off-site yet (nothing here).
			$list = $session->api( 'GET', '/backups', $nonce, null, array( 'environment' => 'staging' ) );
			$this->assertSame( array( 'offsite' ), array_column( (array) $list['body'], 'locations', 'id' )[ $backup ] ?? null, $list['raw'] );

			// Without the old server's recovery key, anyone who can write to the bucket could have made that record.
			$this->assertSame( array( false, 'signed with another recovery key' ), self::verification( $list, $backup ), $list['raw'] );
			$refused = array(
				'fetch'    => $session->api( 'POST', '/backups/' . $backup . '/fetch', $nonce ),
				'restore'  => $session->api( 'POST', '/backups/' . $backup . '/restore', $nonce, array( 'parts' => array( 'database' ) ) ),
				'download' => $session->api( 'GET', '/backups/' . $backup . '/download', $nonce ),
			);
			foreach ( $refused as $what => $answer ) {
				$this->assertSame( 409, $answer['status'], $what . ': ' . $answer['raw'] );
				$this->assertSame( 'site_backups_backup_not_verified', $answer['body']['code'] ?? null, $answer['raw'] );
				$this->assertStringContainsString( 'recovery key', (string) $answer['body']['message'] );
			}
			$this->assertFileDoesNotExist( $this->own . '-new/snapshots/' . $backup . '.php' );
			$this->assertSame( array(), glob( $this->own . '-new/objects/*/*' ) ?: array(), 'nothing was fetched' );

			$set = $session->api( 'POST', '/settings/recovery-key', $nonce, array( 'key' => $recovery_key ) );
			$this->assertSame( 200, $set['status'], $set['raw'] );
			$this->assertSame( array( 'source' => 'saved', 'shown' => true ), $set['body'] );
			$list = $session->api( 'GET', '/backups', $nonce, null, array( 'environment' => 'staging' ) );
			$this->assertSame( array( true, null ), self::verification( $list, $backup ), $list['raw'] );
			$this->wait_until_idle(); // Setting the key starts a copy, to sign what is here (nothing).

			$started = $session->api( 'POST', '/backups/' . $backup . '/fetch', $nonce );
			$this->assertSame( 202, $started['status'], $started['raw'] );
			$this->assertSame( 'fetch', $started['body']['kind'] );
			$this->assertSame( 'staging', $started['body']['environment'] );
			$this->assertSame( 409, $session->api( 'POST', '/backups/' . $backup . '/fetch', $nonce )['status'], 'one job at a time' );
			$deadline = time() + 120;
			do {
				WordPressSite::get( WordPressSite::url( 'production' ) . '/wp-cron.php' );
				usleep( 300000 );
				$job = $session->api( 'GET', '/jobs/' . $started['body']['id'], $nonce );
			} while ( ! in_array( $job['body']['status'] ?? '', array( 'done', 'failed', 'cancelled' ), true ) && time() < $deadline );
			$this->assertSame( 'done', $job['body']['status'], $job['raw'] );
			$this->assertSame( $backup, $job['body']['result']['backup'] );
			$this->assertGreaterThan( 0, $job['body']['progress']['bytes'], 'what was fetched is counted' );

			$list = $session->api( 'GET', '/backups', $nonce, null, array( 'environment' => 'staging' ) );
			$this->assertSame( array( 'local', 'offsite' ), array_column( (array) $list['body'], 'locations', 'id' )[ $backup ] ?? null, $list['raw'] );
			$this->assertSame( 409, $session->api( 'POST', '/backups/' . $backup . '/fetch', $nonce )['status'], 'already here' );
			$this->assertSame( 404, $session->api( 'POST', '/backups/7zzzzzzzzzzzzzzzzzzzzzzzzz/fetch', $nonce )['status'] );
			$this->assertSame( 400, $session->api( 'POST', '/backups/..%2Fetc/fetch', $nonce )['status'] );

			$zip = sys_get_temp_dir() . '/sb-fetched-' . wp_generate_password( 6, false, false ) . '.zip';
			file_put_contents( $zip, $session->http( 'GET', '/wp-json/site-backups/v1/backups/' . $backup . '/download', array( '_wpnonce' => $nonce ) )['body'] );
			exec( 'unzip -tq ' . escapeshellarg( $zip ) . ' 2>&1', $tested, $code );
			@unlink( $zip );
			$this->assertSame( 0, $code, implode( "\n", $tested ) );
		} finally {
			$session->close();
			exec( 'rm -rf ' . escapeshellarg( $this->own . '-new' ) );
		}
	}

	/**
	 * A listed backup's verified and verification fields.
	 *
	 * @param array{body: mixed} $list The answer to GET /backups.
	 * @return array{0: mixed, 1: mixed}
	 */
	private static function verification( array $list, string $id ): array {
		foreach ( (array) $list['body'] as $item ) {
			if ( ( $item['id'] ?? null ) === $id ) {
				return array( $item['verified'] ?? 'missing', $item['verification'] ?? null );
			}
		}
		return array( 'not listed', null );
	}

	/**
	 * Waits for the copy that saving settings starts (by WP-Cron, on the site's next request) to end.
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
	 * POST with $changes is a 400 naming the problem, without credentials.
	 *
	 * @param array<string, mixed> $changes What differs from the working settings.
	 */
	private function assertRefused( array $changes, string $reason ): void {
		$response = $this->dispatch( 'POST', self::ROUTE, $changes + $this->good, 1 );
		$this->assertError( $response, 400, 'site_backups_offsite_invalid' );
		$message = (string) ( $this->body( $response )['message'] ?? '' );
		$this->assertStringContainsString( $reason, $message );
		$this->assertNoCredentials( $message );
	}

	private function assertNoCredentials( string $text ): void {
		foreach ( array( 'secret', 'encryption_key' ) as $name ) {
			$this->assertStringNotContainsString( (string) $this->good[ $name ], $text, "the $name is shown" );
		}
		$this->assertStringNotContainsString( 'not-the-secret', $text );
	}
}
