<?php
/**
 * Deleting the plugin keeps the backups unless the admin chose otherwise.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\StoreFormat;
use SiteBackups\Plugin;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Uninstaller;

final class UninstallerTest extends TestCase {

	private string $store;

	protected function setUp(): void {
		parent::setUp();
		$this->store = sys_get_temp_dir() . '/site-backups-uninstall-' . wp_generate_password( 8, false );
		Repository::open( $this->store );
		update_option( StoreDirectory::OPTION, $this->store );
		update_option( 'site_backups_exclusions', array( 'wp-content/cache' ) );
		Plugin::instance()->daily_schedule()->ensure_scheduled();
	}

	protected function tearDown(): void {
		Durable::removeTree( $this->store );
		parent::tearDown();
		Plugin::instance()->daily_schedule()->ensure_scheduled();
	}

	public function test_by_default_the_backups_and_the_way_to_them_survive(): void {
		Uninstaller::uninstall();

		$this->assertDirectoryExists( $this->store );
		$this->assertSame( $this->store, get_option( StoreDirectory::OPTION ) );
		$this->assertFalse( get_option( 'site_backups_exclusions' ) );
		$this->assertFalse( wp_next_scheduled( DailySchedule::HOOK ) );
	}

	public function test_the_backups_go_when_the_admin_chose_so(): void {
		update_option( Uninstaller::DELETE_BACKUPS_OPTION, '1' );
		Uninstaller::uninstall();

		$this->assertDirectoryDoesNotExist( $this->store );
		$this->assertFalse( get_option( StoreDirectory::OPTION ) );
	}

	public function test_a_folder_the_option_names_that_is_not_a_store_is_never_deleted(): void {
		$uploads  = wp_upload_dir()['basedir'];
		$sentinel = $uploads . '/site-backups-uninstall-sentinel-' . wp_generate_password( 8, false ) . '.txt';
		file_put_contents( $sentinel, 'a media file' );
		update_option( StoreDirectory::OPTION, $uploads );
		update_option( Uninstaller::DELETE_BACKUPS_OPTION, '1' );
		try {
			Uninstaller::uninstall();

			$this->assertFileExists( $sentinel );
		} finally {
			@unlink( $sentinel );
		}
	}

	public function test_a_folder_with_a_format_file_that_is_not_a_store_format_is_never_deleted(): void {
		Durable::removeTree( $this->store );
		mkdir( $this->store );
		file_put_contents( $this->store . '/' . StoreFormat::FILE, "<?php\n// someone else's format.php\n" );
		update_option( StoreDirectory::OPTION, $this->store );
		update_option( Uninstaller::DELETE_BACKUPS_OPTION, '1' );

		Uninstaller::uninstall();

		$this->assertFileExists( $this->store . '/' . StoreFormat::FILE );
	}

	public function test_without_a_store_chosen_uninstalling_chooses_none(): void {
		delete_option( StoreDirectory::OPTION );

		Uninstaller::uninstall();

		$this->assertFalse( get_option( StoreDirectory::OPTION ) );
	}
}
