<?php
/**
 * The test stack's bucket for tests that copy off-site through the real site: settings under a
 * prefix of the test's own, given to every process of the site (WP-CLI, loopback slices) and to
 * this one, and emptied afterwards.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;

trait TestBucket {

	private string $mu_plugin = '';

	private string $prefix = '';

	private S3Client $s3;

	/**
	 * Settings for the test stack's bucket under a new prefix; the bucket is made if missing.
	 *
	 * @return array<string, string>
	 */
	private function test_bucket( string $name ): array {
		$endpoint = (string) getenv( 'SITE_BACKUPS_TEST_S3_ENDPOINT' );
		if ( '' === $endpoint ) {
			$this->fail( 'No S3 server configured: set SITE_BACKUPS_TEST_S3_* (tests/stack/run-suite.sh does).' );
		}
		$this->prefix = $name . '-' . strtolower( wp_generate_password( 8, false, false ) );
		$settings     = array(
			'endpoint'   => $endpoint,
			'region'     => (string) getenv( 'SITE_BACKUPS_TEST_S3_REGION' ),
			'bucket'     => (string) getenv( 'SITE_BACKUPS_TEST_S3_BUCKET' ),
			'prefix'     => $this->prefix,
			'access_key' => (string) getenv( 'SITE_BACKUPS_TEST_S3_ACCESS_KEY' ),
			'secret'     => (string) getenv( 'SITE_BACKUPS_TEST_S3_SECRET' ),
		);
		$this->s3     = new S3Client( new S3Config( $settings['endpoint'], $settings['region'], $settings['bucket'], $settings['access_key'], $settings['secret'] ) );
		if ( ! $this->s3->bucketExists() ) {
			$this->s3->createBucket();
		}
		return $settings;
	}

	/**
	 * Every process of the site and this one copy off-site with these settings.
	 *
	 * @param array<string, mixed> $settings Off-site settings.
	 */
	private function copy_off_site_with( array $settings ): void {
		$this->mu_plugin = WPMU_PLUGIN_DIR . '/site-backups-test-offsite.php';
		wp_mkdir_p( WPMU_PLUGIN_DIR );
		file_put_contents( $this->mu_plugin, "<?php\nadd_filter( 'site_backups_offsite_settings', static fn () => " . var_export( $settings, true ) . " );\n" );
		add_filter( 'site_backups_offsite_settings', static fn () => $settings );
		delete_option( 'site_backups_offsite_status' );
		delete_transient( 'site_backups_offsite_list' );
	}

	/** Takes the settings away again and empties the test's prefix in the bucket. */
	private function forget_test_bucket(): void {
		if ( '' !== $this->mu_plugin ) {
			@unlink( $this->mu_plugin );
		}
		remove_all_filters( 'site_backups_offsite_settings' );
		$keys = array_column( iterator_to_array( $this->s3->listObjects( $this->prefix . '/' ), false ), 'key' );
		foreach ( array_chunk( $keys, 1000 ) as $batch ) {
			$this->s3->deleteObjects( $batch );
		}
		delete_option( 'site_backups_offsite_status' );
		delete_transient( 'site_backups_offsite_list' );
	}
}
