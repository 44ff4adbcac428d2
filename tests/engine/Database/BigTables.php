<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\Connection;

/** Larger tables generated server-side (a recursive CTE: no SEQUENCE engine needed). */
final class BigTables {

	public static function integerKeyed( Connection $db, string $table, int $rows, int $bodyBytes = 128 ): void {
		self::allowDeepRecursion( $db );
		$db->execute(
			"CREATE TABLE `{$table}` (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, title varchar(100) NOT NULL,"
			. ' body longtext NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4'
		);
		$repeat = max( 1, intdiv( $bodyBytes, 32 ) );
		$db->execute(
			"INSERT INTO `{$table}` (id, title, body) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {$rows})"
			. " SELECT n, CONCAT('title ', n), REPEAT(MD5(n), {$repeat}) FROM s"
		);
	}

	public static function compositeKeyed( Connection $db, string $table, int $rows ): void {
		self::allowDeepRecursion( $db );
		$db->execute(
			"CREATE TABLE `{$table}` (grp varchar(40) NOT NULL, seq int NOT NULL, payload varchar(255) NOT NULL,"
			. ' PRIMARY KEY (grp, seq)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
		);
		$db->execute(
			"INSERT INTO `{$table}` WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {$rows})"
			. " SELECT CONCAT('group-', LPAD(n MOD 50, 3, '0')), n, REPEAT(SHA1(n), 3) FROM s"
		);
	}

	/** MariaDB stops recursive CTEs after 1000 iterations by default. */
	private static function allowDeepRecursion( Connection $db ): void {
		$db->execute( 'SET SESSION max_recursive_iterations = 100000000' );
	}
}
