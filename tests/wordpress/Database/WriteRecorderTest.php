<?php
/**
 * The write journal as the plugin keeps it: every statement WordPress sends through $wpdb names its
 * tables before it runs, a backup proves a table whose UPDATE_TIME the server lost unchanged by it,
 * finds the one WordPress wrote and the one another client wrote, and trusts nothing of it once the
 * plugin may have missed writes. Each backup restores as the tables stand.
 *
 * Writes here are committed (the engine reads them on its own connection), so this class does not
 * run inside the rolled-back transaction of the other tests; it drops its tables itself.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Database;

use PHPUnit\Framework\TestCase;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Database\WriteRecorder;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\JournalFolder;
use SiteBackups\Engine\Database\WriteHorizon;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Database\ForgottenWrites;

final class WriteRecorderTest extends TestCase {

	private string $tmp;

	private string $prefix;

	private BackupStore $store;

	private WriteRecorder $recorder;

	private mixed $store_option;

	/** @var list<string> */
	private array $tables;

	private Connection $db;

	/**
	 * The plugin's own recorder of this process, set aside while the test's own notes into its store.
	 *
	 * @var list<callable>
	 */
	private array $set_aside = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb, $wp_filter;
		$this->prefix = $wpdb->base_prefix . 'sbjt_';
		$this->tables = array( $this->prefix . 'notes', $this->prefix . 'orders', $this->prefix . 'quiet' );
		foreach ( $wp_filter['query']->callbacks[ PHP_INT_MAX ] ?? array() as $callback ) {
			if ( is_array( $callback['function'] ) && $callback['function'][0] instanceof WriteRecorder ) {
				$this->set_aside[] = $callback['function'];
				remove_filter( 'query', $callback['function'], PHP_INT_MAX );
			}
		}
		$wpdb->query( 'DROP TABLE IF EXISTS ' . implode( ', ', array_map( static fn ( string $t ): string => "`$t`", $this->tables ) ) );

		$this->tmp   = sys_get_temp_dir() . '/sb-recorder-' . bin2hex( random_bytes( 4 ) );
		$this->store = BackupStore::create( $this->tmp . '/store' );
		mkdir( $this->tmp . '/site', 0700 );
		file_put_contents( $this->tmp . '/site/index.php', '<?php' );
		$this->store_option = get_option( StoreDirectory::OPTION );
		update_option( StoreDirectory::OPTION, $this->store->root(), false );

		$this->recorder = new WriteRecorder( new StoreDirectory(), SITE_BACKUPS_FILE );
		$this->recorder->register();
		foreach ( $this->tables as $table ) {
			$wpdb->query( "CREATE TABLE `$table` (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, note varchar(100) NOT NULL) ENGINE=InnoDB" );
			// Explicit ids: a bulk insert without them reserves AUTO_INCREMENT values that a server which
			// forgot the table no longer counts, and a changed AUTO_INCREMENT means a table is read.
			$wpdb->query( "INSERT INTO `$table` (id, note) SELECT seq, CONCAT('note ', seq) FROM seq_1_to_500" );
		}
		$this->recorder->finish();
		$this->db = Connection::open( self::config( DB_NAME ) );
	}

	protected function tearDown(): void {
		global $wpdb;
		$this->recorder->finish();
		remove_filter( 'query', array( $this->recorder, 'note' ), PHP_INT_MAX );
		remove_action( 'shutdown', array( $this->recorder, 'shut_down' ), PHP_INT_MAX );
		remove_action( 'activate_' . plugin_basename( SITE_BACKUPS_FILE ), array( $this->recorder, 'interrupt' ) );
		remove_action( 'deactivate_' . plugin_basename( SITE_BACKUPS_FILE ), array( $this->recorder, 'interrupt' ) );
		remove_action( 'upgrader_process_complete', array( $this->recorder, 'interrupt' ) );
		remove_action( 'update_option_active_plugins', array( $this->recorder, 'plugins_changed' ), 10 );
		$this->db->close();
		$wpdb->query( 'DROP TABLE IF EXISTS ' . implode( ', ', array_map( static fn ( string $t ): string => "`$t`", $this->tables ) ) );
		if ( false === $this->store_option ) {
			delete_option( StoreDirectory::OPTION );
		} else {
			update_option( StoreDirectory::OPTION, $this->store_option, false );
		}
		Durable::removeTree( $this->tmp );
		foreach ( $this->set_aside as $callback ) {
			add_filter( 'query', $callback, PHP_INT_MAX );
		}
		parent::tearDown();
	}

	public function test_reads_leave_no_note_and_a_write_notes_its_table_before_it_runs(): void {
		global $wpdb;
		$journal = $this->journal();
		$wpdb->get_results( "SELECT * FROM `{$this->tables[0]}` LIMIT 3" );
		$this->assertSame( array(), glob( $journal->path() . '/open-*.php' ) ?: array(), 'a read opens nothing' );

		$seen = null;
		$spy  = function ( $query ) use ( $journal, &$seen ) {
			if ( is_string( $query ) && str_starts_with( $query, 'UPDATE' ) ) {
				$seen = implode( '', array_map( 'file_get_contents', glob( $journal->path() . '/open-*.php' ) ?: array() ) );
			}
			return $query;
		};
		add_filter( 'query', $spy, PHP_INT_MAX );
		$wpdb->update( $this->tables[1], array( 'note' => 'changed' ), array( 'id' => 3 ) );
		remove_filter( 'query', $spy, PHP_INT_MAX );
		// Another filter at the same priority that ran after the recorder saw the note already written.
		$this->assertIsString( $seen );
		$this->assertStringContainsString( $this->tables[1] . "\n", $seen );
		$this->recorder->finish();
		$this->assertSame( array(), glob( $journal->path() . '/open-*.php' ) ?: array(), 'stamped at the end of the request' );
	}

	public function test_a_backup_trusts_the_journal_where_update_time_is_lost_and_finds_every_write(): void {
		global $wpdb;
		[ $notes, $orders, $quiet ] = $this->tables;
		$this->waitPastWrites();
		$first = $this->backUp();
		$this->assertIsArray( $first->sourceNotes( 'database' )['proof']['journal'] ?? null, 'the backup took a mark' );

		// A request of the site writes one table; it ends; the server forgets its tables' stamps.
		$wpdb->update( $notes, array( 'note' => 'written in WordPress' ), array( 'id' => 10 ) );
		$this->recorder->finish();
		$this->forget( array( $notes, $quiet ) );
		// Another client writes another table, outside WordPress: the server stamps it.
		$this->db->execute( "UPDATE `$orders` SET note = 'written by hand' WHERE id = 20" );
		$this->assertNull( $this->db->fetchValue( "SELECT UPDATE_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$quiet'" ) );

		$second = $this->backUp();

		$how = $this->how( $second );
		$this->assertSame( 'read:journal', $how[ $notes ] );
		$this->assertSame( 'read:written', $how[ $orders ] );
		$this->assertContains( $how[ $quiet ], array( 'journal', 'scrub' ), 'proved by the journal alone' );
		$this->assertRestoresAsLive( $second );
	}

	public function test_nothing_is_trusted_once_the_plugin_may_have_missed_writes(): void {
		$quiet = $this->tables[2];
		$this->waitPastWrites();
		$this->backUp();
		// As on deactivation, activation or an update of the plugin.
		$this->recorder->interrupt();
		$this->forget( array( $quiet ) );

		$second = $this->backUp();

		$this->assertSame( 'read:unknown', $this->how( $second )[ $quiet ] );
		$this->assertRestoresAsLive( $second );
	}

	/**
	 * The server forgets when $tables were written, as after a restart.
	 *
	 * @param list<string> $tables
	 */
	private function forget( array $tables ): void {
		$name = 'sbjt_fill_' . bin2hex( random_bytes( 4 ) );
		$this->db->execute( "CREATE DATABASE `$name`" );
		$filler = Connection::open( self::config( $name ) );
		try {
			ForgottenWrites::forget( $this->db, $filler, $tables );
		} finally {
			$filler->close();
			$this->db->execute( "DROP DATABASE `$name`" );
		}
	}

	private function journal(): JournalFolder {
		global $wpdb;
		return JournalFolder::at( $this->store->root(), DB_NAME, $wpdb->base_prefix );
	}

	private function backUp(): SnapshotRecord {
		$db     = Connection::open( self::config( DB_NAME ) );
		$source = new DatabaseSource( $db, $this->prefix, new DumpOptions( 4096, 8192, 65536 ), array(), $this->journal() );
		$runner = new BackupRunner( $this->store, array( $source ), null, 0.0 );
		$runner->begin( new BackupRequest( $this->tmp . '/site', tablePrefix: $this->prefix ) );
		while ( ! $runner->step( 10.0 )->isReady() ) {
			continue;
		}
		$record = $runner->publish();
		$db->close();
		return $record;
	}

	/** @return array<string, string> table => how the backup proved it */
	private function how( SnapshotRecord $record ): array {
		$how = array();
		foreach ( $record->sourceNotes( 'database' )['proof']['tables'] ?? array() as $table => $entry ) {
			$how[ $table ] = $entry['how'];
		}
		return $how;
	}

	private function assertRestoresAsLive( SnapshotRecord $record ): void {
		$name = 'sbjt_restore_' . bin2hex( random_bytes( 4 ) );
		$this->db->execute( "CREATE DATABASE `$name`" );
		$restored = Connection::open( self::config( $name ) );
		try {
			$restore = new DatabaseRestore( $this->store, $restored, $record->id, $this->prefix );
			$restore->prepare();
			while ( ! $restore->load( 5.0 )->complete ) {
				continue;
			}
			$restore->swap();
			$restore->finish();
			foreach ( $this->tables as $table ) {
				$this->assertSame(
					$this->db->fetchRow( "CHECKSUM TABLE `$table` EXTENDED" )['Checksum'],
					$restored->fetchRow( "CHECKSUM TABLE `$table` EXTENDED" )['Checksum'],
					$table
				);
			}
		} finally {
			$restored->close();
			$this->db->execute( "DROP DATABASE `$name`" );
		}
	}

	/** Until the tables' last writes are older than a backup starting now takes for its own time. */
	private function waitPastWrites(): void {
		$last = (int) $this->db->fetchValue( 'SELECT MAX(UNIX_TIMESTAMP(UPDATE_TIME)) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ' . $this->db->quote( $this->prefix . '%' ) );
		while ( (float) $this->db->fetchValue( 'SELECT UNIX_TIMESTAMP(NOW(6))' ) < $last + WriteHorizon::EXACT_MARGIN + 1.2 ) {
			usleep( 200000 );
		}
	}

	private static function config( string $database ): DatabaseConfig {
		global $wpdb;
		return DatabaseConfig::fromWordPressHost( DB_HOST, DB_USER, DB_PASSWORD, $database, $wpdb->base_prefix );
	}
}
