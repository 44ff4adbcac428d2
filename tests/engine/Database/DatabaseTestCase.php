<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Tests\Engine\Support\DatabaseDumper;
use SiteBackups\Engine\Database\DumpCursor;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\TableDumper;

/**
 * Base for tests against a real MariaDB. Each test gets its own throw-away
 * database (sbtest_<hex>), dropped afterwards. The server comes from
 * SITE_BACKUPS_TEST_DB_SOCKET (or _HOST/_PORT), _USER and _PASSWORD; when
 * they are missing the test FAILS: a missing database must never look green.
 */
abstract class DatabaseTestCase extends TestCase {

	protected DatabaseConfig $config;
	protected Connection $db;
	/** @var list<string> */
	private array $databases = array();
	/** @var list<Connection> */
	private array $connections = array();
	private ?Connection $admin = null;

	protected function setUp(): void {
		parent::setUp();
		$this->config = $this->createDatabase();
		$this->db     = $this->connect( $this->config );
	}

	protected function tearDown(): void {
		foreach ( $this->connections as $connection ) {
			$connection->close();
		}
		$this->connections = array();
		if ( $this->admin !== null ) {
			foreach ( $this->databases as $name ) {
				$this->admin->execute( 'DROP DATABASE IF EXISTS `' . $name . '`' );
			}
			$this->admin->close();
			$this->admin = null;
		}
		$this->databases = array();
		parent::tearDown();
	}

	protected static function serverConfig( string $name = '' ): DatabaseConfig {
		$socket   = getenv( 'SITE_BACKUPS_TEST_DB_SOCKET' ) ?: null;
		$host     = getenv( 'SITE_BACKUPS_TEST_DB_HOST' ) ?: null;
		$user     = getenv( 'SITE_BACKUPS_TEST_DB_USER' );
		$password = getenv( 'SITE_BACKUPS_TEST_DB_PASSWORD' );
		if ( ( $socket === null && $host === null ) || $user === false || $user === '' || $password === false ) {
			self::fail(
				'No test database server configured: set SITE_BACKUPS_TEST_DB_SOCKET (or SITE_BACKUPS_TEST_DB_HOST'
				. ' and SITE_BACKUPS_TEST_DB_PORT), SITE_BACKUPS_TEST_DB_USER and SITE_BACKUPS_TEST_DB_PASSWORD.'
				. ' The user needs CREATE/DROP DATABASE, TRIGGER and CREATE VIEW privileges.'
			);
		}
		$port = getenv( 'SITE_BACKUPS_TEST_DB_PORT' );

		return new DatabaseConfig(
			$host ?? 'localhost',
			$user,
			$password,
			$name,
			'wp_',
			$socket,
			$port !== false && $port !== '' ? (int) $port : null,
		);
	}

	/** A new empty database, dropped in tearDown. */
	protected function createDatabase(): DatabaseConfig {
		$name          = 'sbtest_' . bin2hex( random_bytes( 6 ) );
		$this->admin ??= Connection::open( self::serverConfig() );
		$this->admin->execute( 'CREATE DATABASE `' . $name . '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci' );
		$this->databases[] = $name;

		return self::serverConfig( $name );
	}

	protected function connect( DatabaseConfig $config ): Connection {
		$connection          = Connection::open( $config );
		$this->connections[] = $connection;

		return $connection;
	}

	/** @param list<string> $statements */
	protected function runAll( Connection $connection, array $statements ): void {
		foreach ( $statements as $statement ) {
			$connection->execute( $statement );
		}
	}

	protected function dumpDatabase( Connection $connection, string $prefix = 'wp_', ?DumpOptions $options = null ): string {
		$out = fopen( 'php://temp', 'w+b' );
		self::assertIsResource( $out );
		( new DatabaseDumper( $connection, $options ?? new DumpOptions() ) )->dump( $prefix, $out );
		rewind( $out );
		$sql = (string) stream_get_contents( $out );
		fclose( $out );

		return $sql;
	}

	/**
	 * Dumps one table chunk by chunk.
	 *
	 * @param array<string, mixed>|null $hint
	 * @return array{list<string>, array<string, mixed>} the chunks and the hint
	 */
	protected function dumpChunks( Connection $connection, string $table, DumpOptions $options, ?array $hint = null ): array {
		$dumper  = new TableDumper( $connection, $options );
		$cursor  = $dumper->start( $table, $hint );
		$newHint = $cursor->hint();
		$chunks  = array();
		while ( $cursor !== null ) {
			$cursor = $dumper->writeNextChunk( $cursor, $out = self::memoryStream() );
			rewind( $out );
			$chunks[] = (string) stream_get_contents( $out );
			fclose( $out );
		}

		return array( $chunks, $newHint );
	}

	protected static function chunkText( TableDumper $dumper, DumpCursor $cursor, ?DumpCursor &$next = null ): string {
		$out  = self::memoryStream();
		$next = $dumper->writeNextChunk( $cursor, $out );
		rewind( $out );
		$text = (string) stream_get_contents( $out );
		fclose( $out );

		return $text;
	}

	/** @return resource */
	protected static function memoryStream() {
		$stream = fopen( 'php://temp', 'w+b' );
		self::assertIsResource( $stream );

		return $stream;
	}

	/** @return resource */
	protected static function streamOf( string $text ) {
		$stream = self::memoryStream();
		fwrite( $stream, $text );
		rewind( $stream );

		return $stream;
	}

	/** Imports a SQL file with the real `mariadb` command-line client. */
	protected function importWithClient( DatabaseConfig $config, string $file ): void {
		$client = trim( (string) shell_exec( 'command -v mariadb || command -v mysql' ) );
		self::assertNotSame( '', $client, 'The mariadb command-line client is not installed.' );
		$command   = array( $client, '--user=' . $config->user, '--database=' . $config->name, '--batch' );
		$command[] = $config->socket !== null ? '--socket=' . $config->socket : '--host=' . $config->host;
		if ( $config->port !== null ) {
			$command[] = '--port=' . $config->port;
		}
		$input = fopen( $file, 'rb' );
		self::assertIsResource( $input );
		$process = proc_open(
			$command,
			array(
				0 => $input,
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes,
			null,
			array(
				'MYSQL_PWD' => $config->password(),
				'PATH'      => (string) getenv( 'PATH' ),
			),
		);
		self::assertIsResource( $process );
		$stdout = stream_get_contents( $pipes[1] );
		$stderr = stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$status = proc_close( $process );
		fclose( $input );
		self::assertSame( 0, $status, 'mariadb client failed: ' . $stderr . $stdout );
	}

	/** Like assertSame for long texts, but reports the first difference instead of megabytes of diff. */
	protected static function assertSameText( string $expected, string $actual, string $message = '' ): void {
		if ( $expected === $actual ) {
			self::assertSame( strlen( $expected ), strlen( $actual ) );

			return;
		}
		$length = min( strlen( $expected ), strlen( $actual ) );
		$at     = 0;
		while ( $at < $length && $expected[ $at ] === $actual[ $at ] ) {
			++$at;
		}
		$from = max( 0, $at - 80 );
		self::fail(
			sprintf(
				"%s\nTexts differ at byte %d (lengths %d and %d).\nExpected: ...%s...\nActual:   ...%s...",
				$message,
				$at,
				strlen( $expected ),
				strlen( $actual ),
				addcslashes( substr( $expected, $from, 160 ), "\0..\37" ),
				addcslashes( substr( $actual, $from, 160 ), "\0..\37" ),
			)
		);
	}

	/**
	 * @param list<string> $tables
	 * @return array<string, string> table => CHECKSUM TABLE value
	 */
	protected static function checksums( Connection $connection, array $tables ): array {
		$sums = array();
		foreach ( $tables as $table ) {
			$sums[ $table ] = (string) $connection->fetchRow( 'CHECKSUM TABLE `' . $table . '` EXTENDED' )['Checksum'];
		}

		return $sums;
	}

	/**
	 * @param list<string> $tables
	 * @return array<string, string> table => SHOW CREATE TABLE
	 */
	protected static function createStatements( Connection $connection, array $tables ): array {
		$creates = array();
		foreach ( $tables as $table ) {
			$creates[ $table ] = (string) $connection->fetchRow( 'SHOW CREATE TABLE `' . $table . '`' )['Create Table'];
		}

		return $creates;
	}
}
