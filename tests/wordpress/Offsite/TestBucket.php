<?php
/**
 * The test stack's bucket for tests that copy off-site through the real site: settings under a
 * prefix of the test's own, given to every process of the site (WP-CLI, loopback slices) and to
 * this one, a store of the test's own, and all of it emptied and put back afterwards.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Backup\Exclusions;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Offsite\OffsiteLayout;
use SiteBackups\Engine\Offsite\PackIndex;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\OffsiteStatus;

trait TestBucket {

	private string $mu_plugin = '';

	private string $prefix = '';

	private S3Client $s3;

	/** The test's own store folder; `-new` beside it stands for a new server's. */
	private string $own = '';

	private mixed $store = null;

	private mixed $exclusions = null;

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
	 * How many objects the test's prefix holds in packs, from the packs' indexes (opened with the
	 * key in force when the copies are encrypted).
	 */
	private function objects_in_bucket(): int {
		$sealer = \SiteBackups\Plugin::instance()->offsite()->settings()->sealer();
		$count  = 0;
		foreach ( $this->s3->listObjects( $this->prefix . '/' . OffsiteLayout::INDEXES ) as $object ) {
			$sealed = fopen( 'php://temp', 'w+b' );
			$this->s3->getObject( $object['key'], $sealed );
			rewind( $sealed );
			$plain = fopen( 'php://temp', 'w+b' );
			null === $sealer ? stream_copy_to_stream( $sealed, $plain ) : $sealer->open( $sealed, $plain, 'an index' );
			$count += PackIndex::parse( basename( $object['key'] ), (string) stream_get_contents( $plain, -1, 0 ) )->count();
		}
		return $count;
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

	/**
	 * A store of the test's own (the bucket would otherwise get every backup the suite made),
	 * and backups without WordPress's own code, the bulk of a copy that adds nothing here.
	 */
	private function use_own_store( string $name ): void {
		$this->exclusions = get_option( Exclusions::OPTION, null );
		Exclusions::save( array( 'wp-includes', 'wp-admin' ) );
		$this->store = get_option( StoreDirectory::OPTION );
		$this->own   = sys_get_temp_dir() . '/' . $name . '-' . wp_generate_password( 6, false, false );
		self::use_store( $this->own );
	}

	/**
	 * Puts the store and exclusions back that use_own_store() replaced, and removes the test's own.
	 */
	private function put_the_store_back(): void {
		null === $this->exclusions ? delete_option( Exclusions::OPTION ) : update_option( Exclusions::OPTION, $this->exclusions, false );
		self::use_store( $this->store );
		if ( '' !== $this->own ) {
			exec( 'rm -rf ' . escapeshellarg( $this->own ) . ' ' . escapeshellarg( $this->own . '-new' ) );
		}
	}

	/**
	 * Puts the store and exclusions back, takes the settings away, empties the test's prefix in
	 * the bucket and forgets any copy still to come.
	 */
	private function forget_test_bucket(): void {
		$this->put_the_store_back();
		if ( '' !== $this->mu_plugin ) {
			@unlink( $this->mu_plugin );
		}
		remove_all_filters( 'site_backups_offsite_settings' );
		$keys = array_column( iterator_to_array( $this->s3->listObjects( $this->prefix . '/' ), false ), 'key' );
		foreach ( array_chunk( $keys, 1000 ) as $batch ) {
			$this->s3->deleteObjects( $batch );
		}
		wp_clear_scheduled_hook( OffsiteCopier::RETRY_HOOK );
		delete_option( OffsiteCopier::RETRY_HOOK . '_attempts' );
		delete_option( OffsiteCopier::UNFINISHED_OPTION );
		delete_option( OffsiteStatus::OPTION );
		delete_transient( 'site_backups_offsite_list' );
	}
}
