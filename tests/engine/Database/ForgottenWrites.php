<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\Assert;
use SiteBackups\Engine\Database\Connection;

/**
 * Makes the server forget when tables were last written (UPDATE_TIME NULL), as a restart does,
 * without restarting it: InnoDB keeps the stamp in its table cache only, so the tables are pushed out
 * of it by opening more tables than table_definition_cache holds (FLUSH TABLES alone keeps it). InnoDB
 * trims that cache once a second while the server is idle (every 47 seconds while it is busy), so
 * each round ends with a few quiet seconds.
 */
final class ForgottenWrites {

	/**
	 * @param Connection $db     a connection to the database of $tables
	 * @param Connection $filler a connection to an empty throw-away database, filled with small tables here
	 * @param list<string> $tables InnoDB tables of $db
	 */
	public static function forget( Connection $db, Connection $filler, array $tables ): void {
		$count = (int) $filler->fetchValue( 'SELECT @@table_definition_cache' ) + 150;
		for ( $i = 0; $i < $count; $i++ ) {
			$filler->execute( "CREATE TABLE IF NOT EXISTS f{$i} (id int PRIMARY KEY) ENGINE=InnoDB" );
		}
		$names = implode( ',', array_map( array( $db, 'quote' ), $tables ) );
		for ( $round = 0; $round < 5; $round++ ) {
			$db->execute( 'FLUSH TABLES' );
			for ( $i = 0; $i < $count; $i++ ) {
				$filler->fetchValue( "SELECT COUNT(*) FROM f{$i}" );
			}
			$filler->execute( 'FLUSH TABLES' );
			sleep( 3 );
			$known = $db->fetchValue(
				'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'
				. " AND TABLE_NAME IN ({$names}) AND UPDATE_TIME IS NOT NULL"
			);
			if ( '0' === $known ) {
				return;
			}
		}
		Assert::fail( 'The server kept the UPDATE_TIME of ' . implode( ', ', $tables ) );
	}
}
