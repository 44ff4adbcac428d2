<?php
/**
 * Every route and method, as every kind of visitor: only administrators.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use PHPUnit\Framework\Attributes\DataProvider;

final class PermissionsTest extends RestTestCase {

	private const BACKUP_ID = '7zzzzzzzzzzzzzzzzzzzzzzzzz'; // Far in the future: no real backup has it.
	private const JOB_ID    = '0123456789abcdef0123456789abcdef';

	/**
	 * @return array<string, array{0: string, 1: string, 2: array<string, mixed>}>
	 */
	public static function routes(): array {
		return array(
			'GET environments'  => array( 'GET', '/environments', array() ),
			'GET backups'       => array( 'GET', '/backups', array( 'environment' => 'production' ) ),
			'POST backups'      => array( 'POST', '/backups', array( 'environment' => 'staging' ) ),
			'GET backup'        => array( 'GET', '/backups/' . self::BACKUP_ID, array() ),
			'DELETE backup'     => array( 'DELETE', '/backups/' . self::BACKUP_ID, array() ),
			'POST restore'      => array( 'POST', '/backups/' . self::BACKUP_ID . '/restore', array() ),
			'GET download'      => array( 'GET', '/backups/' . self::BACKUP_ID . '/download', array() ),
			'POST fetch'        => array( 'POST', '/backups/' . self::BACKUP_ID . '/fetch', array() ),
			'GET jobs'          => array( 'GET', '/jobs', array() ),
			'GET active jobs'   => array( 'GET', '/jobs', array( 'active' => 'true' ) ),
			'GET job'           => array( 'GET', '/jobs/' . self::JOB_ID, array() ),
			'POST job cancel'   => array( 'POST', '/jobs/' . self::JOB_ID . '/cancel', array() ),
			'GET settings'      => array( 'GET', '/settings', array() ),
			'POST settings'     => array( 'POST', '/settings', array( 'notifications_enabled' => false ) ),
			'PUT settings'      => array( 'PUT', '/settings', array( 'exclusions' => array( 'wp-content/cache-extra' ) ) ),
			'GET offsite'       => array( 'GET', '/settings/offsite', array() ),
			'DELETE offsite'    => array( 'DELETE', '/settings/offsite', array() ),
			'GET recovery key'  => array( 'GET', '/settings/recovery-key', array() ),
		);
	}

	#[DataProvider( 'routes' )]
	public function test_logged_out_visitors_are_refused_with_401( string $method, string $route, array $params ): void {
		$this->assertError( $this->dispatch( $method, $route, $params, 0 ), 401, 'rest_forbidden' );
	}

	#[DataProvider( 'routes' )]
	public function test_subscribers_authors_and_editors_are_refused_with_403( string $method, string $route, array $params ): void {
		foreach ( array( 'subscriber', 'author', 'editor' ) as $role ) {
			$this->assertError( $this->dispatch( $method, $route, $params, $this->create_user( $role ) ), 403, 'rest_forbidden' );
		}
	}

	#[DataProvider( 'routes' )]
	public function test_administrators_are_let_in( string $method, string $route, array $params ): void {
		$response = $this->dispatch( $method, $route, $params, $this->admin() );
		$status   = $response->get_status();
		if ( str_contains( $route, self::BACKUP_ID ) || str_contains( $route, self::JOB_ID ) ) {
			// Made-up ids: past the capability check, the item is simply not there.
			$this->assertSame( 404, $status, (string) wp_json_encode( $this->body( $response ) ) );
			return;
		}
		$this->assertGreaterThanOrEqual( 200, $status, (string) wp_json_encode( $this->body( $response ) ) );
		$this->assertLessThan( 300, $status, (string) wp_json_encode( $this->body( $response ) ) );
	}

	public function test_verify_and_every_route_sit_in_the_namespace_with_a_permission_callback(): void {
		$routes = rest_get_server()->get_routes( 'site-backups/v1' );
		$this->assertNotEmpty( $routes );
		foreach ( $routes as $path => $handlers ) {
			foreach ( $handlers as $handler ) {
				if ( ! is_array( $handler ) || ! isset( $handler['callback'] ) ) {
					continue;
				}
				if ( '/site-backups/v1' === $path ) {
					continue; // The namespace index is WordPress's own.
				}
				$this->assertNotEmpty( $handler['permission_callback'] ?? null, $path . ' has no permission callback' );
			}
		}
	}
}
