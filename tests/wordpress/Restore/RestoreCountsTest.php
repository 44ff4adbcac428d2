<?php
/**
 * A real restore through the real WP-CLI binary counts what it brought back as a backup does (its
 * job's progress: the entries of the files restored and the tables loaded, done and in all), and its
 * safety backup names the backup it was taken before: over REST (`restore_of`, with that backup's
 * creation time), in its log ("Started by a restore…") and in `wp site-backups show` and `list`.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\Support\RestoresInOtherProcesses;
use SiteBackups\Tests\WordPress\WordPressSite;

final class RestoreCountsTest extends RestTestCase {

	use RestoresInOtherProcesses;

	private const FOLDER = 'wp-content/uploads/restore-counts-test';
	private const TABLE  = 'wp_sb_restore_counts';

	protected function setUp(): void {
		parent::setUp();
		$this->open_production();
	}

	protected function tearDown(): void {
		$this->leave_the_transaction();
		exec( 'rm -rf ' . escapeshellarg( $this->root . '/' . self::FOLDER ) );
		$this->production->query( 'DROP TABLE IF EXISTS ' . self::TABLE );
		$this->production->close();
		parent::tearDown();
	}

	public function test_a_restore_counts_its_files_and_tables_and_its_safety_backup_names_what_it_restored(): void {
		wp_mkdir_p( $this->root . '/' . self::FOLDER . '/inner' );
		foreach ( array( 'a.txt', 'b.txt', 'inner/c.txt' ) as $name ) {
			file_put_contents( $this->root . '/' . self::FOLDER . '/' . $name, 'at backup time: ' . $name );
		}
		$this->production->query( 'CREATE TABLE ' . self::TABLE . ' (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB' );
		$this->production->query( 'INSERT INTO ' . self::TABLE . " VALUES (1, 'at backup time')" );
		$backup = WordPressSite::create_backup( 'production', 'Before the counted restore' );

		file_put_contents( $this->root . '/' . self::FOLDER . '/a.txt', 'changed since' );
		$this->production->query( 'UPDATE ' . self::TABLE . " SET v = 'changed since'" );

		$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--paths=' . self::FOLDER, '--tables=' . self::TABLE, '--yes', '--porcelain', '--user=admin' ) );
		$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
		$this->assertSame( 'at backup time: a.txt', file_get_contents( $this->root . '/' . self::FOLDER . '/a.txt' ) );
		$this->assertSame( 'at backup time', $this->production->query( 'SELECT v FROM ' . self::TABLE )->fetch_row()[0] ?? null );

		wp_cache_flush();
		$admin = $this->site_admin();
		$job   = $this->body( $this->dispatch( 'GET', '/jobs/' . trim( $run['out'] ), array(), $admin ) );
		$this->assertSame( 'done', $job['status'], (string) wp_json_encode( $job ) );
		// The folder, its two files, the folder inside it and its file; the one table.
		$this->assertSame(
			array(
				'done'  => 5,
				'total' => 5,
			),
			$job['progress']['files']
		);
		$this->assertSame(
			array(
				'done'  => 1,
				'total' => 1,
			),
			$job['progress']['tables']
		);
		$schema = $this->body( $this->dispatch( 'OPTIONS', '/jobs' ) )['schema']['properties']['progress'];
		$this->assertTrue( rest_validate_value_from_schema( $job['progress'], $schema, 'progress' ) );
		$name = get_userdata( $admin )->display_name;
		$this->assertSame( 'Started by ' . $name . ' with WP-CLI.', $job['log'][0]['message'] );

		// The safety backup names the backup restored, with when that was made.
		$safety   = (string) $job['result']['safety_backup'];
		$restored = $this->body( $this->dispatch( 'GET', '/backups/' . $backup, array(), $admin ) );
		$record   = $this->body( $this->dispatch( 'GET', '/backups/' . $safety, array(), $admin ) );
		$this->assertSame( 'safety', $record['trigger'] );
		$this->assertSame(
			array(
				'id'      => $backup,
				'created' => $restored['created'],
			),
			$record['restore_of']
		);
		$this->assertNull( $restored['restore_of'], 'a backup made otherwise names none' );
		$origin_schema = $this->body( $this->dispatch( 'OPTIONS', '/backups' ) )['schema']['properties']['restore_of'];
		$this->assertTrue( rest_validate_value_from_schema( $record['restore_of'], $origin_schema, 'restore_of' ) );
		$query  = array(
			'environment' => 'production',
			'per_page'    => 100,
		);
		$listed = array_column( $this->body( $this->dispatch( 'GET', '/backups', $query, $admin ) ), 'restore_of', 'id' );
		$this->assertSame( $record['restore_of'], $listed[ $safety ] ?? null, 'the list says it too' );

		// Its log says what started it, then the restore's lines about it.
		$lines = array_column( $record['log'], 'message' );
		$this->assertSame( 'Started by a restore, to keep the site as it was before it.', $lines[0] ?? null, (string) wp_json_encode( $lines ) );
		$this->assertContains( 'Safety backup published: ' . $safety . '.', $lines );

		// WP-CLI shows it: as the route gives it, and in words in a table.
		$show = WordPressSite::wp( 'production', array( 'site-backups', 'show', $safety, '--fields=restore_of', '--format=json', '--user=admin' ) );
		$this->assertSame( 0, $show['status'], $show['err'] );
		$this->assertSame( array( 'restore_of' => $record['restore_of'] ), json_decode( $show['out'], true ) );
		$words = WordPressSite::wp( 'production', array( 'site-backups', 'list', '--fields=id,trigger,restore_of', '--format=csv', '--user=admin' ) );
		$this->assertSame( 0, $words['status'], $words['err'] );
		$this->assertMatchesRegularExpression( '/^' . $safety . ',safety,"?' . $backup . ' \(made \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [^)]+\)"?$/m', $words['out'] );
		$this->assertMatchesRegularExpression( '/^' . $backup . ',manual,$/m', $words['out'] );
	}
}
