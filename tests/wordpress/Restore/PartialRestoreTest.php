<?php
/**
 * Restoring some paths and tables only, on the real stack: one deleted upload and one deleted post
 * come back byte for byte through the real WP-CLI binary, and every other file and table of the
 * site is exactly as it was; the safety backup holds just that part, and restoring it puts that
 * part back without touching the rest. Bad lists are refused over REST before anything starts.
 *
 * The site's fingerprint (WordPressSite::file_state, ::database_state) leaves out what the stack and
 * the plugin change on their own: the plugin's folder, the store and the staging folders (outside
 * the site root here, or skipped), wp-content/cache and wp-content/upgrade; in wp_options the
 * plugin's own rows (its job record, lease and settings), cron and transients, and the table's
 * AUTO_INCREMENT (the job's rows move it on).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Restore;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Restore\TargetIdentity;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\Support\PhpLogsSince;
use SiteBackups\Tests\WordPress\Support\RestoresInOtherProcesses;
use SiteBackups\Tests\WordPress\WordPressSite;

final class PartialRestoreTest extends RestTestCase {

	use PhpLogsSince;
	use RestoresInOtherProcesses;

	private const FOLDER = 'wp-content/uploads/partial-restore-test';
	private const PHOTO  = self::FOLDER . '/photo.jpg';

	protected function setUp(): void {
		parent::setUp();
		$this->open_production();
	}

	protected function tearDown(): void {
		$this->leave_the_transaction();
		exec( 'rm -rf ' . escapeshellarg( $this->root . '/' . self::FOLDER ) );
		@unlink( $this->root . '/wp-content/uploads/partial-restore-link' );
		$this->production->query( "DELETE FROM wp_posts WHERE post_title = 'Partial restore marker'" );
		$this->production->query( "DELETE FROM wp_options WHERE option_name = 'partial_restore_outside'" );
		$this->production->close();
		parent::tearDown();
	}

	public function test_the_asking_administrators_sessions_are_kept_when_only_user_meta_is_restored(): void {
		global $wpdb;
		$user = (int) get_user_by( 'login', 'admin' )->ID;
		$db   = Connection::open( DatabaseConfig::fromWordPressHost( DB_HOST, DB_USER, DB_PASSWORD, DB_NAME, $wpdb->base_prefix ) );
		$was  = $db->fetchValue( "SELECT meta_value FROM wp_usermeta WHERE user_id = $user AND meta_key = 'session_tokens' LIMIT 1" );
		try {
			$db->execute( "DELETE FROM wp_usermeta WHERE user_id = $user AND meta_key = 'session_tokens'" );
			$db->execute( "INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES ($user, 'session_tokens', 'the live session')" );
			// wp_usermeta loaded beside the live one as a restore of that table alone loads it: without the session.
			$db->execute( 'DROP TABLE IF EXISTS sbtmp_wp_usermeta' );
			$db->execute( 'CREATE TABLE sbtmp_wp_usermeta LIKE wp_usermeta' );
			$db->execute( "INSERT INTO sbtmp_wp_usermeta SELECT * FROM wp_usermeta WHERE NOT (user_id = $user AND meta_key = 'session_tokens')" );

			( new TargetIdentity( $db, 'wp_', 'wp_', 'site-backups/site-backups.php' ) )->apply( false, $user );
			$this->assertSame( 'the live session', $db->fetchValue( "SELECT meta_value FROM sbtmp_wp_usermeta WHERE user_id = $user AND meta_key = 'session_tokens'" ) );
		} finally {
			$db->execute( 'DROP TABLE IF EXISTS sbtmp_wp_usermeta' );
			$db->execute( "DELETE FROM wp_usermeta WHERE user_id = $user AND meta_key = 'session_tokens'" );
			if ( null !== $was ) {
				$db->execute( "INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES ($user, 'session_tokens', {$db->quote( $was )})" );
			}
			$db->close();
		}
	}

	public function test_one_upload_and_one_table_come_back_and_nothing_else_changes(): void {
		$photo = random_bytes( 300000 ) . "\0\r\n";
		wp_mkdir_p( $this->root . '/' . self::FOLDER );
		file_put_contents( $this->root . '/' . self::PHOTO, $photo );
		file_put_contents( $this->root . '/' . self::FOLDER . '/other.txt', 'at backup time' );
		$this->production->query( "INSERT INTO wp_posts (post_title, post_content, post_status, post_type, post_date, post_date_gmt, post_modified, post_modified_gmt, to_ping, pinged, post_content_filtered, post_excerpt) VALUES ('Partial restore marker', 'before', 'publish', 'post', NOW(), NOW(), NOW(), NOW(), '', '', '', '')" );
		$post = (int) $this->production->insert_id;
		$this->production->query( "INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('partial_restore_outside', 'at backup time', 'no')" );
		$backup      = WordPressSite::create_backup( 'production', 'Before the partial restore' );
		$files_then  = $this->files();
		$tables_then = WordPressSite::database_state( $this->production );

		// The upload and the post are lost; a file beside the upload and an option change too, and must stay changed.
		unlink( $this->root . '/' . self::PHOTO );
		$this->production->query( "DELETE FROM wp_posts WHERE ID = $post" );
		file_put_contents( $this->root . '/' . self::FOLDER . '/other.txt', 'changed since' );
		$this->production->query( "UPDATE wp_options SET option_value = 'changed since' WHERE option_name = 'partial_restore_outside'" );
		$files_now  = $this->files();
		$tables_now = WordPressSite::database_state( $this->production );
		$logs       = self::log_sizes();

		$run = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $backup, '--paths=' . self::PHOTO, '--tables=wp_posts', '--yes', '--porcelain', '--user=admin' ) );
		$this->assertSame( 0, $run['status'], $run['err'] . $run['out'] );
		$this->assertDoesNotMatchRegularExpression( '/Warning|Notice|Deprecated/', $run['err'] );
		$job_id = trim( $run['out'] );

		$this->assertSame( $photo, file_get_contents( $this->root . '/' . self::PHOTO ), 'the upload is back, byte for byte' );
		$this->assertSame( 'Partial restore marker', $this->production->query( "SELECT post_title FROM wp_posts WHERE ID = $post" )->fetch_row()[0] ?? null );
		$expected_files                  = $files_now;
		$expected_files[ self::PHOTO ]   = $files_then[ self::PHOTO ];
		ksort( $expected_files );
		$this->assertSame( $expected_files, $this->files(), 'only the listed file changed' );
		$expected_tables                        = $tables_now;
		$expected_tables['wp_posts']            = $tables_then['wp_posts'];
		$expected_tables['wp_posts create']     = $tables_then['wp_posts create'];
		$this->assertSame( $expected_tables, WordPressSite::database_state( $this->production ), 'only the listed table changed' );
		$this->assertSame( 'changed since', file_get_contents( $this->root . '/' . self::FOLDER . '/other.txt' ) );
		$this->assertSame( array(), $this->production->query( "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')" )->fetch_all() );

		$admin = $this->site_admin();
		$job   = $this->body( $this->dispatch( 'GET', '/jobs/' . $job_id, array(), $admin ) );
		$lines = array_column( $job['log'], 'message' );
		$this->assertContains( 'Restoring 1 path and 1 table from ' . $backup . ' (production) into production.', $lines, (string) wp_json_encode( $lines ) );
		$safety = (string) $job['result']['safety_backup'];
		$record = $this->body( $this->dispatch( 'GET', '/backups/' . $safety, array(), $admin ) );
		$this->assertSame( 'safety', $record['trigger'] );
		$this->assertSame( array( 'paths' => array( self::PHOTO ), 'tables' => array( 'wp_posts' ) ), $record['scope'], 'the safety backup holds just that part, and says so' );
		$this->assertNull( $this->body( $this->dispatch( 'GET', '/backups/' . $backup, array(), $admin ) )['scope'] );

		// Undone with no list: the safety backup's own part only, never the rest of the site.
		$undo = WordPressSite::wp( 'production', array( 'site-backups', 'restore', $safety, '--no-safety-backup', '--yes', '--user=admin' ) );
		$this->assertSame( 0, $undo['status'], $undo['err'] . $undo['out'] );
		$this->assertSame( $files_now, $this->files(), 'the upload is gone again, every other file as it was' );
		$this->assertSame( $tables_now, WordPressSite::database_state( $this->production ), 'the post is gone again, every other table as it was' );

		foreach ( self::logged_since( $logs ) as $log => $added ) {
			$this->assertDoesNotMatchRegularExpression( '/PHP (Warning|Notice|Deprecated|Fatal)/i', $added, basename( $log ) );
		}
	}

	public function test_bad_lists_are_refused_naming_what_before_anything_starts(): void {
		wp_mkdir_p( $this->root . '/' . self::FOLDER );
		file_put_contents( $this->root . '/' . self::PHOTO, 'photo' );
		$backup = WordPressSite::create_backup( 'production', 'For refusals' );
		symlink( sys_get_temp_dir(), $this->root . '/wp-content/uploads/partial-restore-link' );
		// From here in a transaction again: should a request be wrongly taken, its job is never seen by another process.
		global $wpdb;
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		delete_option( ActiveJobSlot::OPTION );
		delete_option( JobRunner::LEASE_OPTION );
		$admin = $this->site_admin();
		$route = '/backups/' . $backup . '/restore';
		$cases = array(
			array( array( 'paths' => array( '../wp-config.php' ) ), 400, 'site_backups_restore_path_refused', '../wp-config.php' ),
			array( array( 'paths' => array( '/etc/passwd' ) ), 400, 'site_backups_restore_path_refused', '/etc/passwd' ),
			array( array( 'paths' => array( "wp-content/a\0b" ) ), 400, 'site_backups_restore_path_refused', 'wp-content/a\x00b' ),
			array( array( 'paths' => array( 'wp-config.php' ) ), 400, 'site_backups_restore_path_refused', 'wp-config.php' ),
			array( array( 'paths' => array( 'wp-content/cache/page.html' ) ), 400, 'site_backups_restore_path_refused', 'wp-content/cache/page.html' ),
			array( array( 'paths' => array( 'wp-content/uploads/partial-restore-link/x.jpg' ) ), 400, 'site_backups_restore_path_refused', 'partial-restore-link/x.jpg' ),
			array( array( 'paths' => array( self::FOLDER . '/never-there.jpg' ) ), 404, 'site_backups_restore_path_not_found', 'never-there.jpg' ),
			array( array( 'tables' => array( 'wp_no_such_table' ) ), 404, 'site_backups_restore_table_not_found', 'wp_no_such_table' ),
			array( array( 'tables' => array( 'wp_options' ), 'parts' => array( 'files' ) ), 400, 'site_backups_restore_parts_conflict', 'database' ),
			array( array( 'paths' => array(), 'tables' => array() ), 400, 'site_backups_restore_nothing', 'Nothing' ),
			array( array( 'paths' => array( self::PHOTO, self::PHOTO ) ), 400, 'rest_invalid_param', 'paths' ),
			array( array( 'tables' => array( array( 'wp_options' ) ) ), 400, 'rest_invalid_param', 'tables' ),
			array( array( 'paths' => array_map( static fn ( int $n ): string => "f$n", range( 1, 1001 ) ) ), 400, 'rest_invalid_param', 'paths' ),
		);
		foreach ( $cases as [ $params, $status, $code, $named ] ) {
			$response = $this->dispatch( 'POST', $route, $params, $admin );
			$this->assertError( $response, $status, $code );
			$this->assertStringContainsString( $named, $this->body( $response )['message'] );
		}
		$this->assertSame( array(), $this->body( $this->dispatch( 'GET', '/jobs', array( 'active' => 'true' ), $admin ) ), 'a refused list started a job' );

		// Only an administrator may restore, part of the site or all of it.
		$asked = array( 'paths' => array( self::PHOTO ) );
		$this->assertError( $this->dispatch( 'POST', $route, $asked, 0 ), 401, 'rest_forbidden' );
		foreach ( array( 'editor', 'author', 'subscriber' ) as $role ) {
			$this->assertError( $this->dispatch( 'POST', $route, $asked, $this->create_user( $role ) ), 403, 'rest_forbidden' );
		}
	}

	/** Every file of the site, by path: type, mode and content hash (see the class comment for what is left out). */
	private function files(): array {
		$skip  = array( 'wp-config.php', 'wp-content/plugins/site-backups', 'wp-content/cache', 'wp-content/upgrade', '.maintenance' );
		$store = ( new StoreDirectory() )->path();
		if ( str_starts_with( $store, $this->root . '/' ) ) {
			$skip[] = substr( $store, strlen( $this->root ) + 1 );
		}
		return WordPressSite::file_state( $this->root, $skip );
	}
}
