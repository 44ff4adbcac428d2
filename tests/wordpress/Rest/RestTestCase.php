<?php
/**
 * Shared helpers for the REST tests: dispatch as a user, no loopback
 * requests, and a check that no answer leaks the store or a password.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\TestCase;
use WP_REST_Request;
use WP_REST_Response;

abstract class RestTestCase extends TestCase {

	protected const NS = '/site-backups/v1';

	/** @var list<string> */
	protected array $loopbacks = array();

	protected function setUp(): void {
		parent::setUp();
		// The slot and lease as this test's transaction sees them: free (rolled back afterwards).
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		add_filter( 'pre_http_request', array( $this, 'no_loopback' ), 10, 3 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_http_request', array( $this, 'no_loopback' ) );
		parent::tearDown();
	}

	public function no_loopback( $preempt, array $args, string $url ) {
		$this->loopbacks[] = $url;
		return array(
			'response' => array( 'code' => 200 ),
			'body'     => '',
			'headers'  => array(),
			'cookies'  => array(),
		);
	}

	protected function plugin(): Plugin {
		$plugin = Plugin::instance();
		$this->assertNotNull( $plugin );
		return $plugin;
	}

	/**
	 * Dispatches a request through the REST server as a user (0: logged out).
	 *
	 * @param array<string, mixed> $params Query (GET/DELETE) or JSON body parameters.
	 */
	protected function dispatch( string $method, string $route, array $params = array(), ?int $user = null ): WP_REST_Response {
		if ( null !== $user ) {
			wp_set_current_user( $user );
		}
		$request = new WP_REST_Request( $method, self::NS . $route );
		if ( in_array( $method, array( 'GET', 'DELETE' ), true ) ) {
			$request->set_query_params( $params );
		} elseif ( $params ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $params ) );
		}
		$response = rest_get_server()->dispatch( $request );
		$this->assertNoSecrets( $response );
		return $response;
	}

	protected function admin(): int {
		return $this->create_user( 'administrator' );
	}

	/**
	 * The response as a browser sees it.
	 *
	 * @return mixed
	 */
	protected function body( WP_REST_Response $response ) {
		return json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ), true );
	}

	protected function assertError( WP_REST_Response $response, int $status, string $code ): void {
		$body = $this->body( $response );
		$this->assertSame( $status, $response->get_status(), (string) wp_json_encode( $body ) );
		$this->assertSame( $code, $body['code'] ?? null, (string) wp_json_encode( $body ) );
		$this->assertNotSame( '', (string) ( $body['message'] ?? '' ) );
	}

	/**
	 * No answer may carry the store's folder or a database password.
	 */
	protected function assertNoSecrets( WP_REST_Response $response ): void {
		$text  = (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ), JSON_UNESCAPED_SLASHES );
		$store = ( new StoreDirectory() )->path();
		$this->assertStringNotContainsString( $store, $text, 'A response shows the store path' );
		$this->assertStringNotContainsString( basename( $store ), $text, 'A response shows the store folder' );
		$this->assertStringNotContainsString( DB_PASSWORD, $text, 'A response shows DB_PASSWORD' );
		foreach ( $response->get_headers() as $value ) {
			$this->assertStringNotContainsString( $store, (string) $value );
		}
	}
}
