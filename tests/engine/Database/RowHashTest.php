<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\FingerprintAccumulator;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\RowHash;
use SiteBackups\Engine\Database\TableSchemaReader;

/**
 * The server's aggregate of the row hash and PHP's fold of the same rows agree (for both kinds, over
 * NULLs, every byte, emoji, a multi-megabyte row), and the CRC kind still tells rows apart that swap a
 * value, which an XOR of bare CRCs cannot.
 */
final class RowHashTest extends DatabaseTestCase
{
	public function testTheServerAndPhpFoldTheSameRowsTheSameWay(): void
	{
		HardCasesFixture::create($this->db);
		BigTables::integerKeyed($this->db, 'wp_posts', 500);
		foreach ([RowHash::named(RowHash::CRC), RowHash::named(RowHash::MD5)] as $hash) {
			foreach (['wp_hard', 'wp_posts', 'wp_sparse'] as $table) {
				$schema      = (new TableSchemaReader($this->db))->read($table);
				$accumulator = new FingerprintAccumulator($hash);
				foreach ($this->db->fetchAll('SELECT ' . $hash->selectExpression($schema) . ' AS h FROM ' . Identifier::quote($table)) as $row) {
					$accumulator->add($row['h']);
				}
				$server = $this->db->fetchRow(
					'SELECT ' . $hash->aggregateExpressions() . ' FROM (SELECT ' . $hash->derivedColumns($schema)
					. ' FROM ' . Identifier::quote($table) . ' LIMIT 18446744073709551615) AS d'
				);
				$this->assertNotNull($server);
				$this->assertNotNull($accumulator->fingerprint(), "$table ($hash->kind)");
				$this->assertSame($hash->fromAggregateRow($server), $accumulator->fingerprint(), "$table ($hash->kind)");
			}
		}
	}

	public function testTheCrcsComputedPieceByPieceAreThoseOfTheRowText(): void
	{
		if (RowHash::of($this->db)->kind !== RowHash::CRC) {
			$this->markTestSkipped('The server has no CRC32C: rows hash with MD5.');
		}
		HardCasesFixture::create($this->db);
		$this->runAll($this->db, [
			'CREATE TABLE wp_charsets (id int NOT NULL PRIMARY KEY, l1 varchar(20) CHARACTER SET latin1 DEFAULT NULL,'
			. ' u3 varchar(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci DEFAULT NULL, asc_ char(5) CHARACTER SET ascii DEFAULT NULL,'
			. ' u2 varchar(20) CHARACTER SET ucs2 DEFAULT NULL, gen varchar(20) COLLATE utf8mb4_general_ci DEFAULT NULL,'
			. ' bin varbinary(20) DEFAULT NULL, pt point DEFAULT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
			"INSERT INTO wp_charsets VALUES (1, 'café ß', 'naïve', 'abc', 'ŝtraße', 'Ünïcode 😀', 0x00ff10, POINT(1.5, -2)),"
			. " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL), (3, '', '', '', '', '', '', POINT(0, 0))",
		]);
		// As wide as what is hashed piece by piece, and wider: the row text itself, with the same values.
		foreach (['wp_widest_piecewise' => 63, 'wp_wide' => 70] as $table => $count) {
			$columns = implode(', ', array_map(static fn (int $i): string => "c{$i} varchar(8) DEFAULT NULL", range(1, $count)));
			$this->db->execute("CREATE TABLE {$table} (id int NOT NULL PRIMARY KEY, {$columns}) ENGINE=InnoDB DEFAULT CHARSET=latin1");
			$this->db->execute("INSERT INTO {$table} (id, c1, c35, c{$count}) VALUES (1, 'é', NULL, 'z'), (2, NULL, '', 'ü')");
		}

		$hash = RowHash::named(RowHash::CRC);
		foreach (['wp_hard', 'wp_charsets', 'wp_widest_piecewise', 'wp_wide'] as $table) {
			$schema = (new TableSchemaReader($this->db))->read($table);
			// The row text as earlier versions hashed it: every value cast to its bytes, framed, in one string.
			$terms = [];
			foreach ($schema->dumpColumns() as $column) {
				$value   = 'CAST(' . $column->selectExpression() . ' AS BINARY)';
				$terms[] = "IFNULL(CONCAT(LENGTH({$value}),':',{$value}),'N')";
			}
			$text     = 'CONCAT(' . implode(',', $terms) . ')';
			$expected = $this->db->fetchAll("SELECT CONCAT(CRC32({$text}),' ',CRC32C({$text})) AS h FROM `{$table}` ORDER BY id");
			$actual   = $this->db->fetchAll('SELECT ' . $hash->selectExpression($schema) . " AS h FROM `{$table}` ORDER BY id");
			$this->assertNotEmpty($expected, $table);
			$this->assertSame($expected, $actual, $table);
		}
	}

	public function testTheServerGivesTheCrcKindOnMariaDb108AndLater(): void
	{
		$version = (string) $this->db->fetchValue('SELECT VERSION()');
		$crc     = stripos($version, 'mariadb') !== false && version_compare((string) preg_replace('/-.*\z/', '', $version), '10.8.0', '>=');
		$this->assertSame($crc ? RowHash::CRC : RowHash::MD5, RowHash::of($this->db)->kind);
	}

	public function testTwoRowsSwappingAValueChangeTheFingerprint(): void
	{
		$this->runAll($this->db, [
			'CREATE TABLE wp_swap (id int NOT NULL PRIMARY KEY, v varchar(10) NOT NULL)',
			"INSERT INTO wp_swap VALUES (1, 'aaaa'), (2, 'bbbb')",
		]);
		$hash   = RowHash::named(RowHash::CRC);
		$schema = (new TableSchemaReader($this->db))->read('wp_swap');
		$query  = 'SELECT ' . $hash->aggregateExpressions() . ', BIT_XOR((a << 32) | b) AS bare FROM (SELECT '
			. $hash->derivedColumns($schema) . ' FROM wp_swap LIMIT 18446744073709551615) AS d';
		$before = $this->db->fetchRow($query);
		// Both rows change the same byte the same way: the CRCs' differences are equal and cancel out.
		$this->db->execute("UPDATE wp_swap SET v = IF(id = 1, 'aaba', 'bbab')");
		$after = $this->db->fetchRow($query);

		$this->assertNotNull($before);
		$this->assertNotNull($after);
		$this->assertSame($before['bare'], $after['bare'], 'an XOR of bare CRCs misses it');
		$this->assertNotSame($hash->fromAggregateRow($before), $hash->fromAggregateRow($after));
	}
}
