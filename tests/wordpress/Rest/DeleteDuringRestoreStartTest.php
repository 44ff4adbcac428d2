<?php
/**
 * A delete that comes while a restore of the same backup is starting (the restore has checked
 * the backup and is about to take the job slot) waits for the start and answers 409: the delete
 * and the start are one at a time (Retention\RemovalLock), so the restore never starts on a
 * backup deleted under it. Once the restore holds the slot, DELETE answers 409 as before.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\WordPress\Support\AgedSnapshot;
use WP_REST_Response;

final class DeleteDuringRestoreStartTest extends RestTestCase {

	private mixed $store = null;

	private string $own = '';

	private ?WP_REST_Response $deleted_meanwhile = null;

	protected function setUp(): void {
		parent::setUp();
		$this->store = get_option( StoreDirectory::OPTION );
		$this->own   = sys_get_temp_dir() . '/sb-delete-during-start-' . wp_generate_password( 8, false, false );
		self::use_store( $this->own );
	}

	protected function tearDown(): void {
		remove_all_actions( 'add_option' );
		self::use_store( $this->store );
		Durable::removeTree( $this->own );
		parent::tearDown();
	}

	public function test_a_delete_while_the_restore_starts_gets_409_and_the_backup_stays(): void {
		$catalog = $this->plugin()->backups()->engine()->store()->snapshots();
		$backup  = AgedSnapshot::publish( $catalog, 'production', 1, time() );
		$admin   = $this->admin();

		// The runner saves the new job's record just before it takes the slot: the delete comes then.
		add_action(
			'add_option',
			function ( string $option ) use ( $backup, $admin ): void {
				if ( null === $this->deleted_meanwhile && str_starts_with( $option, 'site_backups_job_' ) ) {
					$this->deleted_meanwhile = $this->dispatch( 'DELETE', '/backups/' . $backup, array(), $admin );
				}
			}
		);
		$started = $this->dispatch(
			'POST',
			'/backups/' . $backup . '/restore',
			array(
				'parts'         => array( 'database' ),
				'safety_backup' => false,
			),
			$admin
		);

		$this->assertNotNull( $this->deleted_meanwhile, 'the delete came while the restore was starting' );
		$this->assertError( $this->deleted_meanwhile, 409, 'site_backups_backup_in_use' );
		$this->assertSame( 202, $started->get_status(), (string) wp_json_encode( $this->body( $started ) ) );
		$this->assertTrue( $catalog->has( $backup ), 'the backup the restore reads is still here' );
		$this->assertSame( $backup, $this->plugin()->job_runner()->active()?->param( 'backup' ) );

		// The restore has started: a delete now is refused as in use.
		$refused = $this->dispatch( 'DELETE', '/backups/' . $backup, array(), $admin );
		$this->assertError( $refused, 409, 'site_backups_backup_in_use' );
		$this->assertStringContainsString( 'restore or fetch', (string) $this->body( $refused )['message'] );
		$this->assertTrue( $catalog->has( $backup ) );
	}
}
