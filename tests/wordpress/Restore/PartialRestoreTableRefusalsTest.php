<?php
/**
 * A restore of some tables that a foreign key ties to a table left off the list (in the backup or
 * only on the site now), or of a table the site now has as a view, is refused when it is asked
 * for: 400 over REST and an error from the real WP-CLI binary, naming the table to add (or the
 * view), with no job started, nothing changed and nothing in the PHP error logs. Before, the
 * request was taken and its job failed at its first step.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\Support\PhpLogsSince;
use SiteBackups\Tests\WordPress\Support\RestoresInOtherProcesses;
use SiteBackups\Tests\WordPress\WordPressSite;

final class PartialRestoreTableRefusalsTest extends RestTestCase {

	use PhpLogsSince;
	use RestoresInOtherProcesses;

	private const TABLES = array( 'wp_sbfk_late', 'wp_sbfk_child', 'wp_sbfk_parent' );
	private const VIEW   = 'wp_sbfk_small';

	protected function setUp(): void {
		parent::setUp();
		$this->open_production();
		$this->drop_tables();
	}

	protected function tearDown(): void {
		$this->leave_the_transaction();
		$this->drop_tables();
		$this->production->close();
		parent::tearDown();
	}

	public function test_tables_tied_to_others_left_off_and_a_table_now_a_view_are_refused_at_once(): void {
		foreach (
			array(
				'CREATE TABLE wp_sbfk_parent (id int PRIMARY KEY, v varchar(20)) ENGINE=InnoDB',
				'CREATE TABLE wp_sbfk_child (id int PRIMARY KEY, parent_id int, CONSTRAINT wp_sbfk_child_parent FOREIGN KEY (parent_id) REFERENCES wp_sbfk_parent (id)) ENGINE=InnoDB',
				"INSERT INTO wp_sbfk_parent VALUES (1, 'at backup')",
				'INSERT INTO wp_sbfk_child VALUES (1, 1)',
				'CREATE TABLE wp_sbfk_small (id int PRIMARY KEY) ENGINE=InnoDB',
				'INSERT INTO wp_sbfk_small VALUES (1)',
			) as $sql
		) {
			$this->assertTrue( $this->production->query( $sql ), $this->production->error );
		}
		$backup = WordPressSite::create_backup( 'production', 'Tables tied by a foreign key' );
		// Since the backup: a table that references the parent on the site, and a view in a table's place.
		foreach (
			array(
				"UPDATE wp_sbfk_parent SET v = 'changed'",
				'CREATE TABLE wp_sbfk_late (id int PRIMARY KEY, parent_id int, CONSTRAINT wp_sbfk_late_parent FOREIGN KEY (parent_id) REFERENCES wp_sbfk_parent (id)) ENGINE=InnoDB',
				'DROP TABLE wp_sbfk_small',
				'CREATE VIEW wp_sbfk_small AS SELECT option_id AS id FROM wp_options',
			) as $sql
		) {
			$this->assertTrue( $this->production->query( $sql ), $this->production->error );
		}
		$cases = array(
			'a foreign key in the backup'   => array( array( 'wp_sbfk_child' ), array( 'wp_sbfk_child', 'without wp_sbfk_parent' ) ),
			'a foreign key only on the site' => array( array( 'wp_sbfk_child', 'wp_sbfk_parent' ), array( 'wp_sbfk_parent', 'without wp_sbfk_late' ) ),
			'a view on the site'            => array( array( self::VIEW ), array( self::VIEW, 'view' ) ),
		);
		$admin  = $this->site_admin();
		$tables = WordPressSite::database_state( $this->production );
		$views  = $this->views();
		$jobs   = $this->job_ids( $admin );
		$logs   = self::log_sizes();

		// The real WP-CLI binary, in its own process: this one holds no transaction meanwhile.
		foreach ( $cases as $why => [ $listed, $named ] ) {
			$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--tables=' . implode( ',', $listed ), '--yes', '--user=admin' ) );
			$this->assertSame( 1, $run['status'], $why . ': ' . $run['out'] . $run['err'] );
			$this->assertStringStartsWith( 'Error: The table ', trim( $run['err'] ), $why );
			foreach ( $named as $words ) {
				$this->assertStringContainsString( $words, $run['err'], $why );
			}
			$this->assertDoesNotMatchRegularExpression( '/Warning|Notice|Deprecated/', $run['err'], $why );
			$this->assertSame( $jobs, $this->job_ids( $admin ), $why . ': WP-CLI started a job' );
		}

		// REST, in a transaction: a request wrongly taken leaves no job another process could run.
		global $wpdb;
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		foreach ( $cases as $why => [ $listed, $named ] ) {
			$response = $this->dispatch( 'POST', '/backups/' . $backup . '/restore', array( 'tables' => $listed ), $admin );
			$this->assertError( $response, 400, 'site_backups_restore_table_refused' );
			foreach ( $named as $words ) {
				$this->assertStringContainsString( $words, (string) $this->body( $response )['message'], $why );
			}
			$this->assertSame( array(), $this->body( $this->dispatch( 'GET', '/jobs', array( 'active' => 'true' ), $admin ) ), $why . ': a job started' );
			$this->assertSame( $jobs, $this->job_ids( $admin ), $why . ': a job was queued' );
		}
		$this->leave_the_transaction();

		$this->assertSame( $tables, WordPressSite::database_state( $this->production ), 'a table changed' );
		$this->assertSame( $views, $this->views(), 'the view changed' );
		$this->assertSame( array(), $this->production->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')" )->fetch_all() );
		foreach ( self::logged_since( $logs ) as $log => $added ) {
			$this->assertDoesNotMatchRegularExpression( '/PHP (Warning|Notice|Deprecated|Fatal)|Site Backups:/i', $added, basename( $log ) );
		}
	}

	/**
	 * The ids of the recent jobs, newest first.
	 *
	 * @return list<string>
	 */
	private function job_ids( int $admin ): array {
		return array_column( (array) $this->body( $this->dispatch( 'GET', '/jobs', array(), $admin ) ), 'id' );
	}

	/** @return array<string, string> the site's views of the prefix and their definitions */
	private function views(): array {
		$rows = $this->production->query( "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'wp\\_sbfk\\_%' ORDER BY 1" )->fetch_all();
		return array_column( $rows, 1, 0 );
	}

	private function drop_tables(): void {
		$this->production->query( 'DROP VIEW IF EXISTS `' . self::VIEW . '`' );
		foreach ( array_merge( self::TABLES, array( self::VIEW ) ) as $table ) {
			$this->production->query( "DROP TABLE IF EXISTS `$table`" );
		}
	}
}
