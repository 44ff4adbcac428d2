<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\ConnectionLost;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Database\DatabaseException;

/**
 * A connection the server drops (a restart, a KILL, a socket with no server behind it) is told
 * from a statement the server refuses: the first is weather that a job waits out, the second a
 * failure. Either way the caller gets a DatabaseException, never a PHP warning.
 */
final class ConnectionLostTest extends DatabaseTestCase {

	public function testAConnectionTheServerKillsIsLostNotFailed(): void {
		$victim = $this->connect( $this->config );
		$this->kill( $victim );

		$error = $this->failureOf( static fn () => $victim->fetchValue( 'SELECT 1' ) );

		$this->assertTrue( ConnectionLost::isCause( $error ), $error->getMessage() );
	}

	public function testRowsStreamingWhenTheConnectionDiesEndInALostConnection(): void {
		$this->db->execute( 'CREATE TABLE wp_rows (id int NOT NULL PRIMARY KEY, v varchar(200) NOT NULL)' );
		$this->db->execute( "INSERT INTO wp_rows SELECT seq, REPEAT('x', 200) FROM seq_1_to_20000" );
		$victim = $this->connect( $this->config );
		$id     = (int) $victim->fetchValue( 'SELECT CONNECTION_ID()' );

		$error = $this->failureOf(
			function () use ( $victim, $id ): void {
				foreach ( $victim->streamRows( 'SELECT * FROM wp_rows' ) as $i => $row ) {
					if ( 10 === $i ) {
						$this->connect( $this->config )->execute( 'KILL CONNECTION ' . $id );
					}
				}
			}
		);

		$this->assertTrue( ConnectionLost::isCause( $error ), $error->getMessage() );
	}

	public function testNoServerBehindTheSocketIsLostNotFailed(): void {
		$nowhere = new DatabaseConfig( 'localhost', 'nobody', 'nothing', 'none', 'wp_', sys_get_temp_dir() . '/no-server-' . bin2hex( random_bytes( 4 ) ) . '.sock' );

		$error = $this->failureOf( static fn () => Connection::open( $nowhere, 2 ) );

		$this->assertTrue( ConnectionLost::isCause( $error ), $error->getMessage() );
	}

	public function testAStatementTheServerRefusesIsAFailure(): void {
		$this->db->execute( 'CREATE TABLE wp_unique (id int NOT NULL PRIMARY KEY)' );
		$this->db->execute( 'INSERT INTO wp_unique VALUES (1)' );

		$duplicate = $this->failureOf( fn () => $this->db->execute( 'INSERT INTO wp_unique VALUES (1)' ) );
		$syntax    = $this->failureOf( fn () => $this->db->execute( 'SELEKT 1' ) );

		$this->assertFalse( ConnectionLost::isCause( $duplicate ) );
		$this->assertFalse( ConnectionLost::isCause( $syntax ) );
		$this->assertFalse( ConnectionLost::isCause( new \RuntimeException( 'Query failed (error 2006)', 2006 ) ), 'only database errors count' );
	}

	private function kill( Connection $victim ): void {
		$id = (int) $victim->fetchValue( 'SELECT CONNECTION_ID()' );
		$this->connect( $this->config )->execute( 'KILL CONNECTION ' . $id );
	}

	private function failureOf( callable $work ): DatabaseException {
		try {
			$work();
		} catch ( DatabaseException $error ) {
			return $error;
		}
		$this->fail( 'No database error was raised' );
	}
}
