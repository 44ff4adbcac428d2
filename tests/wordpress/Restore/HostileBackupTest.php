<?php
/**
 * A planted backup whose files manifest escapes the site through a symbolic link: the download
 * route refuses it with a clear error, and a restore job fails in its checks, before the database
 * is loaded or any file is written, naming the path.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Jobs\Job;
use SiteBackups\Plugin;
use SiteBackups\Tests\Engine\Support\FolderState;
use SiteBackups\Tests\Engine\Support\ManifestTricks;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class HostileBackupTest extends RestTestCase {

	private static string $backup = '';

	private string $outside = '';

	private string $planted = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$backup = WordPressSite::create_backup( 'staging', 'The original of a planted copy' );
	}

	protected function setUp(): void {
		parent::setUp();
		$this->outside = sys_get_temp_dir() . '/site-backups-outside-' . wp_generate_password( 8, false );
		mkdir( $this->outside . '/sub', 0755, true );
		file_put_contents( $this->outside . '/sub/x.php', "<?php // the outside folder's own file\n" );
		[ $this->planted ] = ManifestTricks::plant( Plugin::instance()->backups()->engine()->store(), self::$backup, $this->outside, 'symlink escape' );
	}

	protected function tearDown(): void {
		Plugin::instance()->backups()->engine()->store()->snapshots()->delete( $this->planted );
		Durable::removeTree( $this->outside );
		parent::tearDown();
	}

	public function test_the_download_is_refused_with_the_path_and_the_reason(): void {
		$response = $this->dispatch( 'GET', '/backups/' . $this->planted . '/download', array(), $this->admin() );

		$this->assertError( $response, 422, 'site_backups_backup_unsafe' );
		$this->assertStringContainsString( 'a/sub/x.php is below a symbolic link (a)', $this->body( $response )['message'] );
	}

	public function test_the_restore_stops_in_its_checks_before_anything_is_loaded_or_written(): void {
		$staging = WordPressSite::root( 'staging' );
		$site    = FolderState::of( $staging );
		$outside = FolderState::of( $this->outside );
		$db      = WordPressSite::database( 'staging' );

		$response = $this->dispatch(
			'POST',
			'/backups/' . $this->planted . '/restore',
			array(
				'environment'   => 'staging',
				'parts'         => array( 'database', 'files' ),
				'safety_backup' => false,
			),
			$this->admin()
		);
		$this->assertSame( 202, $response->get_status(), (string) wp_json_encode( $this->body( $response ) ) );
		$runner = Plugin::instance()->job_runner();
		$job    = $runner->active();
		for ( $slice = 0; $job && ! $job->is_finished() && $slice < 20; $slice++ ) {
			$job = $runner->run_slice( 5 );
		}

		$this->assertNotNull( $job );
		$this->assertSame( Job::FAILED, $job->status() );
		$message = (string) $job->to_array()['message'];
		$this->assertStringStartsWith( 'The restore stopped while checking the backup: ', $message );
		$this->assertStringEndsWith( 'Nothing was changed: the site is as it was.', $message );
		$this->assertStringContainsString( 'a/sub/x.php is below a symbolic link (a)', $message );
		$this->assertSame( 'checking', $job->to_array()['progress']['phase'] ?? null, 'refused only after the checks' );
		$this->assertSame( array(), $db->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'sbtmp\\_%'" )->fetch_all(), 'the database was loaded' );
		$db->close();
		$this->assertSame( $site, FolderState::of( $staging ) );
		$this->assertSame( $outside, FolderState::of( $this->outside ) );
	}
}
