<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Database\JournalFolder;
use SiteBackups\Engine\Database\JournalReading;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\GuardedFile;

/**
 * The write journal in the store: a request notes each table before its first write to it and stamps
 * them when it ends; a backup's mark starts a period, and what was written since a mark is every table
 * stamped since, and every table of a request still open or killed half-way.
 */
final class WriteJournalTest extends TestCase {

	private string $tmp;

	private JournalFolder $journal;

	protected function setUp(): void {
		parent::setUp();
		$this->tmp = sys_get_temp_dir() . '/sb-journal-' . bin2hex( random_bytes( 4 ) );
		BackupStore::create( $this->tmp . '/store' );
		$this->journal = JournalFolder::at( $this->tmp . '/store', 'site_db', 'wp_' );
	}

	protected function tearDown(): void {
		exec( 'rm -rf ' . escapeshellarg( $this->tmp ) );
		parent::tearDown();
	}

	public function testAJournalNotKeptVouchesForNothing(): void {
		self::assertNull( $this->journal->mark() );
		self::assertNull( $this->journal->writtenSince( array( 'epoch' => 'abc', 'gen' => 1 ) ) );
		self::assertDirectoryDoesNotExist( $this->journal->path() );
	}

	public function testTablesWrittenSinceAMarkAndNotBefore(): void {
		$this->write( array( 'wp_options' ) );
		$first = $this->journal->mark();
		self::assertIsArray( $first );
		$this->write( array( 'wp_posts', 'wp_postmeta' ) );
		$second = $this->journal->mark();
		self::assertIsArray( $second );

		$sinceFirst = $this->journal->writtenSince( $first );
		self::assertNotNull( $sinceFirst );
		self::assertFalse( $sinceFirst->mayHaveWritten( 'wp_options' ), 'written before the mark' );
		self::assertTrue( $sinceFirst->mayHaveWritten( 'wp_posts' ) );
		self::assertTrue( $sinceFirst->mayHaveWritten( 'WP_POSTMETA' ), 'names in any case' );
		self::assertFalse( $sinceFirst->mayHaveWritten( 'wp_users' ) );

		$sinceSecond = $this->journal->writtenSince( $second );
		self::assertNotNull( $sinceSecond );
		self::assertFalse( $sinceSecond->mayHaveWritten( 'wp_posts' ) );
	}

	public function testARequestOpenAcrossAMarkCountsUntilItEnds(): void {
		$this->write( array( 'wp_users' ) );
		$request = $this->journal->request();
		self::assertTrue( $request->note( array( 'wp_options' ) ) );
		$mark = $this->journal->mark();
		self::assertIsArray( $mark );
		// It writes wp_options again after the mark: nothing new is noted, it still counts.
		$reading = $this->journal->writtenSince( $mark );
		self::assertNotNull( $reading );
		self::assertTrue( $reading->mayHaveWritten( 'wp_options' ) );
		self::assertFalse( $reading->mayHaveWritten( 'wp_users' ) );

		$request->end();
		$after = $this->journal->writtenSince( $mark );
		self::assertNotNull( $after );
		self::assertTrue( $after->mayHaveWritten( 'wp_options' ), 'stamped in the period it ended in' );
		$next = $this->journal->mark();
		self::assertIsArray( $next );
		$later = $this->journal->writtenSince( $next );
		self::assertNotNull( $later );
		self::assertFalse( $later->mayHaveWritten( 'wp_options' ) );
	}

	public function testARequestKilledHalfWayIsAccountedForAndItsNotesBecomeStamps(): void {
		$this->write( array( 'wp_users' ) );
		$mark = $this->journal->mark();
		self::assertIsArray( $mark );
		$child = sprintf(
			'require %s; SiteBackups\Engine\Database\JournalFolder::at(%s, "site_db", "wp_")->request()->note(["wp_woocommerce_orders"]); exit(0);',
			var_export( dirname( __DIR__, 3 ) . '/vendor/autoload.php', true ),
			var_export( $this->tmp . '/store', true )
		);
		exec( escapeshellarg( PHP_BINARY ) . ' -r ' . escapeshellarg( $child ), $output, $status );
		self::assertSame( 0, $status );
		self::assertCount( 1, glob( $this->journal->path() . '/open-*.php' ) ?: array() );

		$reading = $this->journal->writtenSince( $mark );
		self::assertNotNull( $reading );
		self::assertTrue( $reading->mayHaveWritten( 'wp_woocommerce_orders' ) );
		self::assertSame( array(), glob( $this->journal->path() . '/open-*.php' ) ?: array(), 'the notes of a process that is gone are stamped' );
		$again = $this->journal->writtenSince( $mark );
		self::assertNotNull( $again );
		self::assertTrue( $again->mayHaveWritten( 'wp_woocommerce_orders' ) );
	}

	public function testAnInterruptionVoidsEveryEarlierMark(): void {
		$this->write( array( 'wp_options' ) );
		$mark = $this->journal->mark();
		self::assertIsArray( $mark );
		$this->journal->interrupt();
		self::assertNull( $this->journal->writtenSince( $mark ) );
		$fresh = $this->journal->mark();
		self::assertIsArray( $fresh );
		self::assertNotNull( $this->journal->writtenSince( $fresh ) );
	}

	public function testAStatementOfUnknownEffectWritesEveryTable(): void {
		$this->write( array( 'wp_options' ) );
		$mark = $this->journal->mark();
		self::assertIsArray( $mark );
		$this->write( array( JournalReading::ANY ) );
		$reading = $this->journal->writtenSince( $mark );
		self::assertNotNull( $reading );
		self::assertTrue( $reading->mayHaveWritten( 'wp_anything' ) );
	}

	public function testEveryFileIsAGuardedOwnerOnlyPhpFile(): void {
		$open = $this->journal->request();
		$open->note( array( 'wp_posts' ) );
		$this->write( array( 'wp_options' ) );
		$this->journal->mark();
		$names = array();
		foreach ( scandir( $this->journal->path() ) ?: array() as $name ) {
			$path = $this->journal->path() . '/' . $name;
			if ( is_file( $path ) ) {
				$names[] = $name;
				self::assertStringEndsWith( '.php', $name );
				self::assertStringStartsWith( GuardedFile::GUARD, (string) file_get_contents( $path ), $name );
				self::assertSame( 0600, fileperms( $path ) & 0777, $name );
			}
		}
		self::assertSame( 0700, fileperms( $this->journal->path() ) & 0777 );
		self::assertGreaterThanOrEqual( 4, count( $names ), implode( ', ', $names ) );
		$open->end();
	}

	/** @param list<string> $tables */
	private function write( array $tables ): void {
		$request = $this->journal->request();
		self::assertTrue( $request->note( $tables ) );
		$request->end();
	}
}
