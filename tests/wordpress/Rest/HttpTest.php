<?php
/**
 * The API over real HTTP: cookie authentication needs the REST nonce, and
 * ten simultaneous backup requests start exactly one backup.
 *
 * Nothing is written from this process (its transaction would hide it from
 * the web server and hold locks the server waits on): every change goes
 * over HTTP and is undone over HTTP.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\LeaseLock;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\TestCase;

final class HttpTest extends TestCase {

	private HttpSession $session;

	private string $store;

	protected function setUp(): void {
		// Before the test's transaction: a store chosen inside it would hold the option's row
		// locked, and the site's own requests, choosing too, would wait on it.
		$this->store = ( new StoreDirectory() )->path();
		parent::setUp();
		$this->session = new HttpSession( rtrim( (string) getenv( 'SITE_BACKUPS_WP_URL' ), '/' ) );
		$this->assertSame( 302, $this->session->login(), 'Could not log in as admin' );
	}

	protected function tearDown(): void {
		$this->session->close();
		parent::tearDown();
	}

	/**
	 * One request with the cookie jar; no answer may leak a secret.
	 *
	 * @param list<string> $headers Extra headers.
	 * @return array{status: int, body: string}
	 */
	private function http( string $method, string $path, array $query = array(), ?string $body = null, array $headers = array() ): array {
		$answer = $this->session->http( $method, $path, $query, $body, $headers );
		$this->assertNoSecrets( $answer['body'] );
		return $answer;
	}

	private function nonce(): string {
		return $this->session->nonce();
	}

	/**
	 * A REST call with the cookie and nonce.
	 *
	 * @return array{status: int, body: mixed}
	 */
	private function api( string $method, string $route, string $nonce, ?array $json = null, array $query = array() ): array {
		$answer = $this->session->api( $method, $route, $nonce, $json, $query );
		$this->assertNoSecrets( $answer['raw'] );
		return $answer;
	}

	private function assertNoSecrets( string $text ): void {
		$this->assertStringNotContainsString( $this->store, str_replace( '\\/', '/', $text ) );
		$this->assertStringNotContainsString( DB_PASSWORD, $text );
	}

	public function test_a_logged_in_cookie_without_the_nonce_is_refused_and_with_it_works(): void {
		$without = $this->http( 'GET', '/wp-json/site-backups/v1/settings' );
		$this->assertContains( $without['status'], array( 401, 403 ), $without['body'] );
		$this->assertContains( json_decode( $without['body'], true )['code'] ?? null, array( 'rest_forbidden', 'rest_cookie_invalid_nonce' ) );

		$bad = $this->http( 'GET', '/wp-json/site-backups/v1/settings', array(), null, array( 'X-WP-Nonce: 0123456789' ) );
		$this->assertSame( 403, $bad['status'] );
		$this->assertSame( 'rest_cookie_invalid_nonce', json_decode( $bad['body'], true )['code'] ?? null );

		$with = $this->api( 'GET', '/settings', $this->nonce() );
		$this->assertSame( 200, $with['status'] );
		$this->assertArrayHasKey( 'schedule_time', $with['body'] );

		// A forged cross-site POST carries the cookie but no nonce.
		$forged = $this->http( 'POST', '/wp-json/site-backups/v1/backups', array(), 'environment=production' );
		$this->assertContains( $forged['status'], array( 401, 403 ) );
	}

	public function test_ten_simultaneous_backup_requests_start_exactly_one(): void {
		global $wpdb;
		$nonce = $this->nonce();
		$this->wait_until_idle( $nonce );
		// The winner must not finish while the others are still arriving (a
		// loaded machine spreads them out): hold the slice lease, as a long slice would.
		$hold = new LeaseLock( JobRunner::LEASE_OPTION, 'race-test', 300 );
		$this->assertTrue( $hold->acquire() );
		$wpdb->query( 'COMMIT' );

		$multi   = curl_multi_init();
		$handles = array();
		for ( $i = 0; $i < 10; $i++ ) {
			$handle = $this->session->handle( 'POST', '/wp-json/site-backups/v1/backups', array(), (string) wp_json_encode( array( 'environment' => 'staging', 'note' => 'race ' . $i ) ), array( 'X-WP-Nonce: ' . $nonce, 'Content-Type: application/json' ) );
			curl_multi_add_handle( $multi, $handle );
			$handles[] = $handle;
		}
		do {
			$status = curl_multi_exec( $multi, $running );
			if ( $running ) {
				curl_multi_select( $multi, 1.0 );
			}
		} while ( $running && CURLM_OK === $status );

		$statuses = array();
		$jobs     = array();
		foreach ( $handles as $handle ) {
			$code       = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
			$body       = json_decode( (string) curl_multi_getcontent( $handle ), true );
			$statuses[] = $code;
			$jobs[]     = 202 === $code ? ( $body['id'] ?? null ) : ( $body['data']['job']['id'] ?? null );
			if ( 409 === $code ) {
				$this->assertSame( 'site_backups_job_running', $body['code'] ?? null );
			}
			curl_multi_remove_handle( $multi, $handle );
		}
		curl_multi_close( $multi );

		$winners = array();
		foreach ( $statuses as $i => $code ) {
			if ( 202 === $code && is_string( $jobs[ $i ] ) ) {
				$winners[] = $jobs[ $i ];
			}
		}
		try {
			sort( $statuses );
			$this->assertSame( array_merge( array( 202 ), array_fill( 0, 9, 409 ) ), $statuses );
			$this->assertCount( 1, array_unique( $jobs ), 'Every 409 names the job that won' );
		} finally {
			$hold->release();
			$wpdb->query( 'COMMIT' );
			foreach ( $winners as $winner ) {
				$this->clean_up( $winner, $nonce );
			}
		}
	}

	/**
	 * Waits for a job someone else started on the shared stack.
	 */
	private function wait_until_idle( string $nonce ): void {
		$deadline = time() + 120;
		while ( array() !== ( $this->api( 'GET', '/jobs', $nonce, null, array( 'active' => 'true' ) )['body'] ) ) {
			if ( time() > $deadline ) {
				$this->markTestSkipped( 'Another job keeps running on the shared stack.' );
			}
			sleep( 1 );
		}
	}

	/**
	 * Cancels the job over HTTP, waits for it to end, and deletes its backup if it finished first.
	 */
	private function clean_up( string $job, string $nonce ): void {
		$this->api( 'POST', '/jobs/' . $job . '/cancel', $nonce );
		$deadline = time() + 120;
		do {
			$state = $this->api( 'GET', '/jobs/' . $job, $nonce )['body'];
			if ( in_array( $state['status'] ?? '', array( 'done', 'failed', 'cancelled' ), true ) ) {
				break;
			}
			// Nudge the site's WP-Cron in case the loopback request was lost.
			$this->http( 'GET', '/wp-cron.php' );
			sleep( 1 );
		} while ( time() < $deadline && $this->api( 'GET', '/jobs', $nonce, null, array( 'active' => 'true' ) )['body'] );
		$state  = $this->api( 'GET', '/jobs/' . $job, $nonce )['body'];
		$backup = $state['result']['backup'] ?? null;
		if ( is_string( $backup ) ) {
			$this->assertSame( 200, $this->api( 'DELETE', '/backups/' . $backup, $nonce )['status'] );
		}
	}
}
