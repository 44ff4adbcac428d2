<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Database\ConsistentSnapshot;
use SiteBackups\Engine\Database\DatabaseException;

/**
 * The read view a backup keeps from chunk to chunk: held without a round trip while only plain reads ran
 * on the connection, and begun again whenever a statement may have ended its transaction, so no chunk is
 * ever read outside the view it is counted under.
 */
final class ConsistentSnapshotTest extends DatabaseTestCase
{
	protected function setUp(): void
	{
		parent::setUp();
		$this->runAll($this->db, [
			'CREATE TABLE wp_orders (id int unsigned NOT NULL PRIMARY KEY, total int NOT NULL) ENGINE=InnoDB',
			'INSERT INTO wp_orders VALUES (1, 10)',
		]);
	}

	protected function tearDown(): void
	{
		ConsistentSnapshot::on($this->db)->release();
		parent::tearDown();
	}

	public function testReadsKeepTheViewWithoutAskingTheServer(): void
	{
		$view     = ConsistentSnapshot::on($this->db);
		[$token]  = $view->hold();
		$this->db->fetchAll('SELECT * FROM wp_orders');
		$this->db->fetchAll('SHOW CREATE TABLE wp_orders');

		$idle = $this->statementsAround(static function (): void {
		});
		$held = $this->statementsAround(function () use ($view, $token): void {
			$this->assertSame($token, $view->hold()[0], 'the same view');
		});
		$this->assertSame($idle, $held, 'holding the view sent no statement');

		$this->connect($this->config)->execute('UPDATE wp_orders SET total = 99 WHERE id = 1');
		$this->assertSame('10', $this->db->fetchValue('SELECT total FROM wp_orders WHERE id = 1'), 'still the view of before');
	}

	/** @return iterable<string, array{string}> */
	public static function statementsThatEndTheTransaction(): iterable
	{
		yield 'an implicit commit (DDL)' => ['CREATE TABLE wp_other (id int) ENGINE=InnoDB'];
		yield 'a commit' => ['COMMIT'];
		yield 'a rollback' => ['ROLLBACK'];
	}

	#[DataProvider( 'statementsThatEndTheTransaction' )]
	public function testAStatementThatMayEndTheTransactionBeginsANewView(string $statement): void
	{
		$view    = ConsistentSnapshot::on($this->db);
		[$token] = $view->hold();
		$this->db->execute($statement);
		$this->connect($this->config)->execute('UPDATE wp_orders SET total = 99 WHERE id = 1');

		[$again] = $view->hold();
		$this->assertNotSame($token, $again, 'a new view');
		$this->assertSame('99', $this->db->fetchValue('SELECT total FROM wp_orders WHERE id = 1'), 'which sees the write');
	}

	public function testAStatementThatMayHaveEndedItButDidNotKeepsTheView(): void
	{
		$view    = ConsistentSnapshot::on($this->db);
		[$token] = $view->hold();
		$this->db->execute('SET @sb_marker = 1');
		$this->connect($this->config)->execute('UPDATE wp_orders SET total = 99 WHERE id = 1');

		$this->assertSame($token, $view->hold()[0], 'asked, and still open');
		$this->assertSame('10', $this->db->fetchValue('SELECT total FROM wp_orders WHERE id = 1'));
	}

	public function testAFailedStatementMakesTheViewAskTheServer(): void
	{
		$view    = ConsistentSnapshot::on($this->db);
		[$token] = $view->hold();
		try {
			$this->db->fetchAll('SELECT * FROM wp_missing');
			$this->fail('a query of a missing table fails');
		} catch (DatabaseException) {
			// Expected: it counts as a statement that may have ended the transaction.
		}
		$asked = $this->statementsAround(function () use ($view, $token): void {
			$this->assertSame($token, $view->hold()[0], 'the failed read left the transaction open');
		});
		$idle  = $this->statementsAround(static function (): void {
		});
		$this->assertSame($idle + 1, $asked, 'one question to the server');
	}

	/** How many statements the connection's session counted while $work ran (the counting included). */
	private function statementsAround(\Closure $work): int
	{
		$before = (int) $this->db->fetchRow("SHOW SESSION STATUS LIKE 'Questions'")['Value'];
		$work();
		return (int) $this->db->fetchRow("SHOW SESSION STATUS LIKE 'Questions'")['Value'] - $before;
	}
}
