<?php
/**
 * A plain (not encrypted) off-site copy on the real stack: no object in the bucket and no
 * download holds the keys from wp-config.php, and the screen's API and Site Health say plainly
 * that the copies are readable.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Engine\Files\SecretRedaction;
use SiteBackups\Engine\Offsite\OffsiteLayout;
use SiteBackups\Engine\Offsite\PackIndex;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\ObjectHeader;
use SiteBackups\Health\PlainOffsiteHealth;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class PlainOffsiteSecretsTest extends TestCase {

	use TestBucket;

	private const WARNING = "Off-site copies are not encrypted: the database password and all of the site's data are readable by anyone who can read the bucket.";

	private string $wp_config = '';

	private string $original_config = '';

	private int $original_mtime = 0;

	/** @var array<string, string> what wp-config.php holds that must not leave the server */
	private array $secrets = array();

	/** @var array<string, string> the off-site settings in force */
	private array $settings = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$settings       = $this->test_bucket( 'plain-offsite-test' );
		$this->settings = $settings;
		// Every process of the site (WP-CLI) and this one copy off-site, in plain form.
		$this->copy_off_site_with( $settings );
		$this->use_own_store( 'sb-plain-offsite-store' );

		// Staging's wp-config.php holds the keys, as a host's would; the block never runs there.
		$this->secrets         = array(
			'secret'         => $settings['secret'],
			'encryption_key' => base64_encode( random_bytes( 32 ) ),
			'recovery_key'   => base64_encode( random_bytes( 32 ) ),
		);
		$this->wp_config       = WordPressSite::root( 'staging' ) . '/wp-config.php';
		$this->original_config = (string) file_get_contents( $this->wp_config );
		$this->original_mtime  = (int) filemtime( $this->wp_config );
		$block                 = "if ( getenv( 'SITE_BACKUPS_TEST_NEVER_SET' ) ) {\n"
			. "\tdefine( 'SITE_BACKUPS_OFFSITE', array(\n"
			. "\t\t'endpoint'       => " . var_export( $settings['endpoint'], true ) . ",\n"
			. "\t\t'bucket'         => " . var_export( $settings['bucket'], true ) . ",\n"
			. "\t\t'access_key'     => " . var_export( $settings['access_key'], true ) . ",\n"
			. "\t\t'secret'         => " . var_export( $this->secrets['secret'], true ) . ",\n"
			. "\t\t'encryption_key' => \"" . $this->secrets['encryption_key'] . "\",\n"
			. "\t) );\n"
			. "\tdefine( \"SITE_BACKUPS_RECOVERY_KEY\", \"" . $this->secrets['recovery_key'] . "\" );\n"
			. "}\n";
		$this->assertStringContainsString( '$table_prefix', $this->original_config );
		file_put_contents( $this->wp_config, str_replace( '$table_prefix', $block . '$table_prefix', $this->original_config ) );
	}

	protected function tearDown(): void {
		file_put_contents( $this->wp_config, $this->original_config );
		touch( $this->wp_config, $this->original_mtime );
		$this->forget_test_bucket();
		parent::tearDown();
	}

	public function test_no_object_in_the_bucket_and_no_download_holds_the_keys_from_wp_config(): void {
		exec( 'php -l ' . escapeshellarg( $this->wp_config ) . ' 2>&1', $lint, $status );
		$this->assertSame( 0, $status, implode( "\n", $lint ) );
		$backup = WordPressSite::create_backup( 'staging', 'Plain off-site' );

		$listed = WordPressSite::wp( 'production', array( 'site-backups', 'list', '--environment=staging', '--fields=id,locations', '--format=json', '--user=admin' ) );
		$this->assertSame(
			array(
				array(
					'id'        => $backup,
					'locations' => array(
						'local',
						'offsite',
					),
				),
			),
			json_decode( $listed['out'], true ),
			$listed['err']
		);
		$keys = array_column( iterator_to_array( $this->s3->listObjects( $this->prefix . '/' ), false ), 'key' );
		$this->assertNotEmpty( $keys );
		$redacted_copy = false;
		foreach ( $keys as $key ) {
			$body = fopen( 'php://temp', 'w+b' );
			$this->s3->getObject( $key, $body );
			$raw = (string) stream_get_contents( $body, -1, 0 );
			fclose( $body );
			foreach ( $this->secrets as $name => $secret ) {
				$this->assertStringNotContainsString( $secret, $raw, "$name in $key" );
			}
			foreach ( $this->objects_in( $key, $raw ) as $object ) {
				$plain = self::readable( $object );
				foreach ( $this->secrets as $name => $secret ) {
					$this->assertStringNotContainsString( $secret, $plain, "$name in $key, inflated" );
				}
				$redacted_copy = $redacted_copy || ( str_contains( $plain, SecretRedaction::MARKER ) && str_contains( $plain, "'sb_test_staging'" ) );
			}
		}
		$this->assertTrue( $redacted_copy, 'wp-config.php went off-site, without its keys' );

		$zip  = sys_get_temp_dir() . '/sb-plain-offsite-' . wp_generate_password( 6, false, false ) . '.zip';
		$save = WordPressSite::wp( 'production', array( 'site-backups', 'download', $backup, '--output=' . $zip, '--user=admin' ) );
		$this->assertSame( 0, $save['status'], $save['err'] . $save['out'] );
		$archive = new \ZipArchive();
		$this->assertTrue( $archive->open( $zip ) );
		try {
			for ( $i = 0; $i < $archive->numFiles; $i++ ) {
				$content = (string) $archive->getFromIndex( $i );
				foreach ( $this->secrets as $name => $secret ) {
					$this->assertStringNotContainsString( $secret, $content, "$name in " . $archive->getNameIndex( $i ) );
				}
			}
			$config = (string) $archive->getFromName( 'files/wp-config.php' );
			$this->assertStringContainsString( SecretRedaction::MARKER, $config );
			$this->assertStringContainsString( "define( 'DB_NAME', 'sb_test_staging' );", $config );
		} finally {
			$archive->close();
			@unlink( $zip );
		}
	}

	public function test_the_api_and_site_health_say_the_copies_are_readable_and_how_the_host_turns_encryption_on(): void {
		wp_set_current_user( 1 );
		$response = rest_get_server()->dispatch( new \WP_REST_Request( 'GET', '/site-backups/v1/settings' ) );
		$offsite  = (array) ( $response->get_data()['offsite'] ?? array() );

		$this->assertTrue( $offsite['configured'] ?? null );
		$this->assertFalse( $offsite['encrypted'] ?? null );
		$this->assertSame( self::WARNING, $offsite['warning'] ?? null );
		$this->assertStringContainsString( "'encryption_key' in SITE_BACKUPS_OFFSITE in wp-config.php", (string) ( $offsite['warning_fix'] ?? '' ) );

		$tests = apply_filters( 'site_status_tests', array() );
		$this->assertArrayHasKey( PlainOffsiteHealth::TEST, $tests['direct'] );
		$result = call_user_func( $tests['direct'][ PlainOffsiteHealth::TEST ]['test'] );
		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( esc_html( self::WARNING ), $result['description'] );
		$this->assertStringContainsString( 'tools.php?page=site-backups', $result['actions'] );

		remove_all_filters( 'site_backups_offsite_settings' );
		$settings = $this->settings + array( 'encryption_key' => base64_encode( random_bytes( 32 ) ) );
		add_filter( 'site_backups_offsite_settings', static fn () => $settings );
		$encrypted = (array) rest_get_server()->dispatch( new \WP_REST_Request( 'GET', '/site-backups/v1/settings' ) )->get_data()['offsite'];
		$this->assertTrue( $encrypted['encrypted'] );
		$this->assertSame( '', $encrypted['warning'] );
		$this->assertSame( 'good', call_user_func( $tests['direct'][ PlainOffsiteHealth::TEST ]['test'] )['status'] );
	}

	/** An object as the store keeps it (guard, header, raw or raw deflate), or a record, as text. */
	/**
	 * The objects a key of the bucket holds: a pack's, split by its index; any other key's body as one.
	 *
	 * @return list<string>
	 */
	private function objects_in( string $key, string $body ): array {
		$pack = OffsiteLayout::packOfKey( substr( $key, strlen( $this->prefix ) + 1 ) );
		if ( null === $pack ) {
			return array( $body );
		}
		$index = fopen( 'php://temp', 'w+b' );
		$this->s3->getObject( $this->prefix . '/' . OffsiteLayout::INDEXES . $pack, $index );
		$objects = array();
		foreach ( PackIndex::parse( $pack, (string) stream_get_contents( $index, -1, 0 ) )->objects() as [, $offset, $length] ) {
			$objects[] = substr( $body, $offset, $length );
		}
		fclose( $index );
		return $objects;
	}

	private static function readable( string $body ): string {
		if ( str_starts_with( $body, GuardedFile::GUARD ) ) {
			$body = substr( $body, strlen( GuardedFile::GUARD ) );
		}
		if ( strlen( $body ) < ObjectHeader::LENGTH || ! str_starts_with( $body, 'SB' ) ) {
			return $body;
		}
		$data = substr( $body, ObjectHeader::LENGTH );
		return ObjectHeader::DEFLATE === ord( $body[3] ) ? (string) gzinflate( $data ) : $data;
	}
}
