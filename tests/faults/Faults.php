<?php
/**
 * What the fault drill does to the test stack, the hard way, and how the stack comes back:
 * MariaDB killed and started again, PHP-FPM's master and workers killed and started again, the
 * worker running the job's slice killed (its master starts another), the store's disk filled.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Faults;

use PHPUnit\Framework\Assert;

final class Faults {

	public const MARIADB         = 'MariaDB killed';
	public const PHP_FPM         = 'PHP-FPM killed';
	public const LOOPBACK_WORKER = "the slice's worker killed";
	public const DISK_FULL       = 'disk full';

	public const ALL = array( self::MARIADB, self::PHP_FPM, self::LOOPBACK_WORKER, self::DISK_FULL );

	/** The mu-plugin through which each slice's worker names itself. */
	private const PID_PLUGIN = 'site-backups-fault-drill-pids.php';

	private string $run_dir;

	private string $filler;

	/** How many files fill_the_rest() wrote, so heal() removes each. */
	private int $rest_files = 0;

	public function __construct( private readonly string $repo, string $site_root, private readonly string $disk ) {
		$this->run_dir = dirname( $site_root, 2 ) . '/run';
		$this->filler  = $disk . '/filler';
	}

	/** Every slice's worker (loopback or WP-Cron) writes its pid where the drill finds it. */
	public function watch_slices(): void {
		$pid_file = var_export( $this->run_dir . '/fault-drill-slice.pid', true );
		file_put_contents(
			WPMU_PLUGIN_DIR . '/' . self::PID_PLUGIN,
			"<?php\nif ( 'site_backups_slice' === ( \$_REQUEST['action'] ?? '' ) || ( defined( 'DOING_CRON' ) && DOING_CRON ) ) {\n\tfile_put_contents( $pid_file, (string) getmypid() );\n}\n"
			// Short slices, as on a host with tight limits: more requests, more moments to fail in.
			. "add_filter( 'site_backups_slice_seconds', static fn () => 0.5 );\n"
		);
	}

	public function stop_watching(): void {
		@unlink( WPMU_PLUGIN_DIR . '/' . self::PID_PLUGIN );
		@unlink( $this->run_dir . '/fault-drill-slice.pid' );
	}

	/**
	 * Does it; returns what was done, for the run's story.
	 */
	public function inflict( string $fault ): string {
		switch ( $fault ) {
			case self::MARIADB:
				$this->kill_master( 'mysqld.pid', false );
				usleep( random_int( 500000, 3000000 ) );
				$this->start_stack();
				return 'killed MariaDB (kill -9) and started it again';
			case self::PHP_FPM:
				$this->kill_master( 'php-fpm.pid', true );
				usleep( random_int( 200000, 2000000 ) );
				$this->start_stack();
				return "killed PHP-FPM's master and workers (kill -9) and started it again";
			case self::LOOPBACK_WORKER:
				return $this->kill_slice_worker();
			case self::DISK_FULL:
				$free = (int) disk_free_space( $this->disk );
				// The job writes meanwhile: the bulk at once, then whatever is left, to the last block.
				exec( sprintf( 'fallocate -l %d %s 2>&1', max( 4096, $free - 1048576 ), escapeshellarg( $this->filler ) ) );
				$left = $this->fill_the_rest();
				Assert::assertLessThan( 65536, $left, 'The disk could not be filled' );
				return sprintf( 'filled the store\'s disk (%d MB taken, %d KB left)', intdiv( $free, 1048576 ), intdiv( $left, 1024 ) );
		}
		Assert::fail( "Unknown fault $fault" );
	}

	/**
	 * Takes what is left, block by block, until less than 64 KB is free: the job may free
	 * a temporary file in the moment after a pass, so one pass is not always enough.
	 */
	private function fill_the_rest(): int {
		$deadline = microtime( true ) + 10;
		$pass     = 0;
		do {
			exec( sprintf( 'dd if=/dev/zero of=%s bs=4096 2>&1', escapeshellarg( $this->filler . '-rest' . $pass ) ) );
			++$pass;
			$left = (int) disk_free_space( $this->disk );
		} while ( $left >= 65536 && microtime( true ) < $deadline );
		$this->rest_files = $pass;
		return $left;
	}

	/** Frees the disk again (the other faults were over as soon as they were done). */
	public function heal(): void {
		@unlink( $this->filler );
		for ( $pass = 0; $pass < $this->rest_files; $pass++ ) {
			@unlink( $this->filler . '-rest' . $pass );
		}
	}

	/** Kills a server's master and, if asked, its workers first, so none is left to finish. */
	private function kill_master( string $pid_file, bool $with_workers ): void {
		$master = (int) trim( (string) file_get_contents( $this->run_dir . '/' . $pid_file ) );
		Assert::assertGreaterThan( 1, $master );
		$workers = $with_workers ? array_filter( array_map( 'intval', explode( "\n", (string) shell_exec( 'pgrep -P ' . $master ) ) ) ) : array();
		posix_kill( $master, 9 );
		foreach ( $workers as $pid ) {
			posix_kill( $pid, 9 );
		}
	}

	private function kill_slice_worker(): string {
		$master   = (int) trim( (string) file_get_contents( $this->run_dir . '/php-fpm.pid' ) );
		$deadline = microtime( true ) + 5;
		do {
			$pid = (int) @file_get_contents( $this->run_dir . '/fault-drill-slice.pid' );
			$stat = $pid > 0 ? @file_get_contents( "/proc/$pid/stat" ) : false;
			// "pid (name) state ppid ...": only a live worker of this stack's master.
			if ( false !== $stat && (int) explode( ' ', substr( $stat, (int) strrpos( $stat, ')' ) + 2 ) )[1] === $master ) {
				posix_kill( $pid, 9 );
				return "killed the worker running the job's slice (pid $pid, kill -9)";
			}
			usleep( 20000 );
		} while ( microtime( true ) < $deadline );
		return 'found no worker running a slice to kill';
	}

	private function start_stack(): void {
		exec( 'QUIET=1 bash ' . escapeshellarg( $this->repo . '/tests/stack/start.sh' ) . ' test 2>&1', $output, $status );
		Assert::assertSame( 0, $status, 'The stack did not come back: ' . implode( "\n", $output ) );
	}
}
