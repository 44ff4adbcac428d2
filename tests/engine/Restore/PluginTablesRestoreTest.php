<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Tests\Engine\Database\PluginTablesFixture;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

/**
 * The plugins' tables through the whole way: a backup in small chunks over many slices, then a
 * restore in place, into another database and under another prefix. CHECKSUM TABLE and SHOW
 * CREATE TABLE come back equal.
 */
final class PluginTablesRestoreTest extends SiteTestCase
{
	use RestoresInSlices;

	/** @var array<string, string> */
	private array $creates;
	/** @var array<string, string> */
	private array $checksums;

	protected function setUp(): void
	{
		parent::setUp();
		PluginTablesFixture::create($this->db);
		$this->creates   = self::createStatements($this->db, PluginTablesFixture::tables());
		$this->checksums = self::checksums($this->db, PluginTablesFixture::tables());
	}

	public function testInPlaceAndIntoAnotherDatabase(): void
	{
		$record = $this->backUpSite();
		$this->assertSame('complete', $record->meta['status']);
		$this->runAll($this->db, [
			'DELETE FROM wp_actionscheduler_logs WHERE log_id MOD 7 = 0',
			"UPDATE wp_wc_orders SET status = 'wc-refunded' WHERE id = 18446744073709551615",
			"DELETE FROM wp_wfconfig WHERE name LIKE 'é%'",
			"INSERT INTO wp_aria_cache VALUES ('new', NULL, 1)",
			'TRUNCATE wp_myisam_log',
			'DROP TABLE wp_geo_places',
		]);
		$other = $this->createDatabase();

		$this->restore($record->id, $this->config, 'wp_', 0.2);
		$this->assertSame([], $this->leftovers($this->db));
		$this->restore($record->id, $other, 'wp_', 0.2);
		$this->assertSame([], $this->leftovers($this->connect($other)));

		foreach ([$this->db, $this->connect($other)] as $db) {
			$this->assertSame($this->creates, self::createStatements($db, PluginTablesFixture::tables()));
			$this->assertSame($this->checksums, self::checksums($db, PluginTablesFixture::tables()));
		}
	}

	public function testIntoAnotherPrefix(): void
	{
		$record    = $this->backUpSite();
		$target    = $this->createDatabase();
		$reference = $this->connect($this->createDatabase());
		PluginTablesFixture::create($reference, 'stg_');

		$this->restore($record->id, $target, 'stg_', 0.2);
		$this->assertSame([], $this->leftovers($this->connect($target)));

		$tables = PluginTablesFixture::tables('stg_');
		$db     = $this->connect($target);
		$this->assertSame(self::createStatements($reference, $tables), self::createStatements($db, $tables));
		$this->assertSame(self::checksums($reference, $tables), self::checksums($db, $tables));
	}
}
