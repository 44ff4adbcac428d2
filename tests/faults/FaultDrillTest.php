<?php
/**
 * The fault drill: backups and restores of production (a site of a few hundred MB) run over
 * loopback on the real stack, and at a random moment of each one MariaDB, PHP-FPM or the slice's
 * worker is killed, or the store's disk fills up. Then the job runs on, driven by visitors'
 * WP-Cron requests, and each run must end with:
 * - the job done, or failed with a message an admin can read;
 * - every backup published meanwhile passing a full verify;
 * - the site as it was before, or (a restore) exactly as in the backup, never a mix;
 * - no temporary tables, staging folders, maintenance file or pending backups left;
 * - a new backup that succeeds.
 *
 * SITE_BACKUPS_FAULT_BACKUPS and SITE_BACKUPS_FAULT_RESTORES set the count (20 and 10 by
 * default), SITE_BACKUPS_FAULT_SEED the dice, SITE_BACKUPS_FAULT_MB the payload's size.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Faults;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Plugin;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class FaultDrillTest extends TestCase {

	/** A job that has not ended by then has hung. */
	private const RUN_DEADLINE = 900;

	/** A full disk is freed once the job ends, or after this long (some phases write nothing). */
	private const DISK_FULL_SECONDS = 20;

	private static DrillSite $site;

	private static Faults $faults;

	private static string $store_disk = '';

	private static mixed $store_before = null;

	private static int $seed = 0;

	/** @var array<string, string> Fingerprint of the site each backup holds, by id. */
	private static array $backups = array();

	/** @var array<string, float> Seconds a run of each kind took, for the next run's dice. */
	private static array $duration = array();

	/** @var array<string, int> */
	private static array $tally = array();

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		mt_srand( self::seed() + 1 );
		$megabytes = (int) ( getenv( 'SITE_BACKUPS_FAULT_MB' ) ?: 300 );
		$root      = WordPressSite::root( 'production' );

		// The store on a disk of its own, room for the first backup and what each run adds (a
		// backup, a safety backup), and more: only a filled disk is full.
		self::$store_disk = sys_get_temp_dir() . '/site-backups-fault-drill-' . self::$seed;
		wp_mkdir_p( self::$store_disk );
		$size = 2 * $megabytes + array_sum( self::counts() ) * ( 2 * DrillSite::CHANGED_MB_PER_RUN + $megabytes / 6 ) + 512;
		exec( sprintf( 'mount -t tmpfs -o size=%dm,mode=0700 tmpfs %s 2>&1', $size, escapeshellarg( self::$store_disk ) ), $out, $status );
		if ( 0 !== $status ) {
			self::fail( 'The drill fills a disk of its own and could not mount one (tmpfs needs root): ' . implode( "\n", $out ) );
		}
		self::$store_before = get_option( \SiteBackups\Backup\StoreDirectory::OPTION );
		self::use_store( self::$store_disk . '/store' );

		self::$site   = new DrillSite( $root, $megabytes );
		self::$faults = new Faults( dirname( __DIR__, 2 ), $root, self::$store_disk );
		self::$faults->watch_slices();
		self::$site->grow();

		// The first backup, without a fault: the full copy the others build on, and the pace.
		$started = microtime( true );
		$job     = self::wait_for_end( self::start( 'backup', array() ), null, $started );
		self::assertSame( Job::DONE, $job->status(), self::story( $job ) );
		self::$backups[ (string) $job->to_array()['result']['backup'] ] = self::$site->fingerprint();
		self::$duration['backup']  = microtime( true ) - $started;
		self::$duration['restore'] = 2 * self::$duration['backup'];
		fwrite( STDERR, sprintf( "\nFault drill: seed %d, a site with %d MB of uploads, first backup in %.1f s\n", self::$seed, $megabytes, self::$duration['backup'] ) );
	}

	public static function tearDownAfterClass(): void {
		if ( isset( self::$faults ) ) {
			self::$faults->heal();
			// A job a failed run left going must not outlive its store.
			wp_cache_flush();
			$active = Plugin::instance()->job_runner()->active();
			if ( $active ) {
				Plugin::instance()->job_runner()->cancel( $active->id() );
				self::wait_for_end( $active->id(), null, microtime( true ) );
			}
			self::$faults->stop_watching();
			self::$site->clean();
		}
		self::use_store( self::$store_before );
		if ( '' !== self::$store_disk ) {
			exec( 'umount ' . escapeshellarg( self::$store_disk ) . ' && rmdir ' . escapeshellarg( self::$store_disk ) );
		}
		ksort( self::$tally );
		$lines = array_map( static fn ( $key, $count ) => sprintf( '  %-58s %d', $key, $count ), array_keys( self::$tally ), self::$tally );
		fwrite( STDERR, "\nFault drill tally (seed " . self::$seed . "):\n" . implode( "\n", $lines ) . "\n" );
		parent::tearDownAfterClass();
	}

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// Other processes write the job and rename tables: this one holds no transaction.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
	}

	/**
	 * The plan: the backups and restores in a shuffled order, each fault kind taking its turn
	 * within each kind of job.
	 *
	 * @return array<string, array{0: int, 1: string, 2: string}>
	 */
	public static function runs(): array {
		mt_srand( self::seed() );
		[ $backups, $restores ] = self::counts();
		$kinds    = array_merge( array_fill( 0, $backups, 'backup' ), array_fill( 0, $restores, 'restore' ) );
		shuffle( $kinds );
		$turns = array(
			'backup'  => 0,
			'restore' => 0,
		);
		$order = array(
			'backup'  => Faults::ALL,
			'restore' => Faults::ALL,
		);
		shuffle( $order['backup'] );
		shuffle( $order['restore'] );
		$runs = array();
		foreach ( $kinds as $i => $kind ) {
			$fault = $order[ $kind ][ $turns[ $kind ]++ % count( Faults::ALL ) ];
			$runs[ sprintf( 'run %02d: %s, %s', $i + 1, $kind, $fault ) ] = array( $i + 1, $kind, $fault );
		}
		return $runs;
	}

	#[DataProvider( 'runs' )]
	public function test_the_job_survives_a_fault_at_a_random_moment( int $run, string $kind, string $fault ): void {
		self::$site->change( $run );
		$before   = self::$site->fingerprint();
		$target   = 'restore' === $kind ? $this->pick_backup( $before ) : null;
		$ids      = array_column( $this->engine()->list(), 'id' );
		$params   = null === $target ? array() : array( 'backup' => $target );
		$started  = microtime( true );
		$job      = self::start( $kind, $params );
		$moment   = $started + ( mt_rand( 5, 95 ) / 100 ) * self::$duration[ $kind ];
		$current  = self::wait_until( $job, $moment );
		$what     = 'the job ended before its fault';
		$disk_due = null;
		if ( ! $current->is_finished() ) {
			$what     = self::$faults->inflict( $fault );
			$disk_due = Faults::DISK_FULL === $fault ? microtime( true ) + self::DISK_FULL_SECONDS : null;
		}
		$ended = self::wait_for_end( $job, $disk_due, $started );
		self::$faults->heal();
		if ( 'the job ended before its fault' === $what ) {
			self::$duration[ $kind ] = microtime( true ) - $started;
		}
		self::tally( $kind . ': ' . $fault . ( $current->is_finished() ? ' (ended before it)' : '' ) );
		self::tally( $kind . ': ' . $ended->status() );
		$story = "Run $run ($kind, $what):\n" . self::story( $ended );
		fwrite( STDERR, sprintf( "Run %d: %s, %s after %.1f s; %s in %.1f s, %d slices\n", $run, $kind, $what, $moment - $started, $ended->status(), microtime( true ) - $started, $ended->to_array()['slices'] ) );

		$this->assertContains( $ended->status(), array( Job::DONE, Job::FAILED ), $story );
		$this->assertMessageIsClear( $ended, $story );
		if ( Faults::DISK_FULL === $fault && 'backup' === $kind && Job::FAILED === $ended->status() ) {
			$this->assertStringContainsString( 'the disk that holds the backups is full', (string) $ended->to_array()['message'], $story );
		}
		$this->assertNewBackupsVerify( $ids, $story );
		$after = self::$site->fingerprint();
		if ( null === $target ) {
			$this->assertSame( $before, $after, 'The backup changed the site. ' . self::$site->difference( $before, $after ) . "\n$story" );
			if ( Job::DONE === $ended->status() ) {
				self::$backups[ (string) $ended->to_array()['result']['backup'] ] = $before;
			}
		} else {
			$expected = Job::DONE === $ended->status() ? self::$backups[ $target ] : $before;
			$this->assertSame( $expected, $after, 'The site is ' . ( $after === $before ? 'as before the restore' : ( $after === self::$backups[ $target ] ? 'as in the backup' : 'a mix of the two' ) ) . '. ' . self::$site->difference( $expected, $after ) . "\n$story" );
		}
		$this->assertSame( array(), self::$site->leftovers( self::$store_disk . '/store' ), "Left behind. $story" );

		// And the site can be backed up again, at once.
		$next = WordPressSite::create_backup( 'production', "After run $run" );
		$this->assertTrue( $this->engine()->verify( $next )->isOk(), "The backup after run $run does not verify" );
		self::$backups[ $next ] = $after;
	}

	/** An earlier backup whose site differs from today's. */
	private function pick_backup( string $today ): string {
		$others = array_keys( array_filter( self::$backups, static fn ( $fingerprint ) => $fingerprint !== $today ) );
		$this->assertNotEmpty( $others );
		return $others[ mt_rand( 0, count( $others ) - 1 ) ];
	}

	/**
	 * @param array<string, mixed> $params
	 */
	private static function start( string $kind, array $params ): string {
		$params = 'backup' === $kind
			? array(
				'environment' => 'production',
				'trigger'     => 'manual',
			)
			: $params + array(
				'environment'   => 'production',
				'parts'         => array( 'database', 'files' ),
				'safety_backup' => true,
			);
		return Plugin::instance()->job_runner()->start( Job::create( $kind, $params, 1 ) )->id();
	}

	/** Polls the job until the moment comes or it ends. */
	private static function wait_until( string $id, float $moment ): Job {
		do {
			usleep( 20000 );
			$job = self::find( $id );
		} while ( ! $job->is_finished() && microtime( true ) < $moment );
		return $job;
	}

	/**
	 * Visits wp-cron.php every second, as visitors and a system cron do, until the job ends;
	 * frees a full disk when its time comes.
	 */
	private static function wait_for_end( string $id, ?float $disk_due, float $started ): Job {
		$visited = 0.0;
		do {
			if ( microtime( true ) - $visited >= 1 ) {
				WordPressSite::get( home_url( '/wp-cron.php' ) );
				$visited = microtime( true );
			}
			usleep( 100000 );
			if ( null !== $disk_due && microtime( true ) >= $disk_due ) {
				self::$faults->heal();
				$disk_due = null;
			}
			$job = self::find( $id );
		} while ( ! $job->is_finished() && microtime( true ) - $started < self::RUN_DEADLINE );
		self::assertTrue( $job->is_finished(), 'The job has not ended after ' . self::RUN_DEADLINE . " s:\n" . self::story( $job ) );
		return $job;
	}

	private static function find( string $id ): Job {
		self::wait_for_database();
		wp_cache_flush();
		$job = ( new JobRepository() )->find( $id );
		self::assertNotNull( $job, "Job $id is gone" );
		return $job;
	}

	/**
	 * The drill's own process waits out a database that is coming back, as the plugin does: a query
	 * on a dead connection would have wpdb give up after a few seconds and end the process.
	 */
	private static function wait_for_database(): void {
		global $wpdb;
		$deadline = microtime( true ) + 120;
		while ( ! $wpdb->check_connection( false ) ) {
			self::assertLessThan( $deadline, microtime( true ), 'The database did not come back within 120 s.' );
			usleep( 250000 );
		}
	}

	private function assertMessageIsClear( Job $job, string $story ): void {
		$message = (string) $job->to_array()['message'];
		if ( Job::DONE === $job->status() ) {
			$errors = array_filter( $job->to_array()['log'], static fn ( $line ) => 'error' === $line['level'] );
			$this->assertSame( array(), $errors, "A job that went on to the end told of a failure. $story" );
			return;
		}
		$this->assertNotSame( '', $message, $story );
		$this->assertDoesNotMatchRegularExpression( '/unexpected error|\.php(:\d+| on line)|Call to |Undefined |Stack trace/i', $message, "Not a message for an admin. $story" );
		$this->assertMatchesRegularExpression( '/intact|Nothing was changed|was not changed|as it was/i', $message, "The message does not say what was kept. $story" );
	}

	/**
	 * @param list<string> $before Ids listed before the run.
	 */
	private function assertNewBackupsVerify( array $before, string $story ): void {
		foreach ( array_diff( array_column( $this->engine()->list(), 'id' ), $before ) as $id ) {
			$report = $this->engine()->verify( $id );
			$this->assertTrue( $report->isOk(), "Backup $id was published but does not verify: " . wp_json_encode( $report->toArray() ) . "\n$story" );
		}
	}

	private function engine(): \SiteBackups\Engine\Repository {
		return Plugin::instance()->backups()->engine();
	}

	/**
	 * How many backups and restores the drill runs.
	 *
	 * @return array{0: int, 1: int}
	 */
	private static function counts(): array {
		$backups  = getenv( 'SITE_BACKUPS_FAULT_BACKUPS' );
		$restores = getenv( 'SITE_BACKUPS_FAULT_RESTORES' );
		return array( false === $backups ? 20 : (int) $backups, false === $restores ? 10 : (int) $restores );
	}

	/** The dice's seed: given, or drawn once per process and printed with the tally. */
	private static function seed(): int {
		if ( 0 === self::$seed ) {
			self::$seed = (int) ( getenv( 'SITE_BACKUPS_FAULT_SEED' ) ?: random_int( 1, 999999 ) );
		}
		return self::$seed;
	}

	private static function tally( string $key ): void {
		self::$tally[ $key ] = ( self::$tally[ $key ] ?? 0 ) + 1;
	}

	private static function story( Job $job ): string {
		return (string) wp_json_encode( array_intersect_key( $job->to_array(), array_flip( array( 'status', 'message', 'slices', 'progress', 'log' ) ) ), JSON_PRETTY_PRINT );
	}
}
