<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use mysqli_driver;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Database\TableNotFoundException;

final class ConnectionTest extends DatabaseTestCase {

	public function testSessionIsUtf8mb4UtcAndLax(): void {
		self::assertSame(
			array(
				'cs'   => 'utf8mb4',
				'tz'   => '+00:00',
				'mode' => 'NO_AUTO_VALUE_ON_ZERO',
			),
			$this->db->fetchRow( 'SELECT @@character_set_client AS cs, @@time_zone AS tz, @@sql_mode AS mode' ),
		);
	}

	public function testWrongPasswordIsATypedExceptionNotAWarning(): void {
		$config = self::serverConfig( $this->config->name );
		$wrong  = new DatabaseConfig( $config->host, $config->user, 'wrong-password', $config->name, 'wp_', $config->socket, $config->port );

		try {
			Connection::open( $wrong );
			self::fail( 'Connecting with a wrong password must throw.' );
		} catch ( DatabaseException $e ) {
			self::assertStringContainsString( 'Could not connect to database', $e->getMessage() );
			self::assertStringNotContainsString( 'wrong-password', $e->getMessage() );
		}
	}

	public function testQueryErrorsNameTheStatementAndRestoreTheReportMode(): void {
		$driver   = new mysqli_driver();
		$previous = $driver->report_mode;
		mysqli_report( MYSQLI_REPORT_OFF );
		try {
			$this->db->execute( 'SELEKT 1' );
			self::fail( 'A syntax error must throw.' );
		} catch ( DatabaseException $e ) {
			self::assertStringStartsWith( 'SELEKT failed: You have an error in your SQL syntax', $e->getMessage() );
			// WordPress's wpdb expects the report mode it set; we must leave it as we found it.
			self::assertSame( MYSQLI_REPORT_OFF, ( new mysqli_driver() )->report_mode );
		} finally {
			mysqli_report( $previous );
		}
	}

	public function testAFailedStatementIsNamedWithoutTheValuesItCarried(): void {
		$this->db->execute( 'CREATE TABLE `wp_people` ( `id` INT PRIMARY KEY, `email` VARCHAR(100) NOT NULL, UNIQUE KEY `email` (`email`) )' );
		$this->db->execute( "INSERT INTO `wp_people` VALUES ( 1, 'secret.person@example.com' )" );
		$failures = array(
			"INSERT INTO `wp_people` VALUES ( 7, 'secret.person@example.com' )" => 'INSERT into `wp_people` failed: Duplicate entry [value] for key \'email\' (error 1062)',
			"INSERT INTO `wp_people` VALUES ( 1, 'secret_three' )" => 'INSERT into `wp_people` failed: Duplicate entry [value] for key \'PRIMARY\' (error 1062)',
			"UPDATE `wp_people` SET `email` = 'secret.person@example.com' WHERE `email` = 'secret_two'" => 'UPDATE on `wp_people` failed: Duplicate entry [value] for key \'email\'',
			"INSERT INTO `wp_people` VALUES ( 4, 'secret_two' ) WHERE 'secret.person@example.com'" => 'INSERT into `wp_people` failed: You have an error in your SQL syntax',
		);
		$this->db->execute( "INSERT INTO `wp_people` VALUES ( 2, 'secret_two' )" );
		foreach ( $failures as $sql => $expected ) {
			try {
				$this->db->execute( $sql );
				self::fail( 'The statement must fail: ' . $sql );
			} catch ( DatabaseException $e ) {
				self::assertStringStartsWith( $expected, $e->getMessage() );
				self::assertStringNotContainsString( 'secret', $e->getMessage() );
			}
		}
	}

	public function testASentStatementRunsBeforeTheNextAndItsErrorComesOnceWithoutItsValues(): void {
		$this->db->execute( 'CREATE TABLE `wp_sent` ( `id` INT PRIMARY KEY, `email` VARCHAR(100) NOT NULL )' );
		$this->db->send( "INSERT INTO `wp_sent` VALUES ( 1, 'one@example.com' ), ( 2, 'two@example.com' )" );
		self::assertSame( '2', $this->db->fetchValue( 'SELECT COUNT(*) FROM `wp_sent`' ), 'the next statement sees its rows' );

		$this->db->send( "INSERT INTO `wp_sent` VALUES ( 3, 'secret.three@example.com' ), ( 1, 'secret.again@example.com' )" );
		try {
			$this->db->execute( "INSERT INTO `wp_sent` VALUES ( 4, 'four@example.com' )" );
			self::fail( 'The error of the statement sent must come with the next one.' );
		} catch ( DatabaseException $e ) {
			self::assertStringStartsWith( 'INSERT into `wp_sent` failed: Duplicate entry [value] for key \'PRIMARY\' (error 1062)', $e->getMessage() );
			self::assertStringNotContainsString( 'secret', $e->getMessage() );
		}
		// Once told, the error is gone: the connection goes on, and the statement that met it never ran.
		$this->db->settle();
		self::assertSame( array( '1', '2' ), array_column( $this->db->fetchAll( 'SELECT id FROM `wp_sent` ORDER BY id' ), 'id' ) );
	}

	public function testWorkGivenForTheWaitRunsWhileTheServerRunsASentStatement(): void {
		$calls = 0;
		$this->db->whileWaiting(
			static function () use ( &$calls ): bool {
				++$calls;
				usleep( 1000 );
				return true;
			}
		);
		$this->db->send( 'DO SLEEP(0.3)' );
		$this->db->settle();
		self::assertGreaterThan( 20, $calls, 'called again and again while the server slept' );

		// Work that says it is done is not called again.
		$calls = 0;
		$this->db->whileWaiting(
			static function () use ( &$calls ): bool {
				++$calls;
				return false;
			}
		);
		$this->db->send( 'DO SLEEP(0.1)' );
		$this->db->execute( 'DO 1' );
		$this->db->send( 'DO SLEEP(0.1)' );
		$this->db->settle();
		self::assertSame( 1, $calls );
	}

	public function testAFailureOfTheWorkComesFromSettleAndTheConnectionGoesOn(): void {
		$this->db->execute( 'CREATE TABLE `wp_sent` ( `id` INT PRIMARY KEY )' );
		$this->db->whileWaiting(
			static function (): bool {
				throw new \RuntimeException( 'the work failed' );
			}
		);
		$this->db->send( 'INSERT INTO `wp_sent` SELECT SLEEP(0.2) + 7' );
		try {
			$this->db->settle();
			self::fail( 'The work\'s failure must be thrown.' );
		} catch ( \RuntimeException $e ) {
			self::assertSame( 'the work failed', $e->getMessage() );
		}
		self::assertSame( '7', $this->db->fetchValue( 'SELECT id FROM `wp_sent`' ), 'the statement ran, and its answer was read' );
		// Work that failed is not given another wait.
		$this->db->send( 'DO SLEEP(0.1)' );
		$this->db->settle();
	}

	public function testAMissingTableIsATableNotFoundException(): void {
		try {
			$this->db->fetchAll( 'SELECT * FROM `wp_gone`' );
			self::fail( 'Reading a missing table must throw.' );
		} catch ( TableNotFoundException $e ) {
			self::assertSame( 'wp_gone', $e->table );
		}
	}

	public function testWordPressHostSyntax(): void {
		$socket = DatabaseConfig::fromWordPressHost( 'localhost:/run/mysqld.sock', 'u', 'p', 'db' );
		self::assertSame( array( 'localhost', '/run/mysqld.sock', null ), array( $socket->host, $socket->socket, $socket->port ) );
		$port = DatabaseConfig::fromWordPressHost( 'db.example:3307', 'u', 'p', 'db' );
		self::assertSame( array( 'db.example', null, 3307 ), array( $port->host, $port->socket, $port->port ) );
		$ipv6 = DatabaseConfig::fromWordPressHost( '[::1]:3308', 'u', 'p', 'db' );
		self::assertSame( array( '::1', null, 3308 ), array( $ipv6->host, $ipv6->socket, $ipv6->port ) );
		$plain = DatabaseConfig::fromWordPressHost( 'localhost', 'u', 'p', 'db', 'site_' );
		self::assertSame( array( 'localhost', null, null, 'site_' ), array( $plain->host, $plain->socket, $plain->port, $plain->tablePrefix ) );
		self::assertStringNotContainsString( '"p"', print_r( $plain, true ) );
	}
}
