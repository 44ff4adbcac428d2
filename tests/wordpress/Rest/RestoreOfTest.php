<?php
/**
 * A backup's `restore_of` as GET /backups and GET /backups/{id} give it: for a safety backup whose
 * record names the backup its restore put back, that id and when that backup was made (ISO 8601,
 * UTC, as every time of the API); null for a record made before it was kept, for any other backup,
 * and for a record (one may come from a bucket) whose value is not of the form written.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\Durable;

final class RestoreOfTest extends RestTestCase {

	private mixed $store = null;

	private string $own = '';

	protected function setUp(): void {
		parent::setUp();
		$this->store = get_option( StoreDirectory::OPTION );
		$this->own   = sys_get_temp_dir() . '/sb-restore-of-' . wp_generate_password( 8, false, false );
		self::use_store( $this->own );
	}

	protected function tearDown(): void {
		self::use_store( $this->store );
		Durable::removeTree( $this->own );
		parent::tearDown();
	}

	public function test_a_safety_backup_names_the_backup_restored_and_anything_else_reads_as_null(): void {
		$made     = time() - 3 * DAY_IN_SECONDS;
		$restored = $this->publish( $made, 'manual' );
		$safety   = $this->publish(
			$made + DAY_IN_SECONDS,
			'safety',
			array(
				'id'      => $restored,
				'created' => $made + 0.75,
			)
		);
		$before   = $this->publish( $made + 2 * DAY_IN_SECONDS, 'safety' );
		$planted  = array(
			'a time as text'       => array(
				'id'      => $restored,
				'created' => gmdate( 'c', $made ),
			),
			'an id that is a path' => array(
				'id'      => '../../wp-config',
				'created' => $made,
			),
			'a time of zero'       => array(
				'id'      => $restored,
				'created' => 0,
			),
			'a string'             => $restored,
		);
		$odd      = array();
		foreach ( array_values( $planted ) as $n => $value ) {
			$odd[] = $this->publish( $made + ( 3 + $n ) * DAY_IN_SECONDS, 'safety', $value );
		}
		$admin = $this->admin();

		$one = $this->body( $this->dispatch( 'GET', '/backups/' . $safety, array(), $admin ) );
		$this->assertSame(
			array(
				'id'      => $restored,
				'created' => gmdate( 'c', $made ),
			),
			$one['restore_of']
		);
		$this->assertSame( $this->body( $this->dispatch( 'GET', '/backups/' . $restored, array(), $admin ) )['created'], $one['restore_of']['created'], 'the time is the restored backup\'s own "created"' );

		$query  = array(
			'environment' => 'production',
			'per_page'    => 100,
		);
		$listed = array_column( $this->body( $this->dispatch( 'GET', '/backups', $query, $admin ) ), 'restore_of', 'id' );
		$this->assertSame( $one['restore_of'], $listed[ $safety ] );
		$this->assertNull( $listed[ $restored ], 'a manual backup names none' );
		$this->assertNull( $listed[ $before ], 'a safety backup recorded before it was kept names none' );
		foreach ( array_keys( $planted ) as $n => $what ) {
			$this->assertArrayHasKey( $odd[ $n ], $listed );
			$this->assertNull( $listed[ $odd[ $n ] ], $what . ' reads as none' );
		}

		$schema = $this->body( $this->dispatch( 'OPTIONS', '/backups' ) )['schema']['properties']['restore_of'];
		foreach ( $listed as $id => $value ) {
			$this->assertTrue( rest_validate_value_from_schema( $value, $schema, 'restore_of' ), $id );
		}
	}

	/**
	 * Publishes an empty backup record straight into the test's store.
	 *
	 * @param int   $started    When it began.
	 * @param string $trigger   What made it.
	 * @param mixed  $restore_of Its meta "restore_of", if any.
	 */
	private function publish( int $started, string $trigger, mixed $restore_of = null ): string {
		$id   = SnapshotId::generate( $started * 1000 );
		$meta = array(
			'environment' => 'production',
			'trigger'     => $trigger,
			'started_at'  => (float) $started,
			'finished_at' => (float) $started + 60,
		);
		if ( null !== $restore_of ) {
			$meta['restore_of'] = $restore_of;
		}
		$this->plugin()->backups()->engine()->store()->snapshots()->publish( new SnapshotRecord( $id, null, $meta, array() ) );
		return $id;
	}
}
