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
