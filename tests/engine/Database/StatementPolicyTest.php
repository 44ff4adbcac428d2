<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Database\RefusedStatement;
use SiteBackups\Engine\Database\SqlStatementReader;
use SiteBackups\Engine\Database\StatementKind;
use SiteBackups\Engine\Database\StatementPolicy;
use SiteBackups\Engine\Database\TableNameMap;

/** The loader's policy lets through every statement the dumper writes, and nothing else. */
final class StatementPolicyTest extends DatabaseTestCase {

	private const SECRET = 'hunter2-secret-row-value';

	public function testEveryStatementOfARealDumpIsLetThrough(): void {
		HardCasesFixture::create( $this->db );
		$this->db->execute( 'CREATE TABLE wp_parent (id int PRIMARY KEY) ENGINE=InnoDB' );
		$this->db->execute( 'CREATE TABLE wp_child (id int PRIMARY KEY, p int, CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES wp_parent (id)) ENGINE=InnoDB' );
		$this->db->execute( 'CREATE TABLE wp_parted (id int PRIMARY KEY, v varchar(10) DEFAULT NULL CHECK (v <> \'x\')) ENGINE=InnoDB PARTITION BY HASH (id) PARTITIONS 2' );
		$this->db->execute( 'CREATE VIEW wp_joined AS SELECT p.id, c.p FROM wp_parent p JOIN wp_child c ON c.p = p.id WHERE EXTRACT(YEAR FROM NOW()) > 2000 AND p.id IN (SELECT id FROM wp_parent)' );
		$this->db->execute( 'CREATE VIEW wp_cte AS WITH recent AS (SELECT id FROM wp_parent) SELECT id FROM recent' );
		$this->db->execute( 'CREATE TRIGGER wp_child_ai AFTER INSERT ON wp_child FOR EACH ROW INSERT INTO wp_parent (id) VALUES (NEW.id + 1000) ON DUPLICATE KEY UPDATE id = id' );
		$this->db->execute(
			"CREATE TRIGGER wp_parent_bi BEFORE INSERT ON wp_parent FOR EACH ROW lbl: BEGIN\n"
			. "  DECLARE n INT DEFAULT 0;\n  SELECT COUNT(*) INTO n FROM wp_child; -- a comment; with a semicolon\n"
			. "  CASE WHEN n > 5 THEN SET NEW.id = NEW.id + CASE n WHEN 6 THEN 1 ELSE 2 END; ELSE BEGIN END; END CASE;\n"
			. "  IF n > 100 THEN LEAVE lbl; END IF;\n  WHILE n > 200 DO SET n = n - 1; END WHILE;\nEND lbl"
		);
		$dump = $this->dumpDatabase( $this->db, 'wp_', new DumpOptions( maxStatementBytes: 4096, targetChunkBytes: 4096 ) );

		$policy = new StatementPolicy( 'wp_', array( $this->config->name, 'mysql', 'information_schema' ), array( 'wp2_x', 'wpx_other' ) );
		$kinds  = array();
		foreach ( ( new SqlStatementReader( self::streamOf( $dump ) ) )->statements() as $statement ) {
			$kind           = $policy->check( $statement )->kind->value;
			$kinds[ $kind ] = ( $kinds[ $kind ] ?? 0 ) + 1;
		}
		self::assertSame( 5, $kinds[ StatementKind::CreateTrigger->value ] );
		self::assertSame( 4, $kinds[ StatementKind::CreateView->value ] );

		self::assertEqualsCanonicalizing(
			array_map( static fn ( StatementKind $k ): string => $k->value, StatementKind::cases() ),
			array_keys( $kinds )
		);
	}

	public function testRowsThatLookLikeSqlAreLiterals(): void {
		$policy = new StatementPolicy( 'wp_' );
		$insert = "INSERT INTO `wp_users` (`ID`,`user_login`,`note`) VALUES\n"
			. "(1,'\\'; DROP TABLE wp_users; --',NULL),\n"
			. "(2,'x'' , (SELECT LOAD_FILE(\\'/etc/passwd\\')), ''',0x3b3b),\n"
			. "(-3.5e-7,'*/ GRANT ALL ON *.* TO x; /*!50000 DROP TABLE y */','\\\\')";

		self::assertSame( StatementKind::Insert, $policy->check( $insert )->kind );
		self::assertSame( 'wp_users', $policy->check( $insert )->name );
	}

	/** @return array<string, array{string, string}> */
	public static function hostileStatements(): array {
		$secret = "'" . self::SECRET . "'";
		return array(
			'grant'                      => array( 'GRANT ALL PRIVILEGES ON *.* TO `x`@`%`', 'GRANT' ),
			'set global'                 => array( 'SET GLOBAL general_log = 1', 'SET GLOBAL' ),
			'set global in the header'   => array( 'SET @OLD_SQL_MODE = @@SQL_MODE, @@GLOBAL.SQL_MODE = ' . $secret, 'SET GLOBAL' ),
			'set of another variable'    => array( 'SET SESSION sql_log_bin = 0', 'SET of a setting' ),
			'set names to gbk'           => array( 'SET NAMES gbk', 'SET of a setting' ),
			'set password'               => array( 'SET PASSWORD = PASSWORD(' . $secret . ')', 'SET PASSWORD' ),
			'select into outfile'        => array( 'SELECT ' . $secret . ' INTO OUTFILE \'/tmp/x.php\'', 'SELECT ... INTO OUTFILE' ),
			'select'                     => array( 'SELECT ' . $secret, 'SELECT' ),
			'load data'                  => array( 'LOAD DATA INFILE \'/etc/passwd\' INTO TABLE `wp_x`', 'LOAD DATA' ),
			'create table on another db' => array( 'CREATE TABLE `otherdb`.`wp_t` (id int)', 'CREATE TABLE naming another database' ),
			'create table outside'       => array( 'CREATE TABLE `other_t` (id int)', 'CREATE TABLE of a table outside the backup' ),
			'create table as select'     => array( 'CREATE TABLE `wp_t` (id int) SELECT * FROM mysql.user', 'CREATE TABLE using SELECT' ),
			'create table like'          => array( 'CREATE TABLE `wp_t` (LIKE `mysql`.`user`)', 'CREATE TABLE copying another table' ),
			'create table data dir'      => array( 'CREATE TABLE `wp_t` (id int) ENGINE=InnoDB DATA DIRECTORY=\'/tmp\'', 'CREATE TABLE using DIRECTORY' ),
			'create table connect'       => array( 'CREATE TABLE `wp_t` (l text) ENGINE=CONNECT TABLE_TYPE=DOS FILE_NAME=\'/etc/passwd\'', 'storage engine' ),
			'create table federated'     => array( 'CREATE TABLE `wp_t` (id int) ENGINE=FEDERATED CONNECTION=\'mysql://u@h/d/t\'', 'storage engine' ),
			'foreign key to another db'  => array( 'CREATE TABLE `wp_t` (id int, FOREIGN KEY (id) REFERENCES `otherdb`.`t` (id))', 'CREATE TABLE naming another database' ),
			'foreign key outside'        => array( 'CREATE TABLE `wp_t` (id int, FOREIGN KEY (id) REFERENCES `other_t` (id))', 'referring to a table outside' ),
			'lower-case create table'    => array( 'create table `other_t` (id int)', 'CREATE TABLE' ),
			'drop table outside'         => array( 'DROP TABLE IF EXISTS `other_t`', 'DROP TABLE of a table outside the backup' ),
			'drop two tables'            => array( 'DROP TABLE IF EXISTS `wp_a`, `other_t`', 'DROP TABLE' ),
			'drop database'              => array( 'DROP DATABASE `sb`', 'DROP DATABASE' ),
			'insert outside'             => array( "INSERT INTO `other_t` (`a`) VALUES\n(" . $secret . ')', 'INSERT of a table outside the backup' ),
			'insert into another db'     => array( "INSERT INTO `otherdb`.`wp_t` (`a`) VALUES\n(" . $secret . ')', 'INSERT INTO naming another database' ),
			'insert select'              => array( 'INSERT INTO `wp_t` (`a`) SELECT authentication_string FROM mysql.user', 'INSERT ... SELECT' ),
			'insert with a function'     => array( "INSERT INTO `wp_t` (`a`) VALUES\n(LOAD_FILE('/etc/passwd'))", 'INSERT with more than values' ),
			'insert with a subquery'     => array( "INSERT INTO `wp_t` (`a`,`b`) VALUES\n('a\\', (SELECT 1), '')", 'INSERT with more than values' ),
			'two statements in one'      => array( "INSERT INTO `wp_t` (`a`) VALUES\n(1); GRANT ALL ON *.* TO x", 'INSERT with more than values' ),
			'create view with definer'   => array( 'CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `wp_v` AS select 1', 'CREATE VIEW with a DEFINER' ),
			'view reading another db'    => array( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_v` AS select `u`.`User` AS `u` from `mysql`.`user` `u`', 'CREATE VIEW naming another database' ),
			'view reading outside'       => array( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_v` AS select `id` from `other_t`', 'CREATE VIEW touching a table outside the backup' ),
			'view reading a foreign one' => array( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_v` AS select `x`.`id` from `wp_posts` join `wp_shop_users` `x`', 'CREATE VIEW touching a table outside the backup' ),
			'view of a foreign name'     => array( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `other_v` AS select 1', 'CREATE VIEW of a table outside the backup' ),
			'view with two statements'   => array( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_v` AS select 1; DROP TABLE `wp_users`', 'two statements in one' ),
			'procedure'                  => array( 'CREATE PROCEDURE `wp_p`() BEGIN SELECT 1; END', 'CREATE PROCEDURE' ),
			'function'                   => array( 'CREATE DEFINER=`root`@`%` FUNCTION `wp_f`() RETURNS int RETURN 1', 'CREATE FUNCTION with a DEFINER' ),
			'event'                      => array( 'CREATE EVENT `wp_e` ON SCHEDULE EVERY 1 DAY DO DELETE FROM wp_users', 'CREATE EVENT' ),
			'trigger with definer'       => array( 'CREATE DEFINER=`root`@`%` TRIGGER `wp_t` BEFORE INSERT ON `wp_posts` FOR EACH ROW SET NEW.id = 1', 'CREATE TRIGGER with a DEFINER' ),
			'trigger on a table outside' => array( 'CREATE TRIGGER `wp_t` BEFORE INSERT ON `other_t` FOR EACH ROW SET NEW.id = 1', 'CREATE TRIGGER of a table outside the backup' ),
			'trigger writing outside'    => array( 'CREATE TRIGGER `wp_t` AFTER INSERT ON `wp_posts` FOR EACH ROW INSERT INTO other_log (id) VALUES (NEW.ID)', 'CREATE TRIGGER touching a table outside the backup' ),
			'trigger writing another db' => array( 'CREATE TRIGGER `wp_t` AFTER INSERT ON `wp_posts` FOR EACH ROW UPDATE mysql.user SET authentication_string = \'\'', 'CREATE TRIGGER naming another database' ),
			'trigger in another db 2'    => array( 'CREATE TRIGGER `wp_t` AFTER INSERT ON `wp_posts` FOR EACH ROW DELETE FROM `otherdb`.`wp_posts`', 'CREATE TRIGGER naming another database' ),
			'trigger touching a foreign' => array( 'CREATE TRIGGER `wp_t` AFTER INSERT ON `wp_posts` FOR EACH ROW BEGIN DELETE FROM wp_shop_users; END', 'CREATE TRIGGER touching a table outside the backup' ),
			'trigger two statements'     => array( 'CREATE TRIGGER `wp_t` BEFORE INSERT ON `wp_posts` FOR EACH ROW SET NEW.id = 1; SELECT 1', 'two statements in one' ),
			'trigger statement after end' => array( 'CREATE TRIGGER `wp_t` BEFORE INSERT ON `wp_posts` FOR EACH ROW BEGIN SET NEW.id = CASE WHEN NEW.id > 0 THEN 1 ELSE 2 END; END; INSERT INTO `wp_posts` (ID) VALUES (1)', 'two statements in one' ),
			'trigger outfile'            => array( 'CREATE TRIGGER `wp_t` BEFORE INSERT ON `wp_posts` FOR EACH ROW BEGIN SELECT 1 INTO OUTFILE \'/tmp/x\'; END', 'CREATE TRIGGER using OUTFILE' ),
			'trigger calling'            => array( 'CREATE TRIGGER `wp_t` BEFORE INSERT ON `wp_posts` FOR EACH ROW CALL evil()', 'CREATE TRIGGER using CALL' ),
			'executable comment'         => array( '/*!50000 GRANT ALL ON *.* TO x */', 'executable comment' ),
			'executable comment inside'  => array( 'CREATE TABLE `wp_t` (id int) /*!50000 , b int */', 'executable comment' ),
			'mariadb executable comment' => array( 'CREATE TRIGGER `wp_t` BEFORE INSERT ON `wp_posts` FOR EACH ROW SET NEW.id = 1 /*M!100000 , @x = 1 */', 'executable comment' ),
			'rename'                     => array( 'RENAME TABLE `wp_users` TO `x`', 'RENAME TABLE' ),
			'row-like garbage'           => array( self::SECRET . "', 'more')", 'an unrecognised statement' ),
		);
	}

	#[DataProvider( 'hostileStatements' )]
	public function testAStatementTheDumperNeverWritesIsRefusedByItsKindAlone( string $statement, string $kind ): void {
		$policy = new StatementPolicy( 'wp_', array( 'otherdb', 'mysql', 'information_schema' ), array( 'other_t', 'other_log', 'wp_shop_users' ) );
		try {
			$policy->check( $statement );
			self::fail( 'let through: ' . $statement );
		} catch ( RefusedStatement $refused ) {
			self::assertStringContainsString( $kind, $refused->kind );
			self::assertStringStartsWith( "The backup's database holds a statement a backup never contains (", $refused->getMessage() );
			self::assertStringNotContainsString( self::SECRET, $refused->getMessage() );
			self::assertStringNotContainsString( '/etc/passwd', $refused->getMessage() );
		}
	}

	public function testTheSqlModeATriggerSetsDecidesHowItIsRead(): void {
		$policy = new StatementPolicy( 'wp_', array( 'otherdb' ) );
		$policy->check( "SET SESSION SQL_MODE = 'STRICT_TRANS_TABLES,ANSI_QUOTES'" );
		// Under ANSI_QUOTES "otherdb" is a name, not a string.
		try {
			$policy->check( 'CREATE TRIGGER `wp_t` BEFORE UPDATE ON `wp_sparse` FOR EACH ROW DELETE FROM "otherdb"."wp_x"' );
			self::fail( 'a quoted database name was read as a string' );
		} catch ( RefusedStatement $refused ) {
			self::assertStringContainsString( 'another database', $refused->kind );
		}
		$policy->check( "SET SESSION SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO'" );
		$policy->check( 'CREATE TRIGGER `wp_t` BEFORE UPDATE ON `wp_sparse` FOR EACH ROW SET NEW.v = "otherdb.wp_x"' );

		$policy->check( "SET SESSION SQL_MODE = 'NO_BACKSLASH_ESCAPES'" );
		$this->expectException( RefusedStatement::class );
		$policy->check( "INSERT INTO `wp_t` (`a`,`b`) VALUES\n('a\\', 'b')" );
	}

	public function testAModeThatChangesTheGrammarIsRefused(): void {
		$this->expectException( RefusedStatement::class );
		( new StatementPolicy( 'wp_' ) )->check( "SET SESSION SQL_MODE = 'ORACLE'" );
	}

	public function testASettingIsOnlyPutBackToWhatWasSaved(): void {
		$policy = new StatementPolicy( 'wp_' );
		$this->expectException( RefusedStatement::class );
		$policy->check( 'SET CHARACTER_SET_CLIENT = @OLD_CHARACTER_SET_CLIENT' );
	}

	public function testBodiesAreCheckedUnderTheNamesTheyWillHave(): void {
		// Restored from wp_ into stg_ beside a production site whose tables stay wp_: a body naming the
		// backup's `wp_posts` will name `stg_posts`, the target's own.
		$site   = new TableNameMap(
			array(
				'wp_posts' => 'stg_posts',
				'wp_v'     => 'stg_v',
			)
		);
		$policy = new StatementPolicy( 'wp_', array(), array( 'wp_posts', 'wp_options', 'wp_ghost' ), $site );
		$policy->check( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_v` AS select `wp_posts`.`ID` AS `ID` from `wp_posts`' );
		$policy->check( 'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_w` AS select `wp_v`.`ID` AS `ID` from `wp_v`' );
		$policy->check( 'CREATE TRIGGER `wp_t` AFTER INSERT ON `wp_posts` FOR EACH ROW UPDATE wp_posts SET ID = ID' );
		$refused = array(
			// A name the backup does not hold keeps it: production's table.
			'CREATE TRIGGER `wp_t` AFTER INSERT ON `wp_posts` FOR EACH ROW UPDATE wp_options SET option_id = 1' => 'CREATE TRIGGER touching a table outside the backup',
			// A view reads only what the backup holds, even a table of the prefix the target has.
			'CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `wp_w` AS select 1 AS `x` from `wp_other`' => 'CREATE VIEW touching a table outside the backup',
		);
		foreach ( $refused as $statement => $kind ) {
			try {
				$policy->check( $statement );
				self::fail( 'let through: ' . $kind );
			} catch ( RefusedStatement $e ) {
				self::assertSame( $kind, $e->kind );
			}
		}
	}

	public function testALargeRowIsCheckedInOnePass(): void {
		$row    = str_repeat( "line \\n with \\' quote and \\\\ backslash; DROP TABLE x; ", 200000 );
		$insert = "INSERT INTO `wp_big` (`id`,`v`) VALUES\n(1,'" . $row . "'),\n(2,'" . $row . "')";
		$start  = microtime( true );
		self::assertSame( StatementKind::Insert, ( new StatementPolicy( 'wp_' ) )->check( $insert )->kind );
		self::assertLessThan( 2.0, microtime( true ) - $start );
		self::assertSame( '1000000', ini_get( 'pcre.backtrack_limit' ), 'the limit is put back' );
	}
}
