<?php
/**
 * DELETE /backups/{id} refuses a backup that a backup in progress builds on.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Retention;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;

final class DeleteOverRestTest extends RestTestCase {

	public function test_the_parent_of_a_backup_in_progress_is_refused_with_409_and_stays(): void {
		$admin = $this->admin();
		$id    = $this->plugin()->backups()->engine()->beginBackup(
			$this->plugin()->backups()->environments()->get( 'staging' ),
			'manual',
			'Parent of a backup in progress',
			'',
			''
		);
		$this->finish( $id );
		$site   = sys_get_temp_dir() . '/site-backups-in-use-' . wp_generate_password( 8, false );
		$runner = new BackupRunner( $this->plugin()->backups()->engine()->store() );
		wp_mkdir_p( $site );
		$runner->begin( new BackupRequest( $site, 'staging', parentId: $id ) );
		try {
			$this->assertError( $this->dispatch( 'DELETE', '/backups/' . $id, array(), $admin ), 409, 'site_backups_backup_in_use' );
		} finally {
			$runner->cancel();
			Durable::removeTree( $site );
		}
		$this->assertSame( 200, $this->dispatch( 'GET', '/backups/' . $id, array(), $admin )->get_status() );

		$deleted = $this->body( $this->dispatch( 'DELETE', '/backups/' . $id, array(), $admin ) );
		$this->assertTrue( $deleted['deleted'], 'once nothing builds on it' );
	}

	/**
	 * Runs the engine's backup to its end and publishes it.
	 *
	 * @param string $id The backup begun.
	 */
	private function finish( string $id ): void {
		$engine = $this->plugin()->backups()->engine();
		while ( ! $engine->step( $id, 5.0 )->isReady() ) {
			continue;
		}
		$engine->publish( $id );
	}
}
