<?php
/**
 * Off-site copies travel through WordPress's HTTP API, also on a host that disables
 * curl_multi_exec: the test stack's bucket (Swift with s3api) receives them.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;
use WpOrg\Requests\Requests;

final class OffsiteThroughWordPressHttpTest extends TestCase {

	use TestBucket;

	/** @var list<array{string, string, string}> method, URL and class of each request WordPress's http_api_debug heard of */
	private array $told = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// WP-CLI makes the backup in another process: it must see the test's store.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		add_action( 'http_api_debug', array( $this, 'record' ), 10, 5 );
	}

	protected function tearDown(): void {
		remove_action( 'http_api_debug', array( $this, 'record' ), 10 );
		$this->forget_test_bucket();
		parent::tearDown();
	}

	/**
	 * Notes a request WordPress's http_api_debug action heard of.
	 *
	 * @param mixed                $response        The response or WP_Error.
	 * @param string               $context         "response".
	 * @param string               $transport_class The class that sent it.
	 * @param array<string, mixed> $args            The request's arguments.
	 * @param string               $url             The URL.
	 */
	public function record( mixed $response, string $context, string $transport_class, array $args, string $url ): void {
		$this->told[] = array( (string) $args['method'], $url, $transport_class );
	}

	public function test_a_backup_copied_off_site_goes_through_wordpress_s_http_api(): void {
		$settings = $this->test_bucket( 'offsite-wp-http' );
		$this->use_own_store( 'sb-offsite-wp-http' );
		$backup = WordPressSite::create_backup( 'staging', 'Through the HTTP API' );
		// Only this process copies off-site: the backup's own process did not.
		add_filter( 'site_backups_offsite_settings', static fn () => $settings );
		$store   = ( new BackupService( new EnvironmentRegistry(), new StoreDirectory() ) )->engine()->store();
		$service = new OffsiteService( new OffsiteSettings() );

		$replicator = $service->replicator( $store, true );
		$replicator->prepare();
		$done = 0;
		do {
			$progress = $replicator->step( $backup, $done, 30.0 );
			$done     = $progress->done;
		} while ( ! $progress->complete );

		$this->assertTrue( $replicator->isReplicated( $backup ) );
		$bucket_url = $this->s3->config()->endpoint . '/' . $settings['bucket'] . '/';
		$sent       = array_filter( $this->told, static fn ( array $request ): bool => 'PUT' === $request[0] && Requests::class === $request[2] );
		$sent_urls  = array_column( $sent, 1 );
		$keys       = array_column( iterator_to_array( $this->s3->listObjects( $this->prefix . '/' ), false ), 'key' );
		$this->assertContains( $this->prefix . '/snapshots/' . $backup, $keys );
		$this->assertNotEmpty( preg_grep( '#/packs/#', $keys ) );
		$this->assertNotEmpty( preg_grep( '#/indexes/#', $keys ) );
		foreach ( $keys as $key ) {
			$this->assertContains( $bucket_url . $key, $sent_urls, $key . ' went through WordPress\'s HTTP API' );
		}
	}

	public function test_a_host_that_disables_curl_multi_exec_copies_one_request_at_a_time(): void {
		$settings = $this->test_bucket( 'offsite-no-multi' );
		$command  = array( PHP_BINARY, '-d', 'disable_functions=curl_multi_exec,curl_multi_init', dirname( __DIR__ ) . '/fixtures/offsite-without-curl-multi.php', (string) wp_json_encode( $settings ), 'one-by-one' );
		$process  = proc_open( $command, array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes );
		$this->assertIsResource( $process );
		$out    = (string) stream_get_contents( $pipes[1] );
		$err    = (string) stream_get_contents( $pipes[2] );
		$status = proc_close( $process );

		$this->assertSame( 0, $status, $err . $out );
		$this->assertStringNotContainsString( 'Fatal', $err . $out );
		$result = json_decode( $out, true );
		$this->assertIsArray( $result, $err . $out );
		$this->assertFalse( $result['curl_multi_exec'], 'the process ran without curl_multi_exec' );
		$this->assertSame( array( 'ok', 'ok', 'ok' ), $result['put'] );
		$this->assertSame( $result['sent'], $result['got'], 'each object came back as it was sent' );
		$this->assertSame( 6, $result['told'], 'three uploads and three downloads, one request each' );
		$this->assertCount( 3, iterator_to_array( $this->s3->listObjects( $this->prefix . '/one-by-one/' ), false ) );
	}
}
