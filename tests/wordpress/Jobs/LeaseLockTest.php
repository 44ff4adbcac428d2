<?php
/**
 * The job lease: exactly one holder, even under real concurrency.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Jobs\LeaseLock;
use SiteBackups\Tests\WordPress\TestCase;

final class LeaseLockTest extends TestCase {

	private string $name;

	protected function setUp(): void {
		parent::setUp();
		$this->name = 'site_backups_test_lease_' . wp_generate_password( 8, false );
	}

	protected function tearDown(): void {
		delete_option( $this->name );
		parent::tearDown();
	}

	public function test_a_second_owner_is_refused_while_the_lease_is_live(): void {
		$first  = new LeaseLock( $this->name, 'first' );
		$second = new LeaseLock( $this->name, 'second' );

		$this->assertTrue( $first->acquire() );
		$this->assertFalse( $second->acquire() );
		$this->assertFalse( $second->renew() );
		$this->assertSame( 'first', $first->holder()['owner'] ?? null );

		$second->release();
		$this->assertSame( 'first', $first->holder()['owner'] ?? null, 'A non-holder released the lease' );

		$first->release();
		$this->assertNull( $first->holder() );
		$this->assertTrue( $second->acquire() );
	}

	public function test_an_expired_lease_is_taken_over_and_its_old_holder_knows(): void {
		$crashed = new LeaseLock( $this->name, 'crashed', 1 );
		$this->assertTrue( $crashed->acquire() );
		$this->expire_lease();

		$successor = new LeaseLock( $this->name, 'successor' );
		$this->assertTrue( $successor->acquire() );
		$this->assertFalse( $crashed->renew(), 'The old holder still thinks it holds the lease' );
		$this->assertTrue( $successor->renew() );
	}

	public function test_a_holder_may_take_its_own_lease_again(): void {
		$lock = new LeaseLock( $this->name, 'same' );
		$this->assertTrue( $lock->acquire() );
		$this->assertTrue( $lock->acquire() );
	}

	public function test_garbage_in_the_option_counts_as_expired(): void {
		update_option( $this->name, 'not json', false );
		$this->assertTrue( ( new LeaseLock( $this->name, 'anyone' ) )->acquire() );
	}

	public function test_ten_processes_racing_for_the_lease_give_exactly_one_winner(): void {
		global $wpdb;
		// The race happens in other connections: let them see a committed state.
		$wpdb->query( 'COMMIT' );
		$start     = microtime( true ) + 2.5;
		$processes = array();
		for ( $i = 0; $i < 10; $i++ ) {
			$command     = array( PHP_BINARY, __DIR__ . '/../fixtures/contend-for-lease.php', $this->name, sprintf( '%.6F', $start ) );
			$pipes       = array();
			$processes[] = array( proc_open( $command, array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes ), $pipes );
		}
		$results = array();
		foreach ( $processes as [ $process, $pipes ] ) {
			$results[] = trim( (string) stream_get_contents( $pipes[1] ) ) . trim( (string) stream_get_contents( $pipes[2] ) );
			proc_close( $process );
		}
		$this->assertSame( 10, count( $results ) );
		$counts = array_count_values( $results );
		ksort( $counts );
		$this->assertSame( array( 'lost' => 9, 'won' => 1 ), $counts, implode( "\n", $results ) );
	}

	/**
	 * Moves the stored lease's expiry into the past, as if time had passed.
	 */
	private function expire_lease(): void {
		global $wpdb;
		$raw  = (string) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $this->name ) );
		$data = json_decode( $raw, true );
		$data['expires'] = time() - 1;
		$wpdb->update( $wpdb->options, array( 'option_value' => wp_json_encode( $data ) ), array( 'option_name' => $this->name ) );
	}
}
