<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

/**
 * Foreign keys between a site's tables survive a restore: in place (where the live tables hold the
 * same constraint names, unique per database), into another database holding an older copy, into
 * an empty one and under another prefix. Every constraint comes back as SHOW CREATE TABLE wrote it,
 * referencing the restored tables (never the old ones set aside), and it is enforced.
 */
final class ForeignKeysRestoreTest extends SiteTestCase
{
	use RestoresInSlices;

	/** @var array<string, string> */
	private array $creates;
	/** @var array<string, string> */
	private array $checksums;

	protected function setUp(): void
	{
		parent::setUp();
		ForeignKeysFixture::create($this->db, 'wp_');
		$this->creates   = self::createStatements($this->db, ForeignKeysFixture::tables('wp_'));
		$this->checksums = self::checksums($this->db, ForeignKeysFixture::tables('wp_'));
	}

	public function testInPlaceWhereTheLiveTablesHoldTheSameConstraints(): void
	{
		$record = $this->backUpSite();
		$this->runAll($this->db, [
			'DELETE FROM wp_fk_customers WHERE id = 3',
			"UPDATE wp_fk_orders SET total = 0",
			'DELETE FROM wp_fk_a_notes WHERE id = 2',
			"INSERT INTO wp_fk_items VALUES (2, 2, 'new')",
		]);

		$this->restore($record->id, $this->config, 'wp_');

		$this->assertSame($this->creates, self::createStatements($this->db, ForeignKeysFixture::tables('wp_')));
		$this->assertSame($this->checksums, self::checksums($this->db, ForeignKeysFixture::tables('wp_')));
		$this->assertEnforced($this->db, 'wp_');
		$this->assertSame([], $this->leftovers($this->db));
	}

	public function testIntoAnotherDatabaseHoldingAnOlderCopy(): void
	{
		$record = $this->backUpSite();
		$targetConfig = $this->createDatabase();
		$target = $this->connect($targetConfig);
		ForeignKeysFixture::create($target, 'wp_');
		$this->runAll($target, ['DELETE FROM wp_fk_a_notes', 'DELETE FROM wp_fk_orders WHERE id = 4', "UPDATE wp_fk_customers SET email = CONCAT('old-', email)"]);

		$this->restore($record->id, $targetConfig, 'wp_');

		$this->assertSame($this->creates, self::createStatements($target, ForeignKeysFixture::tables('wp_')));
		$this->assertSame($this->checksums, self::checksums($target, ForeignKeysFixture::tables('wp_')));
		$this->assertEnforced($target, 'wp_');
		$this->assertSame([], $this->leftovers($target));
	}

	public function testIntoAnEmptyDatabase(): void
	{
		$record = $this->backUpSite();
		$targetConfig = $this->createDatabase();
		$target = $this->connect($targetConfig);

		$this->restore($record->id, $targetConfig, 'wp_');

		$this->assertSame($this->creates, self::createStatements($target, ForeignKeysFixture::tables('wp_')));
		$this->assertSame($this->checksums, self::checksums($target, ForeignKeysFixture::tables('wp_')));
		$this->assertEnforced($target, 'wp_');
	}

	public function testIntoAnotherPrefix(): void
	{
		$record    = $this->backUpSite();
		$targetConfig = $this->createDatabase();
		$target = $this->connect($targetConfig);
		$reference = $this->connect($this->createDatabase());
		ForeignKeysFixture::create($reference, 'stg_');

		$this->restore($record->id, $targetConfig, 'stg_');

		$tables = ForeignKeysFixture::tables('stg_');
		$this->assertSame(self::createStatements($reference, $tables), self::createStatements($target, $tables));
		$this->assertSame(self::checksums($reference, $tables), self::checksums($target, $tables));
		$this->assertEnforced($target, 'stg_');
	}

	public function testAConstraintNameAnotherSiteHoldsStopsTheRestoreBeforeTheSwitch(): void
	{
		$record = $this->backUpSite();
		$before = self::createStatements($this->db, ForeignKeysFixture::tables('wp_'));

		// `note_item` has no prefix in it: beside the site it came from, under stg_, it is taken.
		$restore = $this->backups()->databaseRestore($record->id, $this->db, 'stg_');
		$restore->prepare();
		try {
			while (!$restore->load(0.05)->complete) {
				// loads
			}
			$this->fail('a constraint name of another site was taken');
		} catch (DatabaseException $e) {
			$this->assertStringContainsString('The foreign key `note_item` of the backup has the name of a constraint of `wp_fk_a_notes`', $e->getMessage());
		}
		$restore->discard();

		$this->assertSame($before, self::createStatements($this->db, ForeignKeysFixture::tables('wp_')));
		$this->assertSame($this->checksums, self::checksums($this->db, ForeignKeysFixture::tables('wp_')));
		$this->assertSame([], $this->leftovers($this->db));
		$this->assertSame('0', $this->db->fetchValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'stg%'"));
	}

	/** Every constraint references the restored tables, and the server enforces them. */
	private function assertEnforced(Connection $db, string $p): void
	{
		$referenced = array_column($db->fetchAll('SELECT DISTINCT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1'), 'REFERENCED_TABLE_NAME');
		$this->assertSame(["{$p}fk_customers", "{$p}fk_items", "{$p}fk_orders"], $referenced);
		$db->execute("DELETE FROM {$p}fk_customers WHERE id = 1");
		$this->assertSame('3', $db->fetchValue("SELECT COUNT(*) FROM {$p}fk_orders WHERE customer_id IS NULL"), 'ON DELETE SET NULL');
		$db->execute("DELETE FROM {$p}fk_orders WHERE id = 3");
		$this->assertSame(['1', '2', '5'], array_column($db->fetchAll("SELECT id FROM {$p}fk_orders ORDER BY id"), 'id'), 'ON DELETE CASCADE on the table itself');
		$this->assertSame('0', $db->fetchValue("SELECT COUNT(*) FROM {$p}fk_items WHERE order_id IN (3, 4)"), 'and on the items');
		try {
			$db->execute("INSERT INTO {$p}fk_a_notes (order_id, line, note) VALUES (1, 9, 'no such item')");
			$this->fail('a note on a missing item was let in');
		} catch (DatabaseException $e) {
			$this->assertStringContainsString('foreign key constraint fails', $e->getMessage());
		}
	}
}
